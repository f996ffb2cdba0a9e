#include "report/timeline.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/svg_chart.h"

namespace grade::report {

namespace {

TimelineRow row_of(const run::Task& task, double axis_end) {
  TimelineRow row;
  row.task = &task;
  row.start = std::isfinite(task.start_seconds) ? std::max(0.0, task.start_seconds) : 0.0;
  row.end_seen = task.end_seconds.has_value() && std::isfinite(*task.end_seconds);
  row.end = std::max(row.start, row.end_seen ? *task.end_seconds : axis_end);
  if (task.cpu_seconds && std::isfinite(*task.cpu_seconds)) {
    const double duration = row.end - row.start;
    row.cpu_share = duration > 0 ? std::clamp(*task.cpu_seconds / duration, 0.0, 1.0) : 0.0;
  }
  return row;
}

double latest_time(const std::vector<run::Task>& tasks, double run_seconds) {
  double latest = std::isfinite(run_seconds) ? std::max(0.0, run_seconds) : 0.0;
  for (const run::Task& task : tasks) {
    latest = std::max(latest, task.start_seconds);
    if (task.end_seconds && std::isfinite(*task.end_seconds)) {
      latest = std::max(latest, *task.end_seconds);
    }
  }
  return latest;
}

}  // namespace

Timeline layout_timeline(const std::vector<run::Task>& tasks, double run_seconds) {
  Timeline timeline;
  const double latest = latest_time(tasks, run_seconds);
  timeline.ticks = axis_ticks(latest > 0 ? latest : 1.0);
  const auto add = [&](const run::Task& task) {
    if (timeline.rows.size() < Timeline::kMaxRows) {
      timeline.rows.push_back(row_of(task, latest));
    } else {
      ++timeline.not_drawn;
    }
  };
  for (const run::Task& process : tasks) {
    if (process.kind != run::Task::Kind::kProcess) {
      continue;
    }
    add(process);
    for (const run::Task& thread : tasks) {
      if (thread.kind == run::Task::Kind::kThread && thread.pid == process.pid) {
        add(thread);
      }
    }
  }
  // Threads whose process is not listed (beyond the observation's cap) still get a row.
  for (const run::Task& thread : tasks) {
    if (thread.kind == run::Task::Kind::kThread && thread.pid != 0 &&
        std::none_of(tasks.begin(), tasks.end(), [&](const run::Task& t) {
          return t.kind == run::Task::Kind::kProcess && t.pid == thread.pid;
        })) {
      add(thread);
    }
  }
  return timeline;
}

double timeline_x(const Timeline& timeline, const TimelineGeometry& geometry, double seconds) {
  return geometry.label_width + geometry.plot_width * seconds / timeline.span();
}

double share_opacity(std::optional<double> cpu_share) {
  return cpu_share ? 0.15 + 0.85 * std::clamp(*cpu_share, 0.0, 1.0) : 0.15;
}

namespace {

std::string row_label(const run::Task& task) {
  const std::string name = task.name.empty() ? "?" : task.name;
  if (task.kind == run::Task::Kind::kThread) {
    return fmt::format("thread {} {}", task.tid, name);
  }
  return fmt::format("process {} {}", task.pid, name);
}

std::string cpu_note(const TimelineRow& row) {
  if (!row.task->cpu_seconds) {
    return "CPU ?";
  }
  return fmt::format("CPU {} ({:.0f}%)", format_seconds(*row.task->cpu_seconds),
                     100 * row.cpu_share.value_or(0));
}

std::string tooltip(const TimelineRow& row) {
  const run::Task& t = *row.task;
  return fmt::format("{} {}{}: {} to {}{}, {}; parent {}{}",
                     t.kind == run::Task::Kind::kThread ? "thread" : "process", t.tid,
                     t.name.empty() ? "" : " " + t.name, format_seconds(row.start),
                     format_seconds(row.end), row.end_seen ? "" : " (end not seen)", cpu_note(row),
                     t.parent_pid, t.command_line.empty() ? "" : "; " + t.command_line);
}

void write_axis(HtmlWriter& html, const Timeline& timeline, const TimelineGeometry& g,
                double axis_y) {
  for (const double tick : timeline.ticks) {
    const std::string x = svg_number(timeline_x(timeline, g, tick));
    html.empty("line", {{"class", "grid"},
                        {"x1", x},
                        {"y1", svg_number(g.top)},
                        {"x2", x},
                        {"y2", svg_number(axis_y)}});
    html.element("text", {{"x", x}, {"y", svg_number(axis_y + 16)}, {"text-anchor", "middle"}},
                 tick_label(tick) + " s");
  }
  html.empty("line", {{"class", "axis"},
                      {"x1", svg_number(g.label_width)},
                      {"y1", svg_number(axis_y)},
                      {"x2", svg_number(g.label_width + g.plot_width)},
                      {"y2", svg_number(axis_y)}});
}

void write_row(HtmlWriter& html, const Timeline& timeline, const TimelineGeometry& g,
               const TimelineRow& row, double y) {
  const bool thread = row.task->kind == run::Task::Kind::kThread;
  const double x = timeline_x(timeline, g, row.start);
  const double width = std::max(1.0, timeline_x(timeline, g, row.end) - x);
  const double text_y = y + g.row_height * 0.7;
  html.element("text", {{"x", thread ? "14" : "2"}, {"y", svg_number(text_y)}},
               row_label(*row.task));
  html.open("rect", {{"class", thread ? "task-bar thread-bar" : "task-bar process-bar"},
                     {"x", svg_number(x)},
                     {"y", svg_number(y + 3)},
                     {"width", svg_number(width)},
                     {"height", svg_number(g.row_height - 6)},
                     {"fill-opacity", svg_number(share_opacity(row.cpu_share))}});
  html.element("title", {}, tooltip(row));
  html.close();
  html.element("text",
               {{"x", svg_number(g.label_width + g.plot_width + 6)}, {"y", svg_number(text_y)}},
               cpu_note(row));
}

}  // namespace

void write_timeline(HtmlWriter& html, const Timeline& timeline, const TimelineGeometry& g) {
  const double axis_y = g.top + g.row_height * static_cast<double>(timeline.rows.size());
  const double height = axis_y + g.axis_height;
  html.open("svg",
            {{"xmlns", "http://www.w3.org/2000/svg"},
             {"class", "timeline"},
             {"width", svg_number(g.width())},
             {"height", svg_number(height)},
             {"viewBox", fmt::format("0 0 {} {}", svg_number(g.width()), svg_number(height))},
             {"role", "img"},
             {"aria-label", "timeline of the processes and threads of the run"}});
  write_axis(html, timeline, g, axis_y);
  for (std::size_t i = 0; i < timeline.rows.size(); ++i) {
    write_row(html, timeline, g, timeline.rows[i], g.top + g.row_height * static_cast<double>(i));
  }
  html.close();
}

}  // namespace grade::report

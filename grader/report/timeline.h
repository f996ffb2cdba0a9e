// The timeline of one run: a row per process and thread the run created, each thread under its
// process, a bar from the task's start to its end, shaded by the share of that time it spent
// on a CPU, over a time axis. For the course's lesson: threads of one Python process take
// turns (their shares add up to about one core), processes run side by side.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "report/html_writer.h"
#include "run/observation.h"

namespace grade::report {

struct TimelineRow {
  const run::Task* task = nullptr;
  double start = 0;  // seconds since the run started
  double end = 0;    // its end, or the end of the axis when its end was not seen
  bool end_seen = false;
  // cpu_seconds / (end - start), within 0..1; unset when the CPU time was not read.
  std::optional<double> cpu_share;
};

struct TimelineGeometry {
  double label_width = 210;  // the task's name and id
  double plot_width = 460;   // the bars
  double note_width = 150;   // its CPU time
  double row_height = 20;
  double top = 8;
  double axis_height = 28;

  double width() const { return label_width + plot_width + note_width; }
};

struct Timeline {
  std::vector<TimelineRow> rows;  // processes in order of creation, each followed by its threads
  std::vector<double> ticks;      // seconds; the last one is the axis' end
  std::size_t not_drawn = 0;      // tasks beyond the cap
  static constexpr std::size_t kMaxRows = 200;

  double span() const { return ticks.empty() ? 1.0 : ticks.back(); }
};

// The rows of `tasks` (pointers into it: it must outlive the result). `run_seconds`: the run's
// wall time, where a task whose end was not seen ends.
Timeline layout_timeline(const std::vector<run::Task>& tasks, double run_seconds);

// The x coordinate of time `seconds` on the plot.
double timeline_x(const Timeline& timeline, const TimelineGeometry& geometry, double seconds);

// <svg class="timeline"> with a rect.task-bar per row (.process-bar or .thread-bar), its fill
// opacity the CPU share, a <title> with the details, and the time axis.
void write_timeline(HtmlWriter& html, const Timeline& timeline,
                    const TimelineGeometry& geometry = {});

// A bar's fill opacity for a CPU share: never invisible, full at one whole core.
double share_opacity(std::optional<double> cpu_share);

}  // namespace grade::report

#include "report/html_attempt.h"

#include <fmt/format.h>

#include "report/safe_text.h"
#include "report/timeline.h"
#include "run/verdict.h"
#include "util/text.h"

namespace grade::report {

namespace {

// Excerpts: a screenful of each stream is enough to see what went wrong.
constexpr std::size_t kExcerptLines = 40;

RunDetails run_details(const check::RunRecord& run) {
  RunDetails details;
  details.index = run.index;
  details.passed = run.passed;
  details.verdict = run::verdict_name(run.verdict);
  details.wall_seconds = run.result.wall_seconds;
  details.stdout_text = run.result.out.data;
  details.stderr_text = run.result.err.data;
  details.observed = run.result.observed.observed();
  details.not_observed_reason = run.result.observed.reason;
  details.tasks = run.result.observed.tasks;
  return details;
}

void write_checks(HtmlWriter& html, const std::vector<check::CheckResult>& checks) {
  if (checks.empty()) {
    return;
  }
  html.open("table", {{"class", "checks"}});
  html.open("thead").open("tr");
  for (const char* heading : {"status", "check", "points", "message"}) {
    html.element("th", {}, heading);
  }
  html.close().close().open("tbody");
  for (const check::CheckResult& c : checks) {
    const std::string status(check::to_string(c.status));
    html.open("tr", {{"class", "check-row"}});
    html.element("td", {{"class", status}}, status);
    html.open("td").element("code", {}, c.id);
    if (!c.title.empty()) {
      html.text(" " + c.title);
    }
    html.close();
    html.element("td", {{"class", "num"}}, fmt::format("{}/{}", c.points, c.max_points));
    html.element("td", {}, c.message);
    html.close();
  }
  html.close().close();
}

void write_excerpt(HtmlWriter& html, std::string_view name, std::string_view output,
                   ExcerptEnd end) {
  if (output.empty()) {
    return;
  }
  const Excerpt excerpt = make_excerpt(output, end, kExcerptLines);
  std::string shown = text::join(excerpt.lines, "\n");
  if (excerpt.omitted > 0) {
    const std::string note = fmt::format("[{} more lines]", excerpt.omitted);
    shown = end == ExcerptEnd::kHead ? shown + "\n" + note : note + "\n" + shown;
  }
  html.element("h5", {}, name);
  html.element("pre", {{"class", "output"}}, shown);
}

std::string run_heading(const RunDetails& run) {
  return fmt::format("Run {}: {} ({}), {}", run.index, run.passed ? "passed" : "failed",
                     run.verdict, format_seconds(run.wall_seconds));
}

// A run not shown in full: one line.
void write_run_line(HtmlWriter& html, const RunDetails& run) {
  html.element("p", {{"class", "run-line"}},
               run_heading(run) + (run.observed ? "; " + describe_tasks(run.tasks) : ""));
}

void write_run(HtmlWriter& html, const RunDetails& run) {
  html.open("details", {{"class", "run"}, {"open", ""}});
  html.element("summary", {}, run_heading(run));
  write_excerpt(html, "stdout (first lines)", run.stdout_text, ExcerptEnd::kHead);
  write_excerpt(html, "stderr (last lines)", run.stderr_text, ExcerptEnd::kTail);
  if (!run.observed) {
    html.element("p", {{"class", "muted"}},
                 "Processes and threads were not observed: " + run.not_observed_reason);
  } else {
    html.element("p", {}, describe_tasks(run.tasks) + ":");
    const Timeline timeline = layout_timeline(run.tasks, run.wall_seconds);
    write_timeline(html, timeline);
    if (timeline.not_drawn > 0) {
      html.element(
          "p", {{"class", "muted"}},
          fmt::format("{} more not drawn.",
                      text::plural(static_cast<long long>(timeline.not_drawn), "task", "tasks")));
    }
  }
  html.close();
}

}  // namespace

AttemptDetails details_of(const check::GradeResult& result, View view) {
  const check::GradeResult shown = apply_view(result, view);
  AttemptDetails details;
  details.anchor = "attempt";
  details.exercise = shown.exercise_id;
  details.exercise_title = shown.exercise_title;
  details.submission = shown.submission.path;
  details.status = check::to_string(shown.status);
  details.score = shown.score;
  details.max_score = shown.max_score;
  details.error = shown.error;
  details.checks = shown.checks;
  for (const check::RunRecord& run : shown.runs) {
    details.runs.push_back(run_details(run));
  }
  return details;
}

std::string describe_tasks(const std::vector<run::Task>& tasks) {
  long long processes = 0;
  long long threads = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i].kind == run::Task::Kind::kThread) {
      ++threads;
    } else if (i > 0) {
      ++processes;
    }
  }
  return fmt::format("{} and {} created", text::plural(processes, "process", "processes"),
                     text::plural(threads, "thread", "threads"));
}

int deciding_run_index(const AttemptDetails& attempt) {
  for (std::size_t i = 0; i < attempt.runs.size(); ++i) {
    if (!attempt.runs[i].passed) {
      return static_cast<int>(i);
    }
  }
  return static_cast<int>(attempt.runs.size()) - 1;
}

void write_attempt_details(HtmlWriter& html, const AttemptDetails& a, RunsShown shown) {
  html.open("section", {{"class", "attempt"}, {"id", a.anchor}});
  const std::string who = a.student.empty() ? a.submission : a.student;
  html.element("h3", {}, fmt::format("{} — {}", who, a.exercise));
  html.open("p");
  html.element("span", {{"class", a.status}}, a.status);
  html.text(fmt::format(", score {}/{}", a.score, a.max_score));
  if (!a.submission.empty() && !a.student.empty()) {
    html.text(", file " + a.submission);
  }
  html.close();
  if (!a.error.empty()) {
    html.element("pre", {{"class", "error"}}, a.error);
  }
  write_checks(html, a.checks);
  const int deciding = deciding_run_index(a);
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    if (shown == RunsShown::kEvery || static_cast<int>(i) == deciding) {
      write_run(html, a.runs[i]);
    } else {
      write_run_line(html, a.runs[i]);
    }
  }
  html.close();
}

void write_run_page(std::ostream& out, const check::GradeResult& result, View view) {
  const AttemptDetails details = details_of(result, view);
  HtmlWriter html(out);
  open_page(html, fmt::format("{}: {}", details.exercise, details.submission));
  html.element("h1", {}, fmt::format("{} {}", details.exercise, details.exercise_title));
  html.element("p", {{"class", "muted"}},
               "Each run's processes and threads: a bar from start to end, darker the more of "
               "that time it spent on a CPU. Threads of one Python process take turns on one "
               "core; processes run side by side.");
  write_attempt_details(html, details);
}

}  // namespace grade::report

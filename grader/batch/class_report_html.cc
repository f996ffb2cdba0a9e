// The class report's page (batch/class_report.h): overview, a section per exercise, the
// student table and every attempt's details, all in one file.
#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "batch/class_report.h"
#include "report/html_writer.h"
#include "report/svg_chart.h"

namespace grade::batch {

namespace {

using report::HtmlWriter;

constexpr std::string_view kFlakyDefinition =
    "Flaky: the attempt's repeated runs disagreed (some passed, some failed), or the same "
    "submission content under the same spec was graded differently in another attempt.";

std::string percent(double fraction) { return fmt::format("{:.0f}%", 100 * fraction); }

void header_row(HtmlWriter& html, std::initializer_list<std::string_view> headings) {
  html.open("thead").open("tr");
  for (const std::string_view heading : headings) {
    html.element("th", {}, heading);
  }
  html.close().close();
}

report::Histogram score_histogram(const ExerciseSummary& s) {
  report::Histogram h;
  h.label = fmt::format("scores of {}", s.exercise);
  h.counts = s.histogram;
  for (int i = 0; i < 10; ++i) {
    h.bins.push_back(fmt::format("{}–{}% of the points", 10 * i, 10 * (i + 1)));
    h.labels.push_back(std::to_string(10 * i));
  }
  return h;
}

void write_overview(HtmlWriter& html, const ClassReport& r) {
  html.open("table", {{"class", "overview sortable"}});
  header_row(html, {"exercise", "graded", "passed", "pass rate", "mean", "median", "missing",
                    "errors", "not attempted", "flaky"});
  html.open("tbody");
  for (std::size_t i = 0; i < r.exercises.size(); ++i) {
    const ExerciseReport& e = r.exercises[i];
    const ExerciseSummary& s = e.summary;
    html.open("tr").open("td");
    html.element("a", {{"href", fmt::format("#exercise-{}", i + 1)}}, s.exercise).close();
    for (const std::string& cell :
         {std::to_string(s.graded), std::to_string(s.passed), percent(s.pass_rate),
          fmt::format("{:.1f}/{}", s.mean_score, s.max_score),
          fmt::format("{:.1f}", s.median_score), std::to_string(s.missing),
          std::to_string(s.errors), std::to_string(s.not_attempted), std::to_string(e.flaky)}) {
      html.element("td", {{"class", "num"}}, cell);
    }
    html.close();
  }
  html.close().close();
}

void write_most_failed(HtmlWriter& html, const ExerciseReport& e) {
  html.element("h3", {}, "Most failed checks");
  if (e.most_failed.empty()) {
    html.element("p", {{"class", "muted"}}, "No check failed.");
    return;
  }
  html.open("table", {{"class", "most-failed"}});
  header_row(html, {"check", "failed in", "example message"});
  html.open("tbody");
  for (const FailedCheckExample& f : e.most_failed) {
    html.open("tr").open("td").element("code", {}, f.check_id);
    html.text(f.title.empty() ? "" : " " + f.title).close();
    html.element("td", {{"class", "num"}}, std::to_string(f.count));
    html.element("td", {}, f.example).close();
  }
  html.close().close();
}

void write_flaky_list(HtmlWriter& html, const ClassReport& r, const ExerciseReport& e) {
  html.element("h3", {}, "Flaky submissions");
  html.element("p", {{"class", "muted"}}, kFlakyDefinition);
  html.open("ul", {{"class", "flaky-list"}});
  for (const StudentRow& row : r.rows) {
    if (row.attempt.exercise == e.summary.exercise && row.flaky.any()) {
      html.open("li").element("a", {{"href", "#attempt-" + row.attempt.attempt_id}},
                              row.attempt.student);
      html.text(": " + row.flaky.describe()).close();
    }
  }
  if (e.flaky == 0) {
    html.element("li", {{"class", "muted"}}, "none");
  }
  html.close();
}

void write_exercise(HtmlWriter& html, const ClassReport& r, std::size_t i) {
  const ExerciseReport& e = r.exercises[i];
  const ExerciseSummary& s = e.summary;
  html.open("section", {{"class", "exercise"}, {"id", fmt::format("exercise-{}", i + 1)}});
  html.element("h2", {}, s.exercise);
  html.element("p", {},
               fmt::format("Pass rate {} ({} of {} graded); mean score {:.1f} of {}.",
                           percent(s.pass_rate), s.passed, s.graded, s.mean_score, s.max_score));
  html.open("div", {{"class", "charts"}});
  html.open("figure").element("figcaption", {}, "Scores (% of the points)");
  report::write_histogram(html, score_histogram(s));
  html.close().open("figure").element("figcaption", {}, "Run times (wall seconds per run)");
  report::write_histogram(html, run_time_histogram(e.run_seconds));
  html.close().close();
  write_most_failed(html, e);
  write_flaky_list(html, r, e);
  html.close();
}

void write_student_table(HtmlWriter& html, const ClassReport& r) {
  html.element("h2", {{"id", "students"}}, "Students");
  html.element("p", {{"class", "muted"}}, "Click a heading to sort by its column.");
  html.open("table", {{"class", "students sortable"}});
  header_row(html,
             {"student", "exercise", "status", "score", "runs passed", "time", "flaky", "details"});
  html.open("tbody");
  for (const StudentRow& row : r.rows) {
    const Attempt& a = row.attempt;
    html.open("tr", {{"class", "student-row"}});
    html.element("td", {}, a.student).element("td", {}, a.exercise);
    html.element("td", {{"class", std::string(to_string(a.status))}}, to_string(a.status));
    html.element("td", {{"class", "num"}}, fmt::format("{}/{}", a.score, a.max_score));
    html.element("td", {{"class", "num"}}, fmt::format("{}/{}", row.runs_passed, row.runs));
    html.element("td", {{"class", "num"}, {"data-sort", fmt::format("{:.6f}", a.seconds)}},
                 a.status == AttemptStatus::kMissing ? "" : report::format_seconds(a.seconds));
    html.element("td", {{"class", "flaky"}}, row.flaky.describe());
    html.open("td");
    if (row.has_details) {
      html.element("a", {{"href", "#attempt-" + a.attempt_id}}, "details");
    }
    html.close().close();
  }
  html.close().close();
}

}  // namespace

report::Histogram run_time_histogram(const std::vector<double>& seconds) {
  report::Histogram h;
  h.label = "run times";
  h.unit = "runs";
  // A document's times are finite and not negative; anything else is left out, not binned.
  std::vector<double> times;
  std::copy_if(seconds.begin(), seconds.end(), std::back_inserter(times),
               [](double s) { return std::isfinite(s) && s >= 0; });
  const double longest =
      times.empty() ? 1.0 : std::max(0.01, *std::max_element(times.begin(), times.end()));
  const std::vector<double> ticks = report::axis_ticks(longest, 10);
  const double width = ticks.size() > 1 ? ticks[1] : longest / 10;
  h.counts.assign(std::max<std::size_t>(1, ticks.size() - 1), 0);
  for (const double s : times) {
    const auto bin = static_cast<std::size_t>(s / width);
    ++h.counts[std::min(bin, h.counts.size() - 1)];
  }
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    const double low = width * static_cast<double>(i);
    h.bins.push_back(
        fmt::format("{}–{} s", report::tick_label(low), report::tick_label(low + width)));
    h.labels.push_back(report::tick_label(low));
  }
  return h;
}

void write_class_report(std::ostream& out, const ClassReport& r) {
  HtmlWriter html(out);
  report::open_page(html, "Class report: " + r.course_id);
  html.element("h1", {}, "Class report: " + r.course_id);
  html.element("p", {{"class", "muted"}},
               fmt::format("{} students; current attempts of {}.", r.students, r.gradebook));
  write_overview(html, r);
  for (std::size_t i = 0; i < r.exercises.size(); ++i) {
    write_exercise(html, r, i);
  }
  write_student_table(html, r);
  html.element("h2", {{"id", "attempts"}}, "Attempts");
  for (const report::AttemptDetails& details : r.details) {
    report::write_attempt_details(html, details, report::RunsShown::kDeciding);
  }
  report::write_sort_script(html);
}

}  // namespace grade::batch

#include "batch/summary_table.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/safe_text.h"

namespace grade::batch {

namespace {

// One character per histogram bin, its height relative to the fullest bin; an empty bin is
// a dot, so that "none" and "a few" never look alike.
std::string sparkline(const std::vector<int>& bins) {
  static const char* const kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const int most = bins.empty() ? 0 : *std::max_element(bins.begin(), bins.end());
  std::string line;
  for (int count : bins) {
    if (count == 0 || most == 0) {
      line += "·";
      continue;
    }
    const int level = std::clamp((count * 8 + most - 1) / most - 1, 0, 7);
    line += kBars[level];
  }
  return line;
}

std::string percent(double share) { return fmt::format("{:.0f}%", share * 100.0); }

}  // namespace

void write_summary(std::ostream& out, const BatchSummary& summary, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  fmt::print(out, "{}Summary of {} student(s){}\n", bold, summary.students, reset);
  fmt::print(out, "{:<10} {:>6} {:>6} {:>9} {:>7} {:>7} {:>5} {:>7} {:>6}  {}\n", "exercise",
             "graded", "passed", "pass rate", "mean", "median", "max", "missing", "errors",
             "scores 0% → 100%");
  for (const ExerciseSummary& e : summary.exercises) {
    std::string counts;
    for (std::size_t i = 0; i < e.histogram.size(); ++i) {
      counts += (i == 0 ? "" : " ") + std::to_string(e.histogram[i]);
    }
    fmt::print(out, "{:<10} {:>6} {:>6} {:>9} {:>7.1f} {:>7.1f} {:>5} {:>7} {:>6}  {}  ({})\n",
               report::one_line(e.exercise), e.graded, e.passed,
               e.graded > 0 ? percent(e.pass_rate) : "-", e.mean_score, e.median_score, e.max_score,
               e.missing, e.errors, sparkline(e.histogram), counts);
  }
  if (summary.most_failed.empty()) {
    return;
  }
  fmt::print(out, "\n{}Checks failed most often{}\n", bold, reset);
  // The gradebook may hold merged shards from elsewhere: what it says is shown escaped.
  for (const FailedCheck& c : summary.most_failed) {
    fmt::print(out, "{:>6}  {:<6} {:<28} {}\n", c.count, report::one_line(c.exercise),
               report::one_line(c.check_id), report::one_line(c.title));
  }
}

}  // namespace grade::batch

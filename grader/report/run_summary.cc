#include "report/run_summary.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/safe_text.h"

namespace grade::report {

const check::RunRecord* deciding_run(const check::GradeResult& result) {
  for (const check::RunRecord& run : result.runs) {
    if (!run.passed) {
      return &run;
    }
  }
  return result.runs.empty() ? nullptr : &result.runs.back();
}

std::string describe_run_end(const run::RunResult& run) {
  // The spawn error may quote the student's file names, so it is made safe for one line.
  return one_line(run::describe_end(run));
}

std::string summarize_runs(const check::GradeResult& result) {
  const check::RunRecord* decider = deciding_run(result);
  if (decider == nullptr) {
    return "";
  }
  const int made = static_cast<int>(result.runs.size());
  const int asked = std::max(result.repeat, made);  // guards a result that ran more than asked
  std::string summary;
  if (decider->passed) {
    summary = fmt::format("{} of {} {} passed", made, asked, asked == 1 ? "run" : "runs");
    if (made < asked) {
      summary += "; later runs were not made";
    }
    return summary;
  }
  const int index = decider->index;
  summary = fmt::format("run {} of {} failed", index, asked);
  if (index == 2) {
    summary += "; run 1 passed";
  } else if (index > 2) {
    summary += fmt::format("; runs 1-{} passed", index - 1);
  }
  if (index < asked) {
    summary += "; later runs were not made";
  }
  return summary;
}

}  // namespace grade::report

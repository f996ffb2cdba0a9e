#include "report/view.h"

#include <utility>

namespace grade::report {

namespace {

void redact(std::vector<check::CheckResult>& checks) {
  for (check::CheckResult& c : checks) {
    if (c.hidden) {
      c.title = kHiddenTitle;
      c.message.clear();
      c.hint.clear();
    }
  }
}

}  // namespace

std::string_view view_name(View view) {
  return view == View::kInstructor ? "instructor" : "student";
}

std::optional<View> parse_view(std::string_view s) {
  for (const View view : {View::kStudent, View::kInstructor}) {
    if (s == view_name(view)) {
      return view;
    }
  }
  return std::nullopt;
}

check::GradeResult student_view(check::GradeResult result) {
  redact(result.checks);
  for (check::RunRecord& run : result.runs) {
    redact(run.checks);
  }
  return result;
}

check::GradeResult apply_view(check::GradeResult result, View view) {
  return view == View::kStudent ? student_view(std::move(result)) : result;
}

HiddenTally tally_hidden(const std::vector<check::CheckResult>& checks) {
  HiddenTally tally;
  for (const check::CheckResult& c : checks) {
    if (!c.hidden) {
      continue;
    }
    ++tally.checks;
    tally.points += c.points;
    tally.max_points += c.max_points;
    switch (c.status) {
      case check::CheckStatus::kPass:
        ++tally.passed;
        break;
      case check::CheckStatus::kFail:
        ++tally.failed;
        break;
      case check::CheckStatus::kSkip:
        ++tally.skipped;
        break;
    }
  }
  return tally;
}

}  // namespace grade::report

#include "batch/flaky.h"

#include <algorithm>

namespace grade::batch {

std::string Flakiness::describe() const {
  std::string text = runs_disagreed ? "runs disagreed" : "";
  if (graded_differently) {
    text += text.empty() ? "graded differently" : "; graded differently";
  }
  return text;
}

bool runs_disagreed(const std::vector<report::RunDetails>& runs) {
  const auto passed = [](const report::RunDetails& run) { return run.passed; };
  return std::any_of(runs.begin(), runs.end(), passed) &&
         !std::all_of(runs.begin(), runs.end(), passed);
}

namespace {

bool is_grade(const Attempt& a) {
  return a.status == AttemptStatus::kPassed || a.status == AttemptStatus::kFailed;
}

}  // namespace

bool graded_differently(const Attempt& current, const std::vector<Attempt>& history) {
  if (!is_grade(current) || current.content_sha256.empty()) {
    return false;
  }
  return std::any_of(history.begin(), history.end(), [&current](const Attempt& other) {
    return other.attempt_id != current.attempt_id && is_grade(other) &&
           other.content_sha256 == current.content_sha256 &&
           other.spec_sha256 == current.spec_sha256 &&
           (other.status != current.status || other.score != current.score);
  });
}

}  // namespace grade::batch

#include "spec/scoring.h"

#include <fmt/format.h>

namespace grade::spec {

Scoring ScoringOverrides::apply_to(Scoring base, RuleOrigin origin) const {
  for (std::size_t i = 0; i < credits.size(); ++i) {
    if (credits[i]) {
      base.rules[i] = {*credits[i], origin};
    }
  }
  return base;
}

// These words are the spec's keys and part of the JSON contract (docs/result.schema.json).
std::string_view scoring_key(FailureKind failure) {
  switch (failure) {
    case FailureKind::kLimit:
      return "limit";
    case FailureKind::kAbnormalEnd:
      return "abnormal_end";
    case FailureKind::kNoExpectedOutput:
      return "no_expected_output";
    case FailureKind::kFailed:
      return "failed";
  }
  return "failed";  // unreachable with a valid enum value
}

std::string_view credit_name(Credit credit) { return credit == Credit::kZero ? "zero" : "partial"; }

std::vector<std::string> describe(const Scoring& scoring) {
  std::vector<std::string> lines;
  for (const FailureKind failure : kFailureKinds) {
    const std::string_view when = [failure] {
      switch (failure) {
        case FailureKind::kLimit:
          return "a run stopped by a limit (time, memory, output, processes)";
        case FailureKind::kAbnormalEnd:
          return "a program that crashes or ends with a non-zero exit status";
        case FailureKind::kNoExpectedOutput:
          return "a program that prints none of the lines asked for";
        case FailureKind::kFailed:
          break;
      }
      return "any other failure";
    }();
    const ScoringRule& rule = scoring.rule(failure);
    lines.push_back(fmt::format(
        "{}: {}{}", when,
        rule.credit == Credit::kZero ? "0 points" : "the points of the checks that passed",
        rule.origin == RuleOrigin::kExercise ? " (this exercise's own rule)" : ""));
  }
  return lines;
}

}  // namespace grade::spec

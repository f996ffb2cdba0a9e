// The scoring policy: what a failed grading earns. A passed grading has full marks and a
// grading in error none, whatever the policy; between the two, course.yaml's `scoring` says, for
// each kind of failure, whether the points of the checks that passed are kept (partial credit)
// or the score is 0. An exercise spec may override any of its keys.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grade::spec {

// What a failed grading of one kind earns.
enum class Credit {
  kPartial,  // the points of the checks it passed
  kZero,
};

// The kinds of failed grading a policy tells apart, in the order they are tried: the first that
// fits decides the score (a run stopped by the time limit also ended by a signal, but "stopped
// by a limit" is what a student must hear).
enum class FailureKind {
  kLimit,             // a run was stopped by a limit: time, CPU time, memory, output, tasks...
  kAbnormalEnd,       // the program did not finish normally: a non-zero exit status, a signal
  kNoExpectedOutput,  // it printed none of the lines the exercise looks for (an untouched template)
  kFailed,            // any other failed grading
};
inline constexpr std::array<FailureKind, 4> kFailureKinds = {
    FailureKind::kLimit, FailureKind::kAbnormalEnd, FailureKind::kNoExpectedOutput,
    FailureKind::kFailed};

// Where a rule was written, for the sentence that explains a score ("this exercise gives...").
enum class RuleOrigin { kCourse, kExercise };

struct ScoringRule {
  Credit credit = Credit::kPartial;
  RuleOrigin origin = RuleOrigin::kCourse;
};

// The policy in force for one exercise. Unset keys are partial credit, as before the policy
// existed: a course that does not write `scoring` scores as it always did.
struct Scoring {
  std::array<ScoringRule, kFailureKinds.size()> rules{};

  const ScoringRule& rule(FailureKind failure) const {
    return rules[static_cast<std::size_t>(failure)];
  }
};

// The keys one file sets: course.yaml's over the defaults, an exercise's over the course's.
struct ScoringOverrides {
  std::array<std::optional<Credit>, kFailureKinds.size()> credits{};

  Scoring apply_to(Scoring base, RuleOrigin origin) const;
};

// The YAML key of each kind of failure: "limit", "abnormal_end", "no_expected_output", "failed".
std::string_view scoring_key(FailureKind failure);
// The YAML value and JSON word of a credit: "partial", "zero".
std::string_view credit_name(Credit credit);

// The policy in plain words, one line per kind of failure, for `grade show`:
// "a run stopped by a limit (time, memory, output, processes): 0 points".
std::vector<std::string> describe(const Scoring& scoring);

}  // namespace grade::spec

#include "check/scoring.h"

#include <algorithm>

#include <fmt/format.h>

#include "check/build_limit_text.h"
#include "check/extract.h"
#include "util/text.h"

namespace grade::check {

namespace {

// Whether a limit stopped the run (the verdicts run::build_limit also gives a build).
bool stopped_by_limit(run::Verdict v) {
  using run::Verdict;
  return v == Verdict::kWallTimeout || v == Verdict::kCpuLimit || v == Verdict::kMemoryLimit ||
         v == Verdict::kOutputLimit || v == Verdict::kTaskLimit || v == Verdict::kFileSizeLimit;
}

// What happened, in the words of the sentence: "run 2 was stopped by the time limit".
std::string what_happened(spec::FailureKind failure, const RunRecord& run) {
  const run::RunResult& r = run.result;
  switch (failure) {
    case spec::FailureKind::kLimit:
      return fmt::format("run {} was stopped by the {}", run.index, limit_name(run.verdict));
    case spec::FailureKind::kAbnormalEnd:
      return r.signal ? fmt::format("run {} was ended by signal {} ({})", run.index, *r.signal,
                                    run::signal_name(*r.signal))
                      : fmt::format("run {} ended with exit status {}", run.index,
                                    r.exit_code.value_or(-1));
    case spec::FailureKind::kNoExpectedOutput:
      return fmt::format("run {} printed none of the lines the exercise asks for", run.index);
    case spec::FailureKind::kFailed:
      break;
  }
  return fmt::format("a check failed in run {}", run.index);
}

// The rule that applied, in the words of the sentence.
std::string_view rule_words(spec::FailureKind failure) {
  switch (failure) {
    case spec::FailureKind::kLimit:
      return "gives no points to a program stopped by a limit";
    case spec::FailureKind::kAbnormalEnd:
      return "gives no points to a program that does not finish normally";
    case spec::FailureKind::kNoExpectedOutput:
      return "gives no points when none of those lines is printed";
    case spec::FailureKind::kFailed:
      break;
  }
  return "gives no points unless every check passes";
}

std::string reason(const ScoringDecision& decision, const RunRecord& run, int max_score) {
  return fmt::format("Scored 0: {}, and this {} {}; the checks that passed were worth {} of {}.",
                     what_happened(decision.failure, run),
                     decision.rule.origin == spec::RuleOrigin::kExercise ? "exercise" : "course",
                     rule_words(decision.failure), decision.checks_score,
                     text::plural(max_score, "point", "points"));
}

}  // namespace

spec::Scoring scoring_policy(const spec::Course& course, const spec::Exercise& exercise) {
  return exercise.scoring.apply_to(course.scoring, spec::RuleOrigin::kExercise);
}

spec::FailureKind failure_of(const spec::Exercise& exercise, const RunRecord& run) {
  if (stopped_by_limit(run.verdict)) {
    return spec::FailureKind::kLimit;
  }
  if (run.verdict == run::Verdict::kNonZeroExit || run.verdict == run::Verdict::kSignal) {
    return spec::FailureKind::kAbnormalEnd;
  }
  if (!exercise.extractors.empty()) {
    const Extraction extraction = extract(exercise, run.result);
    if (std::all_of(extraction.matches.begin(), extraction.matches.end(),
                    [](const auto& entry) { return entry.second.empty(); })) {
      return spec::FailureKind::kNoExpectedOutput;
    }
  }
  return spec::FailureKind::kFailed;
}

void apply_scoring(const spec::Scoring& policy, const spec::Exercise& exercise,
                   GradeResult& result) {
  int checks_score = 0;
  for (const CheckResult& c : result.checks) {
    checks_score += c.points;
  }
  result.score = checks_score;
  result.scoring.reset();
  if (result.status != GradeStatus::kFailed || result.runs.empty() || result.runs.back().passed) {
    return;  // passed, an error, or failed before any run: the policy has no say
  }
  const RunRecord& run = result.runs.back();
  ScoringDecision decision;
  decision.failure = failure_of(exercise, run);
  decision.rule = policy.rule(decision.failure);
  decision.checks_score = checks_score;
  if (decision.rule.credit == spec::Credit::kZero && checks_score > 0) {
    result.score = 0;
    decision.reason = reason(decision, run, result.max_score);
  }
  result.scoring = std::move(decision);
}

}  // namespace grade::check

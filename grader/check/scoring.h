// The score of a grading under the scoring policy in force (spec/scoring.h), decided once here
// with its reason, so that the text report, JSON, JUnit, Gradescope and the gradebook all show
// the same number.
#pragma once

#include "check/result.h"
#include "spec/course.h"
#include "spec/exercise.h"

namespace grade::check {

// The policy for one exercise: its own rules over the course's.
spec::Scoring scoring_policy(const spec::Course& course, const spec::Exercise& exercise);

// Which kind of failure a failed run is, the first that fits: stopped by a limit; ended with a
// non-zero status or by a signal; none of the exercise's extractors matched a line of its output
// (an exercise without extractors never fits this one); else a failed check.
spec::FailureKind failure_of(const spec::Exercise& exercise, const RunRecord& run);

// Sets result.score: the points of the deciding run's checks (result.checks), or 0 where the
// policy says so for a failed grading. A failed grading whose program ran (the last run is the
// one that failed) also gets result.scoring, with the reason when the policy lowered the score.
void apply_scoring(const spec::Scoring& policy, const spec::Exercise& exercise,
                   GradeResult& result);

}  // namespace grade::check

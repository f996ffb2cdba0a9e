// Flaky submissions: gradings that a rerun could turn around, though nothing changed. Two
// signs, either one makes an attempt flaky (docs/instructors.md):
//   runs disagreed      one grading's repeated runs did not all agree: at least one run passed
//                       and at least one failed (the grader stops at the first failing run, so
//                       this is "run k failed after runs 1..k-1 passed");
//   graded differently  the same submission content (SHA-256) under the same spec was graded
//                       passed in one attempt and failed in another, or with another score
//                       (attempts in error or missing do not count: they are no grade).
#pragma once

#include <string>
#include <vector>

#include "batch/attempt.h"
#include "report/html_attempt.h"

namespace grade::batch {

struct Flakiness {
  bool runs_disagreed = false;
  bool graded_differently = false;

  bool any() const { return runs_disagreed || graded_differently; }
  // "runs disagreed", "graded differently", both joined by "; ", or "".
  std::string describe() const;
};

// At least one run passed and at least one failed.
bool runs_disagreed(const std::vector<report::RunDetails>& runs);

// Of `current`'s attempts (`history`: every attempt of its student and exercise, the current
// one included), another with the same content and spec whose status or score differs.
bool graded_differently(const Attempt& current, const std::vector<Attempt>& history);

}  // namespace grade::batch

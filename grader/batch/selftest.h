// `grade selftest` over a plan of cases (batch/selftest_plan.h): every grading of every case,
// a verdict per case from its gradings, and the whole run's report. How one grading is done is
// the caller's (in the command, the worker processes of `grade batch`; in tests, a fake).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/selftest_plan.h"
#include "batch/worker_pool.h"

namespace grade::batch {

// One grading of a case's file, as the selftest judges it.
struct Grading {
  bool graded = false;  // false: no result; `error` says why (the grader or its worker failed)
  bool full_marks = false;
  bool build_failed = false;
  int score = 0;
  int max_score = 0;
  std::string first_failing;  // the first failing check in the spec's order; "" when none
  std::string message;        // that check's message, or what stopped the build
  std::string error;
};

// From a worker's result document (report/json_report.h); a document that does not parse is
// a grading in error.
Grading grading_from_document(std::string_view json);
// From a worker's outcome: its document when the work function returned, else the error.
Grading grading_from_outcome(const Outcome& outcome);

struct CaseReport {
  SelftestCase the_case;
  bool holds = false;
  bool skipped = false;  // a missing starter file: noted, holds
  int graded = 0;        // gradings with a result
  int full_marks = 0;
  std::string happened;       // the table's words: "20/20 full marks", "FAILED: ..."
  std::string first_failing;  // of the grading that decided the verdict; "" when none
  std::string message;        // its message, or the error
};

// The verdict on a case from its gradings (as many as planned, or fewer when interrupted).
CaseReport judge(const SelftestCase& the_case, const std::vector<Grading>& gradings);

struct SelftestReport {
  std::vector<CaseReport> cases;  // in the plan's order
  int repeat = 0;                 // gradings of each reference solution
  std::size_t gradings = 0;       // done
  double seconds = 0;
  bool interrupted = false;
  int signal = 0;

  std::size_t failing() const;  // cases that do not hold
  bool holds() const { return failing() == 0 && !interrupted; }
};

// One grading to do: the `round`-th (1-based) of case `case_index`.
struct GradingJob {
  std::size_t case_index = 0;
  int round = 1;
};

// Does every job (in any order, in any number at once) and hands each grading to `done`.
using GradeAll = std::function<void(const std::vector<GradingJob>& jobs,
                                    const std::function<void(const GradingJob&, Grading)>& done)>;

// Grades every case (a missing file is not graded) and judges each one.
SelftestReport run_selftest(const std::vector<SelftestCase>& cases, int repeat,
                            const GradeAll& grade_all);

// Grades in a pool of worker processes (batch/worker_pool.h), one worker per grading:
// `document` runs in the worker and returns the grading's result document. The pool's
// statistics (an interrupt) land in `stats`.
GradeAll in_workers(std::function<std::string(const SelftestCase&)> document,
                    const std::vector<SelftestCase>& cases, const PoolOptions& options,
                    PoolStats& stats);

}  // namespace grade::batch

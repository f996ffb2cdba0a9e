// Which run the report is about, and how the runs went, in words.
#pragma once

#include <string>

#include "check/result.h"

namespace grade::report {

// The run whose checks are reported: the first failing run, or the last one when all passed
// (the same rule as GradeResult::checks). Null when no run was made.
const check::RunRecord* deciding_run(const check::GradeResult& result);

// run::describe_end, escaped to one printable line.
std::string describe_run_end(const run::RunResult& run);

// "3 of 3 runs passed", "run 2 of 5 failed; run 1 passed; later runs were not made". Empty
// when no run was made.
std::string summarize_runs(const check::GradeResult& result);

// "It created 3 processes (PIDs 4101, 4102, 4103) and no threads." for an observed run; for an
// unobserved one, why it was not observed.
std::string describe_observation(const run::RunResult& run);

// For an observed run that created more tasks than an observation lists
// (Observation::kMaxListedTasks): how many were counted but not listed. Empty otherwise.
std::string describe_omitted(const run::RunResult& run);

// The processes that outlived the program and were stopped by the grader, and the threads
// stopped with the main program, and what that means for the student; empty when none was.
std::string describe_stopped_at_end(const run::RunResult& run);

// Why the run ended, for the student: at a time limit, where each task stood (what the
// grader saw) when it was read; else run::explain_verdict.
std::string explain_run_end(run::Verdict verdict, const run::RunResult& run);

// A sentence for the report when memory was limited per process only (no cgroup per run:
// shared memory and tmpfs went unlimited), with why; empty otherwise, and when the grading
// did not decide it.
std::string totals_note(const check::GradeResult& result);

}  // namespace grade::report

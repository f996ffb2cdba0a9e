// Canned grading results covering every shape a report must render, shared by the text, JSON
// and schema tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "check/result.h"
#include "spec/exercise.h"

namespace grade::report::samples {

check::GradeResult passed();            // 3 of 3 runs, build ok, every check passed
check::GradeResult failed();            // run 2 of 5 failed: a pass, a fail with hint, a skip
check::GradeResult error();             // the interpreter could not be started
check::GradeResult build_failed();      // syntax error: no runs, no checks
check::GradeResult timed_out();         // the wall-time limit killed the run
check::GradeResult killed_by_signal();  // SIGSEGV
// timed_out(), scored 0 by a course whose scoring policy gives no points to a run stopped by a
// limit (check/scoring.h): the checks keep their 4 points, the score is 0, with the reason
check::GradeResult scored_zero();
check::GradeResult truncated_output();  // 100 lines of stdout, cut at the output limit
check::GradeResult hostile_output();    // ANSI escapes and invalid UTF-8 everywhere
check::GradeResult unobserved();        // passed, but tracing was not allowed: a check skipped
check::GradeResult hidden_checks();     // run 2 of 3 failed a hidden check; another passed
// SIGTERM from a process outside the run (an error); 3000 processes, 1024 of the tasks listed
check::GradeResult killed_from_outside();

// Run 1 failed: a fork outlived the program, a helper, a thread; stdout attributed line by
// line with one torn line, stderr cut short by a killed writer.
check::GradeResult attributed();

// The exercise the samples' output fits: `parent <pid>` and `child <n>` lines on stdout.
const spec::Exercise& exercise();

// Every sample with a file-name-safe name.
std::vector<std::pair<std::string, check::GradeResult>> all();

}  // namespace grade::report::samples

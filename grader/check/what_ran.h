// What the grader saw of a run's tasks at its end, in a student's words: threads still running
// when the main program ended, and where each task stood when the time limit hit. Shared by
// the checks' hints (check/better_hint.h) and the reports.
#pragma once

#include <string>

#include "run/run_result.h"

namespace grade::check {

// "When your main program ended, 5 of its threads were still running and were stopped with
// it, 3 of them before they printed anything: ..."; "" when none was.
std::string threads_at_end(const run::RunResult& run);

// "When the time limit hit (after 5.0 s), your main program was waiting for a process to end
// (join); process 1235 was waiting to read from a pipe, queue or socket. ..."; "" when the
// tasks' standings were not read (the limit did not hit, or the run was not observed).
std::string timeout_story(const run::RunResult& run);

// Every task alive at the time limit was computing (and at least one was).
bool all_computing(const run::RunResult& run);

// At the time limit some task was computing and none waited for input: the others waited for
// it (a join, a queue), so the program was slow or looping, not stuck.
bool still_working(const run::RunResult& run);

}  // namespace grade::check

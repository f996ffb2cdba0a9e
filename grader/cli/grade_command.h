// `grade EXERCISE [SUBMISSION]`: grade one submission and report.
#pragma once

#include "cli/command_line.h"
#include "cli/context.h"
#include "cli/grade_options.h"

namespace grade::cli {

// Returns the exit code: 0 passed, 1 failed, 3 when the grader could not grade.
int grade_exercise(const Context& ctx, const GradeOptions& options);

// Declares EXERCISE, SUBMISSION and the grading options on the top level of `app`, and makes
// grading `line.command` (help and exit code 2 when no EXERCISE is given).
void add_grade_command(CLI::App& app, CommandLine& line);

}  // namespace grade::cli

// `grade validate`: loads every exercise of the course and reports every problem at once, for
// instructors writing exercises and for CI (docs/instructors.md#checking-a-course-grade-validate).
#pragma once

#include <iosfwd>
#include <vector>

#include "cli/command_line.h"
#include "cli/context.h"
#include "cli/grade_options.h"
#include "spec/course_problems.h"
#include "util/error.h"

namespace grade::cli {

// The errors and warnings of every exercise of the course, exercise by exercise: an exercise
// that does not load is one error (its loader stops at its first problem) and no warnings.
std::vector<spec::Problem> validate_course(const Context& ctx);

// Prints the problems as text or JSON; 0 without errors (warnings allowed), 2 with errors.
int validate(const Context& ctx, Format format);

// The same for a course.yaml that does not load: its error, the only one reported.
int validate_broken_course(const Error& error, Format format, std::ostream& out);

// Declares `validate` on `app`; it reads the top level's --format.
void add_validate_command(CLI::App& app, CommandLine& line);

}  // namespace grade::cli

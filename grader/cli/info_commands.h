// The subcommands that describe the course or set a student up: list, show, init.
#pragma once

#include <string>

#include "cli/command_line.h"
#include "cli/context.h"
#include "report/view.h"

namespace grade::cli {

int list_exercises(const Context& ctx);
// A student's view lists hidden checks only as a count and their points.
int show_exercise(const Context& ctx, const std::string& exercise_id, report::View view);
// Copies the exercise's starter file into the current folder; never overwrites. `notebook`:
// the starter notebook (the exercise's first notebook language), whatever `language_id` says.
int init_exercise(const Context& ctx, const std::string& exercise_id,
                  const std::string& language_id, bool notebook = false);

// Declares `list`, `show` and `init` on `app`; the one parsed becomes `line.command`.
void add_info_commands(CLI::App& app, CommandLine& line);

}  // namespace grade::cli

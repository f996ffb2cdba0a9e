// The subcommands that describe the course or set a student up: list, show, init.
#pragma once

#include <string>

#include "cli/context.h"

namespace grade::cli {

int list_exercises(const Context& ctx);
int show_exercise(const Context& ctx, const std::string& exercise_id);
// Copies the exercise's starter file into the current folder; never overwrites.
int init_exercise(const Context& ctx, const std::string& exercise_id,
                  const std::string& language_id);

}  // namespace grade::cli

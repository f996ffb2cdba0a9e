// `grade export canvas`: the instructor's own Canvas gradebook export, with the exercise
// columns filled from the gradebook, ready for Canvas's Grades → Import as it is
// (batch/canvas_fill.h). What was filled and which students are on one side only is said on
// stderr.
#pragma once

#include <string>
#include <vector>

#include "batch/gradebook.h"
#include "cli/context.h"

namespace grade::cli {

struct CanvasOptions {
  std::string from;                   // the file Canvas exported
  std::string match = "sis-user-id";  // sis-user-id | sis-login-id | id
  std::vector<std::string> columns;   // EXERCISE=COLUMN, each given with --column
  bool exercises_named = false;       // --exercises was given: each must find a column
};

// The filled file's bytes; the report on ctx.err. Throws Error(kUsage) for an unreadable or
// unfit Canvas file, an ambiguous column, or no student in common.
std::string canvas_import_file(const Context& ctx, const batch::Gradebook& book,
                               const std::vector<std::string>& exercise_ids,
                               const CanvasOptions& options);

}  // namespace grade::cli

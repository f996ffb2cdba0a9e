// How a submission of one exercise in one language is graded on this machine: the
// interpreter, the limits, the repeats and the isolation, decided once from the command line
// and the course. Shared by `grade EXERCISE` and `grade batch`, which decides it once per
// exercise and language and grades every student with it.
#pragma once

#include <filesystem>
#include <optional>

#include "check/grader.h"
#include "cli/context.h"
#include "cli/grade_options.h"

namespace grade::cli {

// A request without a submission: the caller sets `submission`. The request points at
// `exercise` and at the course in `ctx`, which must outlive it. Throws grade::Error when
// the machine cannot grade safely (kInternal) or the options make no sense (kUsage).
check::GradeRequest prepare_request(const Context& ctx, const GradeOptions& options,
                                    const spec::Exercise& exercise, const spec::Language& language);

// The folder of the sitecustomize module that makes Python print line by line from the
// printing thread (run/python_stdio.h); unset if it could not be made (then runs go without:
// who wrote a line may be less often certain).
std::optional<std::filesystem::path> python_site();

}  // namespace grade::cli

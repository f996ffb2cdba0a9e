// `grade EXERCISE` remembers each grading in the student's cache (cli/history_store.h) and says
// in one line what changed since the last attempt.
//
// Nothing is remembered with --no-history or GRADE_NO_HISTORY set (graders in CI), for the
// formats of autograders (gradescope, junit: a batch context, often root in a container), by
// `grade batch` and `grade selftest`, without a cache folder (no HOME), or into a cache folder
// of another user (root with someone else's HOME).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "check/result.h"
#include "cli/context.h"
#include "cli/grade_options.h"
#include "cli/history_store.h"

namespace grade::cli {

// This user's history, or none when it is turned off (--no-history, GRADE_NO_HISTORY) or there
// is no cache folder.
std::optional<history::Store> history_store(const GradeOptions& options);

// The key of an exercise's history for the submissions of `folder` (made absolute, links
// resolved, so that `grade ex1`, `grade ex1 ./ex1.py` and `grade ex1 ~/work/ex1.py` agree).
history::Key history_key(const spec::Course& course, const std::filesystem::path& folder,
                         const std::string& exercise_id);

// Records `result` of `submission` when history is kept for this grading; returns the line on
// what changed since the last attempt, "" when there was none or nothing is recorded.
std::string remember_grading(const Context& ctx, const GradeOptions& options,
                             const std::filesystem::path& submission,
                             const check::GradeResult& result);

// Now, in the history's seconds.
history::Time history_now();

}  // namespace grade::cli

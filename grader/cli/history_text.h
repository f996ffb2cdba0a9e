// The history of cli/history.h in words: when, what changed since the last attempt, and the
// story of a verdict, for `grade EXERCISE` and `grade status`.
#pragma once

#include <string>

#include "cli/history.h"

namespace grade::cli::history {

// `then` seen from `now`: "just now", "12 min ago", "3 h ago" within 12 hours, else the
// local time: "10:14" the same day, "2 Dec 10:14" the same year, "2 Dec 2025" before.
std::string when(Time then, Time now);

// One line on what changed from `before` to `now`, or "" when there is nothing to compare:
// "Since your last attempt (12 min ago): now passing distinct-names; still failing
// launcher-pid." or "Same result as your last attempt (12 min ago); the file has not changed
// since." Checks are named by id (a hidden check keeps only its id in a student's report);
// advice is left out.
std::string change_line(const Attempt& before, const Attempt& now);

// Where the verdict stands: "failed → passed 5 min ago" for a change within 12 hours, else
// "passing since 2 Dec 10:14"; "" while every attempt was an error.
std::string verdict_story(const Entry& entry, Time now);

}  // namespace grade::cli::history

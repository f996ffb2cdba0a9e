// Failures whose cause is known from what Python printed, and what fixes them: a student who
// reads "Can't get attribute 'work' on <module '__mp_main__'>" rarely guesses that it is about
// how multiprocessing starts its processes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grade::check {

// Advice for each known failure in `stderr_text` (a run's), in the order of the table; a
// notebook gets the fix that works in a notebook.
std::vector<std::string> advice_for(std::string_view stderr_text, bool notebook);

}  // namespace grade::check

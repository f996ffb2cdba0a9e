// Where the time of one grading goes (`grade EX --timings`): marks named after the phase that
// just ended, kept in the order they come, printed as a table at the end. The idea of ninja's
// `-d stats`: a process-wide record, since the phases are spread over every layer. Off unless
// enabled; a mark is then a load and a branch.
#pragma once

#include <string>
#include <string_view>

namespace grade::timings {

// The table's times count from this call: first thing in main. Cheap: one clock read.
void start() noexcept;

// From now on, marks are kept.
void enable();

// Notes that `phase` (a string literal) ended now. Thread-safe.
void mark(std::string_view phase) noexcept;

// One line per mark: the phase, when it ended and how long it took since the mark before, in
// milliseconds, then the total. Empty when not enabled.
std::string table();

}  // namespace grade::timings

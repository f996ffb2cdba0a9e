// One line of a program's output as a terminal shows it.
#pragma once

#include <string>
#include <string_view>

namespace grade {

// `line` (no newline) as a terminal draws it, which is what a student reads and so what is
// graded: a carriage return or backspace moves back and what follows overwrites, escape
// sequences are not text (colors; erasing the line, or part of it, blanks those cells; cursor
// moves along the line are followed), and other control bytes but the tab are invisible.
// A line without control bytes (nearly every one) comes back unchanged. Each UTF-8 sequence
// is one cell; invalid bytes are a cell each, kept as they are.
std::string shown_line(std::string_view line);

}  // namespace grade

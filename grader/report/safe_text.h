// Untrusted text (student output, paths, messages quoting output) made safe and bounded for a
// terminal, for the text report.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grade::report {

// The report's name for text::escape_control: control bytes, C1 controls and invalid UTF-8
// escaped, newlines kept.
std::string terminal_safe(std::string_view s);

// terminal_safe, and newlines escaped too: for values shown inside one line.
std::string one_line(std::string_view s);

// Terminal columns of already-escaped text: its code points (no wide characters in our texts).
std::size_t display_width(std::string_view s);

// Already-escaped text cut to at most `width` columns on a character boundary, its last column
// "…" when something was cut.
std::string cut_to_width(std::string_view s, std::size_t width);

enum class ExcerptEnd {
  kHead,  // the first lines: where stdout starts to go wrong
  kTail,  // the last lines: where a traceback names the error
};

struct Excerpt {
  std::vector<std::string> lines;  // escaped (text::escape_control) and cut to a sane width
  std::size_t omitted = 0;         // lines left out, after the excerpt (kHead) or before (kTail)
};

// Keeps at most `max_lines` lines of `output`. Lines longer than `max_line_bytes` are cut, so
// one endless line cannot flood the report.
Excerpt make_excerpt(std::string_view output, ExcerptEnd end, std::size_t max_lines,
                     std::size_t max_line_bytes = 300);

}  // namespace grade::report

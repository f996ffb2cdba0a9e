// Small text helpers shared by the spec loader and the reports.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grade::text {

// Splits into lines; a trailing "\n" does not make an empty last line, "\r\n" counts as one break.
std::vector<std::string_view> split_lines(std::string_view s);

std::string_view trim(std::string_view s);

// Makes untrusted text safe to show, on a terminal or in a report a program renders: control
// bytes become escapes (\t, \x1b, ...), so do C1 controls written as UTF-8 (\u009b), the
// characters that make a renderer reorder or break the text instead of showing it (bidi
// embeddings, overrides, isolates and marks, the line and paragraph separators: \u202e,
// \u2028; see is_layout_control) and every byte that is not strictly valid UTF-8 (overlongs,
// surrogates: \xNN). Printable UTF-8 and newlines are kept.
std::string escape_control(std::string_view s);
// escape_control, and newlines as \n too: for a name (a file's) that must stay on its line.
std::string escape_line(std::string_view s);

// True for the invisible characters that change how the text around them is laid out:
// U+061C, U+200E, U+200F (bidi marks), U+202A-U+202E (embeddings and overrides), U+2066-U+2069
// (isolates), U+2028 and U+2029 (line and paragraph separators). With them, "15/1 :erocS"
// shows as "Score: 1/51", and a separator starts a new line where no newline is seen.
bool is_layout_control(char32_t c);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

// Breaks one line of prose at spaces into lines of at most `width` characters (UTF-8 code
// points); a word longer than `width` stays whole on a line of its own. A quoted span ("...",
// '...', “...”, ‘...’: a format to copy, a line the program printed) is one
// word: it starts a new line when it does not fit, and is never broken, even when wider than
// `width`.
std::vector<std::string> wrap(std::string_view line, std::size_t width);

std::string join(std::span<const std::string> parts, std::string_view separator);

// "1 process" / "3 processes".
std::string plural(long long count, std::string_view singular, std::string_view plural_form);

}  // namespace grade::text

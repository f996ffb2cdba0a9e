// How wide the text report is: the terminal's width, else COLUMNS, else 80, kept readable.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace grade::cli {

// Narrower, a report is more line breaks than words; wider, paragraphs become hard to read, so
// a wide terminal still gets lines of at most kMaxReportWidth.
inline constexpr std::size_t kMinReportWidth = 40;
inline constexpr std::size_t kMaxReportWidth = 120;
inline constexpr std::size_t kDefaultReportWidth = 80;

// Pure decision, so it is testable: the terminal's columns when known (not 0), else COLUMNS
// when it is a positive number, else 80; then clamped to [kMinReportWidth, kMaxReportWidth].
std::size_t report_width(std::optional<std::size_t> terminal_columns,
                         std::optional<std::string_view> columns_env);

// The columns of the terminal `fd` is open on (TIOCGWINSZ); unset when it is no terminal or its
// size is unknown (0).
std::optional<std::size_t> terminal_columns(int fd);

// The width of text written to `fd`: report_width of its terminal (none when `fd` is a file or
// a pipe) and of COLUMNS in `env` (an environ-style array).
std::size_t text_width(char** env, int fd);

}  // namespace grade::cli

// How wide the text `grade` prints may be: what COLUMNS says, else the terminal's width, else
// 80 columns (a pipe, a file).
#pragma once

#include <cstddef>

namespace grade::cli {

inline constexpr std::size_t kDefaultWidth = 80;

// `env`: an environ-style array; `fd`: where the text goes. At least 40 columns: narrower, no
// table or sentence would be readable anyway.
std::size_t output_width(char** env, int fd);

}  // namespace grade::cli

#include "cli/output_width.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include <sys/ioctl.h>

#include "run/environment.h"

namespace grade::cli {

namespace {

constexpr std::size_t kNarrowest = 40;

}  // namespace

std::size_t output_width(char** env, int fd) {
  std::size_t width = 0;
  if (const auto columns = run::find_variable(env, "COLUMNS")) {
    const char* end = columns->data() + columns->size();
    if (std::from_chars(columns->data(), end, width).ptr != end) {
      width = 0;
    }
  }
  winsize size{};
  if (width == 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0) {
    width = size.ws_col;
  }
  return width == 0 ? kDefaultWidth : std::max(width, kNarrowest);
}

}  // namespace grade::cli

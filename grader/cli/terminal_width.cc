#include "cli/terminal_width.h"

#include <algorithm>
#include <charconv>

#include <sys/ioctl.h>
#include <unistd.h>

#include "run/environment.h"

namespace grade::cli {

std::size_t report_width(std::optional<std::size_t> terminal_columns,
                         std::optional<std::string_view> columns_env) {
  std::size_t width = kDefaultReportWidth;
  if (terminal_columns && *terminal_columns > 0) {
    width = *terminal_columns;
  } else if (columns_env) {
    std::size_t columns = 0;
    const char* end = columns_env->data() + columns_env->size();
    const auto [last, ec] = std::from_chars(columns_env->data(), end, columns);
    if (ec == std::errc() && last == end && columns > 0) {
      width = columns;
    }
  }
  return std::clamp(width, kMinReportWidth, kMaxReportWidth);
}

std::optional<std::size_t> terminal_columns(int fd) {
  winsize size{};
  if (::isatty(fd) != 1 || ::ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) {
    return std::nullopt;
  }
  return size.ws_col;
}

std::size_t text_width(char** env, int fd) {
  return report_width(terminal_columns(fd), run::find_variable(env, "COLUMNS"));
}

}  // namespace grade::cli

#include "util/shown_line.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "util/utf8.h"

namespace grade {

namespace {

constexpr char kEscape = '\x1b';
constexpr std::size_t kMaxColumn = 4096;  // a cursor move past it is clamped, as by a terminal

// The cells of the line and where the cursor is. An erased cell at the end is no cell.
class Screen {
 public:
  void put(std::string_view glyph) {
    if (cells_.size() <= cursor_) {
      cells_.resize(cursor_ + 1, " ");
    }
    cells_[cursor_++] = glyph;
  }
  void move_to(std::size_t column) { cursor_ = std::min(column, kMaxColumn); }
  void move_by(long columns) {
    const long to = static_cast<long>(cursor_) + columns;
    move_to(to < 0 ? 0 : static_cast<std::size_t>(to));
  }
  // CSI n K: 0 from the cursor to the end, 1 from the start to the cursor, 2 the whole line.
  void erase(long mode) {
    if (mode < 0 || mode > 2) {
      return;
    }
    const std::size_t size = cells_.size();
    const std::size_t begin = mode == 0 ? std::min(cursor_, size) : 0;
    const std::size_t end = mode == 1 ? std::min(cursor_ + 1, size) : size;
    std::fill(cells_.begin() + static_cast<long>(begin), cells_.begin() + static_cast<long>(end),
              " ");
    if (end == size) {
      trim_blank_end(begin);
    }
  }
  [[nodiscard]] std::string text() const {
    std::string out;
    for (const std::string_view cell : cells_) {
      out += cell;
    }
    return out;
  }

 private:
  void trim_blank_end(std::size_t from) {
    std::size_t size = cells_.size();
    while (size > from && cells_[size - 1] == " ") {
      --size;
    }
    cells_.resize(size);
  }

  std::vector<std::string_view> cells_;
  std::size_t cursor_ = 0;
};

// The first numeric parameter of a CSI sequence's parameter bytes, or `missing`.
long first_parameter(std::string_view parameters, long missing) {
  long value = 0;
  const auto [end, error] =
      std::from_chars(parameters.data(), parameters.data() + parameters.size(), value);
  return error == std::errc() && end != parameters.data() ? value : missing;
}

// A CSI sequence (ESC [ parameters intermediates final) from `i` (at the '['); returns the
// index after it. Only what moves along the line or erases it matters to what is shown.
std::size_t control_sequence(std::string_view line, std::size_t i, Screen& screen) {
  const std::size_t start = ++i;
  while (i < line.size() && line[i] >= 0x30 && line[i] <= 0x3f) {
    ++i;
  }
  const std::string_view parameters = line.substr(start, i - start);
  while (i < line.size() && line[i] >= 0x20 && line[i] <= 0x2f) {
    ++i;
  }
  if (i >= line.size()) {
    return i;
  }
  const long count = std::max(first_parameter(parameters, 1), 1L);
  switch (line[i]) {
    case 'K':
      screen.erase(first_parameter(parameters, 0));
      break;
    case 'C':
      screen.move_by(count);
      break;
    case 'D':
      screen.move_by(-count);
      break;
    case 'G':
      screen.move_to(static_cast<std::size_t>(count - 1));
      break;
    default:
      break;  // colors and the rest
  }
  return i + 1;
}

// An escape sequence from `i` (at the ESC); returns the index after it.
std::size_t escape_sequence(std::string_view line, std::size_t i, Screen& screen) {
  if (i + 1 >= line.size()) {
    return line.size();
  }
  if (line[i + 1] == '[') {
    return control_sequence(line, i + 1, screen);
  }
  if (line[i + 1] == ']') {  // OSC (a window title, a link): up to BEL or ESC backslash
    const std::size_t bell = line.find('\a', i + 2);
    const std::size_t st = line.find("\x1b\\", i + 2);
    const std::size_t end = std::min(bell == std::string_view::npos ? line.size() : bell + 1,
                                     st == std::string_view::npos ? line.size() : st + 2);
    return end;
  }
  return i + 2;  // a two-byte sequence (ESC 7, ESC =, ...)
}

bool invisible_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

}  // namespace

std::string shown_line(std::string_view line) {
  if (std::none_of(line.begin(), line.end(), invisible_control)) {
    return std::string(line);  // \r, \b and ESC are controls too
  }
  Screen screen;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == '\r') {
      screen.move_to(0);
      ++i;
    } else if (c == '\b') {
      screen.move_by(-1);
      ++i;
    } else if (c == kEscape) {
      i = escape_sequence(line, i, screen);
    } else if (invisible_control(c)) {
      ++i;
    } else {
      const std::size_t length = std::max<std::size_t>(utf8_sequence_length(line, i), 1);
      screen.put(line.substr(i, length));
      i += length;
    }
  }
  return screen.text();
}

}  // namespace grade

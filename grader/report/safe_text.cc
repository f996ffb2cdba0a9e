#include "report/safe_text.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"

namespace grade::report {

namespace {

std::string shorten_and_escape(std::string_view line, std::size_t max_bytes) {
  if (line.size() <= max_bytes) {
    return terminal_safe(line);
  }
  // Cut on a character boundary, so the cut itself does not show as an invalid byte.
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return fmt::format("{}... ({} more bytes)", terminal_safe(line.substr(0, cut)),
                     line.size() - cut);
}

}  // namespace

std::string terminal_safe(std::string_view s) { return text::escape_control(s); }

std::string one_line(std::string_view s) {
  std::string out;
  for (const char c : terminal_safe(s)) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string cut_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) {
    return std::string(s);
  }
  if (width == 0) {
    return "";
  }
  std::string out;
  std::size_t columns = 0;
  for (const char c : s) {
    const bool starts_character = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_character && ++columns == width) {
      break;
    }
    out += c;
  }
  return out + "…";
}

Excerpt make_excerpt(std::string_view output, ExcerptEnd end, std::size_t max_lines,
                     std::size_t max_line_bytes) {
  const std::vector<std::string_view> all = text::split_lines(output);
  const std::size_t kept = std::min(all.size(), max_lines);
  const std::size_t first = end == ExcerptEnd::kHead ? 0 : all.size() - kept;

  Excerpt excerpt;
  excerpt.omitted = all.size() - kept;
  excerpt.lines.reserve(kept);
  for (std::size_t i = first; i < first + kept; ++i) {
    excerpt.lines.push_back(shorten_and_escape(all[i], max_line_bytes));
  }
  return excerpt;
}

}  // namespace grade::report

#include "util/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "util/utf8.h"

namespace grade::text {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) {
      end = s.size();
    }
    std::string_view line = s.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string escape_line(std::string_view s) {
  std::string out;
  for (const char c : escape_control(s)) {
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out;
}

std::string escape_control(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += '\n';
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else if (const std::size_t n = c >= 0x80 ? utf8_sequence_length(s, i) : 0; n > 0) {
      // C1 controls (U+009B is CSI to xterm) and layout controls, as visible \uXXXX.
      const char32_t code = utf8_code_point(s, i, n);
      if (code <= 0x9F || is_layout_control(code)) {
        out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(code));
      } else {
        out.append(s.substr(i, n));
      }
      i += n;
      continue;
    } else {  // the other C0 controls, DEL, bytes that are not UTF-8
      out += fmt::format("\\x{:02x}", c);
    }
    ++i;
  }
  return out;
}

bool is_layout_control(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  // A suggestion is only useful if it is nearer than a rewrite of half the word.
  const std::size_t limit = std::max<std::size_t>(2, (word.size() + 1) / 2);
  if (best && best_distance <= limit) {
    return best;
  }
  return std::nullopt;
}

namespace {

// The quotes the reports put around a format to copy or a line the program printed.
struct QuotePair {
  std::string_view open;
  std::string_view close;
};
constexpr std::array<QuotePair, 4> kQuotes{
    {{"\"", "\""}, {"'", "'"}, {"\u201c", "\u201d"}, {"\u2018", "\u2019"}}};

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Past the closing quote of a span that opens at `i` of the word starting at `word_start`,
// or npos. A quote opens a span at the start of a word or after "(", "[", "=" or ":"; "'"
// closes only before a non-letter, so "it's" inside '...' does not end it.
std::size_t quoted_span_end(std::string_view line, std::size_t i, std::size_t word_start) {
  if (i != word_start && std::string_view("([=:").find(line[i - 1]) == std::string_view::npos) {
    return std::string_view::npos;
  }
  for (const QuotePair& q : kQuotes) {
    if (!line.substr(i).starts_with(q.open)) {
      continue;
    }
    for (std::size_t j = line.find(q.close, i + q.open.size()); j != std::string_view::npos;
         j = line.find(q.close, j + 1)) {
      const std::size_t after = j + q.close.size();
      if (q.open != "'" || after == line.size() || !is_word_byte(line[after])) {
        return after;
      }
    }
    return std::string_view::npos;
  }
  return std::string_view::npos;
}

// The end of the word starting at `start`: the next space, except inside a quoted span.
std::size_t word_end(std::string_view line, std::size_t start) {
  std::size_t i = start;
  while (i < line.size() && line[i] != ' ') {
    const std::size_t span_end = quoted_span_end(line, i, start);
    i = span_end != std::string_view::npos ? span_end : i + 1;
  }
  return i;
}

// Code points, the width of a word in a report (no wide characters there).
std::size_t length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::vector<std::string> wrap(std::string_view line, std::size_t width) {
  std::vector<std::string> lines;
  std::string current;
  std::size_t current_length = 0;
  std::size_t start = 0;
  while (start <= line.size()) {
    const std::size_t end = word_end(line, start);
    const std::string_view word = line.substr(start, end - start);
    const std::size_t word_length = length(word);
    if (!current.empty() && current_length + 1 + word_length > width) {
      lines.push_back(std::move(current));
      current.clear();
      current_length = 0;
    }
    if (!current.empty()) {
      current += ' ';
      ++current_length;
    }
    current += word;
    current_length += word_length;
    start = end + 1;
  }
  lines.push_back(std::move(current));
  return lines;
}

std::string join(std::span<const std::string> parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += parts[i];
  }
  return out;
}

std::string plural(long long count, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural_form);
}

}  // namespace grade::text

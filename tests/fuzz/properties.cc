#include "properties.h"

#include <set>

namespace grade::fuzz {

namespace {

// Byte ranges of the second byte of a well-formed sequence, by lead byte (Unicode table 3-7);
// later continuation bytes are always 80..BF.
struct Lead {
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
};

Lead lead_of(unsigned char b) {
  if (b < 0x80) {
    return {1};
  }
  if (b >= 0xC2 && b <= 0xDF) {
    return {2};
  }
  if (b == 0xE0) {
    return {3, 0xA0, 0xBF};
  }
  if (b == 0xED) {
    return {3, 0x80, 0x9F};
  }
  if (b >= 0xE1 && b <= 0xEF) {
    return {3};
  }
  if (b == 0xF0) {
    return {4, 0x90, 0xBF};
  }
  if (b >= 0xF1 && b <= 0xF3) {
    return {4};
  }
  if (b == 0xF4) {
    return {4, 0x80, 0x8F};
  }
  return {0};
}

bool name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The character a reference "&...;" at s[i] stands for, and where it ends; nullopt if none.
std::optional<std::pair<std::string, std::size_t>> reference_at(std::string_view s, std::size_t i) {
  const std::size_t end = s.find(';', i);
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view body = s.substr(i + 1, end - i - 1);
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
  for (const auto& [name, text] : kEntities) {
    if (body == name) {
      return std::make_pair(std::string(text), end + 1);
    }
  }
  if (body.size() < 2 || body[0] != '#') {
    return std::nullopt;
  }
  const bool hex = body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) {
    return std::nullopt;
  }
  char32_t value = 0;
  for (const char c : digits) {
    int digit = -1;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    }
    if (hex && c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    }
    if (hex && c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    }
    if (digit < 0) {
      return std::nullopt;
    }
    value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
  }
  if (!xml_char(value)) {
    return std::nullopt;
  }
  return std::make_pair(encode_utf8(value), end + 1);
}

// Parses a document; `pos` moves past what was read.
class XmlParser {
 public:
  explicit XmlParser(std::string_view s) : s_(s) {}

  bool document() {
    if (starts("<?xml") && !skip_past("?>")) {
      return false;
    }
    if (!misc() || !starts("<") || !element()) {
      return false;
    }
    return misc() && pos_ == s_.size();
  }

 private:
  bool starts(std::string_view prefix) const { return s_.substr(pos_).starts_with(prefix); }

  bool skip_past(std::string_view end) {
    const std::size_t at = s_.find(end, pos_);
    if (at == std::string_view::npos) {
      return false;
    }
    pos_ = at + end.size();
    return true;
  }

  void skip_space() {
    while (pos_ < s_.size() && space(s_[pos_])) {
      ++pos_;
    }
  }

  // Whitespace and comments between the declaration, the root and the end.
  bool misc() {
    for (;;) {
      skip_space();
      if (!starts("<!--")) {
        return true;
      }
      if (!comment()) {
        return false;
      }
    }
  }

  bool comment() {
    pos_ += 4;
    const std::size_t end = s_.find("--", pos_);
    if (end == std::string_view::npos || s_.substr(end, 3) != "-->") {
      return false;
    }
    pos_ = end + 3;
    return true;
  }

  std::optional<std::string_view> name() {
    const std::size_t start = pos_;
    if (pos_ >= s_.size() || !name_start(s_[pos_])) {
      return std::nullopt;
    }
    while (pos_ < s_.size() && name_char(s_[pos_])) {
      ++pos_;
    }
    return s_.substr(start, pos_ - start);
  }

  bool attribute_value() {
    if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
      return false;
    }
    const char quote = s_[pos_++];
    const std::size_t end = s_.find(quote, pos_);
    if (end == std::string_view::npos) {
      return false;
    }
    const bool ok = xml_unescape(s_.substr(pos_, end - pos_)).has_value();
    pos_ = end + 1;
    return ok;
  }

  // At '<' of a start tag: the element, its content and its end tag.
  bool element() {
    ++pos_;
    const auto tag = name();
    if (!tag) {
      return false;
    }
    std::set<std::string_view> seen;
    for (;;) {
      const std::size_t before = pos_;
      skip_space();
      if (starts("/>")) {
        pos_ += 2;
        return true;
      }
      if (starts(">")) {
        ++pos_;
        break;
      }
      const auto attribute = name();
      if (before == pos_ || !attribute || !seen.insert(*attribute).second) {
        return false;
      }
      skip_space();
      if (!starts("=")) {
        return false;
      }
      ++pos_;
      skip_space();
      if (!attribute_value()) {
        return false;
      }
    }
    return content() && end_tag(*tag);
  }

  bool content() {
    for (;;) {
      const std::size_t lt = s_.find('<', pos_);
      if (lt == std::string_view::npos) {
        return false;
      }
      const std::string_view text = s_.substr(pos_, lt - pos_);
      if (text.find("]]>") != std::string_view::npos || !xml_unescape(text)) {
        return false;
      }
      pos_ = lt;
      if (starts("</")) {
        return true;
      }
      if (starts("<!--")) {
        if (!comment()) {
          return false;
        }
      } else if (!element()) {
        return false;
      }
    }
  }

  bool end_tag(std::string_view tag) {
    pos_ += 2;
    const auto closing = name();
    skip_space();
    if (!closing || *closing != tag || !starts(">")) {
      return false;
    }
    ++pos_;
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const Lead lead = lead_of(b);
    if (lead.length == 0 || i + lead.length > s.size()) {
      return std::nullopt;
    }
    char32_t c = lead.length == 1 ? b : static_cast<char32_t>(b & (0xFF >> (lead.length + 1)));
    for (std::size_t k = 1; k < lead.length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      const unsigned char low = k == 1 ? lead.low : 0x80;
      const unsigned char high = k == 1 ? lead.high : 0xBF;
      if (next < low || next > high) {
        return std::nullopt;
      }
      c = (c << 6) | (next & 0x3F);
    }
    out.push_back(c);
    i += lead.length;
  }
  return out;
}

std::string encode_utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

bool layout_control(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

bool terminal_safe_text(std::string_view s, bool allow_sgr) {
  const auto text = decode_utf8(s);
  if (!text) {
    return false;
  }
  for (std::size_t i = 0; i < text->size(); ++i) {
    const char32_t c = (*text)[i];
    if (c == 0x1B && allow_sgr && i + 1 < text->size() && (*text)[i + 1] == '[') {
      i += 2;
      while (i < text->size() && (((*text)[i] >= '0' && (*text)[i] <= '9') || (*text)[i] == ';')) {
        ++i;
      }
      if (i == text->size() || (*text)[i] != 'm') {
        return false;
      }
      continue;
    }
    const bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
    if ((control && c != '\n') || layout_control(c)) {
      return false;
    }
  }
  return true;
}

bool well_formed_xml(std::string_view document) {
  const auto text = decode_utf8(document);
  if (!text) {
    return false;
  }
  for (const char32_t c : *text) {
    if (!xml_char(c)) {
      return false;
    }
  }
  return XmlParser(document).document();
}

std::optional<std::string> xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '<') {
      return std::nullopt;
    }
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    const auto reference = reference_at(s, i);
    if (!reference) {
      return std::nullopt;
    }
    out += reference->first;
    i = reference->second;
  }
  return out;
}

}  // namespace grade::fuzz

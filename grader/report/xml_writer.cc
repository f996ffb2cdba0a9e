#include "report/xml_writer.h"

#include "util/utf8.h"

namespace grade::report {

namespace {

// XML 1.0, production [2] Char.
bool allowed(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string escape(std::string_view s, bool attribute) {
  std::string out;
  for (const char c : xml_chars(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':  // also keeps "]]>" out of content
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";  // a raw CR would be read as a line break and normalised away
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string xml_chars(std::string_view s) {
  const std::string valid = to_valid_utf8(s);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) {
    const std::size_t length = utf8_sequence_length(valid, i);
    if (length == 0) {  // cannot happen after to_valid_utf8; skip the byte rather than loop
      ++i;
      continue;
    }
    if (allowed(utf8_code_point(valid, i, length))) {
      out.append(valid, i, length);
    }
    i += length;
  }
  return out;
}

std::string xml_escape_text(std::string_view s) { return escape(s, false); }

std::string xml_escape_attribute(std::string_view s) { return escape(s, true); }

XmlWriter::XmlWriter(std::ostream& out) : out_(out) {
  out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

XmlWriter::~XmlWriter() {
  while (!open_.empty()) {
    close();
  }
}

void XmlWriter::start_tag(std::string_view name, XmlAttributes attributes) {
  out_ << std::string(2 * open_.size(), ' ') << '<' << name;
  for (const auto& [key, value] : attributes) {
    out_ << ' ' << key << "=\"" << xml_escape_attribute(value) << '"';
  }
}

void XmlWriter::open(std::string_view name, XmlAttributes attributes) {
  start_tag(name, attributes);
  out_ << ">\n";
  open_.emplace_back(name);
}

void XmlWriter::close() {
  if (open_.empty()) {
    return;
  }
  const std::string name = std::move(open_.back());
  open_.pop_back();
  out_ << std::string(2 * open_.size(), ' ') << "</" << name << ">\n";
}

void XmlWriter::element(std::string_view name, XmlAttributes attributes, std::string_view text) {
  start_tag(name, attributes);
  if (text.empty()) {
    out_ << "/>\n";
    return;
  }
  out_ << '>' << xml_escape_text(text) << "</" << name << ">\n";
}

}  // namespace grade::report

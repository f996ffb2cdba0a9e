// A small XML 1.0 writer for the JUnit report: elements, attributes and text, indented, with
// every value escaped. Values may be any bytes: invalid UTF-8 becomes U+FFFD and characters
// XML 1.0 forbids (control characters but tab and line breaks, U+FFFE, U+FFFF) are dropped,
// so untrusted output can never make the document ill-formed.
#pragma once

#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grade::report {

// `s` as valid UTF-8 holding only characters XML 1.0 allows.
std::string xml_chars(std::string_view s);

// xml_chars with & < > escaped, for element content.
std::string xml_escape_text(std::string_view s);

// xml_escape_text with " escaped too, and tab and line breaks as character references so an
// XML parser keeps them (it would turn them into spaces).
std::string xml_escape_attribute(std::string_view s);

using XmlAttributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class XmlWriter {
 public:
  // Writes the XML declaration.
  explicit XmlWriter(std::ostream& out);
  // Closes what is still open.
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // <name a="v">, on a line of its own; closed by close().
  void open(std::string_view name, XmlAttributes attributes = {});
  void close();
  // <name a="v">text</name>, or <name a="v"/> when `text` is empty.
  void element(std::string_view name, XmlAttributes attributes = {}, std::string_view text = {});

 private:
  void start_tag(std::string_view name, XmlAttributes attributes);

  std::ostream& out_;
  std::vector<std::string> open_;
};

}  // namespace grade::report

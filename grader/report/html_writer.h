// A small HTML5 writer for the HTML reports: elements, attributes and text, every value
// escaped by one helper, and the page around them: a self-contained file with a
// Content-Security-Policy that allows no fetch and no script but the report's own (by its
// hash), so that even an escaping bug could not run what a student printed.
#pragma once

#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grade::report {

// Untrusted text made safe for HTML text and attribute values alike: control characters,
// layout controls and invalid UTF-8 escaped as text::escape_control does (newlines kept), then
// & < > " ' as character references.
std::string html_escape(std::string_view s);

using HtmlAttributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class HtmlWriter {
 public:
  explicit HtmlWriter(std::ostream& out) : out_(out) {}
  // Closes what is still open.
  ~HtmlWriter();
  HtmlWriter(const HtmlWriter&) = delete;
  HtmlWriter& operator=(const HtmlWriter&) = delete;

  // <tag a="v">; closed by close(). Tag and attribute names are the grader's own; values are
  // escaped.
  HtmlWriter& open(std::string_view tag, HtmlAttributes attributes = {});
  HtmlWriter& close();
  // <tag a="v">text</tag>, the text escaped.
  HtmlWriter& element(std::string_view tag, HtmlAttributes attributes = {},
                      std::string_view text = {});
  // <tag a="v"> of an element without content (meta), or <tag a="v"/> inside an <svg>.
  HtmlWriter& empty(std::string_view tag, HtmlAttributes attributes = {});
  HtmlWriter& text(std::string_view text);  // escaped
  std::ostream& stream() { return out_; }

 private:
  void start_tag(std::string_view tag, HtmlAttributes attributes);

  std::ostream& out_;
  std::vector<std::string> open_;
  int svg_depth_ = 0;  // inside an <svg>, an element without content is written <tag/>
};

// The policy of every page: nothing but the page's own styles, data: images and the sort
// script (html_style.h's kSortScript), allowed by its hash: "script-src 'sha256-...'".
std::string content_security_policy();

// "sha256-<base64>" of `script`, as a Content-Security-Policy names an inline script.
std::string script_hash(std::string_view script);

// <!DOCTYPE html>, <html>, <head> with charset, policy, title and the report's style sheet,
// then <body> left open (the writer's destructor or close() closes it).
void open_page(HtmlWriter& html, std::string_view title);

// The sort script, at the end of <body> where the tables it sorts exist.
void write_sort_script(HtmlWriter& html);

// "12.5 s", "0.04 s", "850 ms": seconds as a report shows them.
std::string format_seconds(double seconds);

}  // namespace grade::report

#include "report/html_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "report/html_style.h"
#include "util/text.h"

namespace grade::report {

namespace {

// The characters that could end a text or an attribute value, or start markup; ' too, so a
// value is safe whichever quote surrounds it.
constexpr std::array<std::pair<char, std::string_view>, 5> kReferences = {
    {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}}};

}  // namespace

std::string html_escape(std::string_view s) {
  const std::string safe = text::escape_control(s);
  std::string out;
  out.reserve(safe.size());
  for (const char c : safe) {
    const auto* found = std::find_if(kReferences.begin(), kReferences.end(),
                                     [c](const auto& reference) { return reference.first == c; });
    if (found == kReferences.end()) {
      out += c;
    } else {
      out += found->second;
    }
  }
  return out;
}

HtmlWriter::~HtmlWriter() {
  while (!open_.empty()) {
    close();
  }
}

void HtmlWriter::start_tag(std::string_view tag, HtmlAttributes attributes) {
  out_ << '<' << tag;
  for (const auto& [name, value] : attributes) {
    out_ << ' ' << name << "=\"" << html_escape(value) << '"';
  }
}

HtmlWriter& HtmlWriter::open(std::string_view tag, HtmlAttributes attributes) {
  start_tag(tag, attributes);
  out_ << '>';
  if (tag == "svg") {
    ++svg_depth_;
  }
  open_.emplace_back(tag);
  return *this;
}

HtmlWriter& HtmlWriter::close() {
  if (open_.empty()) {
    return *this;
  }
  out_ << "</" << open_.back() << '>';
  if (open_.back() == "svg") {
    --svg_depth_;
  }
  // A line break after block-level closes keeps the file readable without changing layout.
  if (open_.back() != "span" && open_.back() != "a" && open_.back() != "code") {
    out_ << '\n';
  }
  open_.pop_back();
  return *this;
}

HtmlWriter& HtmlWriter::element(std::string_view tag, HtmlAttributes attributes,
                                std::string_view text) {
  start_tag(tag, attributes);
  out_ << '>' << html_escape(text) << "</" << tag << '>';
  return *this;
}

HtmlWriter& HtmlWriter::empty(std::string_view tag, HtmlAttributes attributes) {
  start_tag(tag, attributes);
  out_ << (svg_depth_ > 0 ? "/>" : ">");
  return *this;
}

HtmlWriter& HtmlWriter::text(std::string_view text) {
  out_ << html_escape(text);
  return *this;
}

void open_page(HtmlWriter& html, std::string_view title) {
  html.stream() << "<!DOCTYPE html>\n";
  html.open("html", {{"lang", "en"}});
  html.open("head");
  html.empty("meta", {{"charset", "utf-8"}});
  html.empty("meta",
             {{"http-equiv", "Content-Security-Policy"}, {"content", kContentSecurityPolicy}});
  html.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  html.element("title", {}, title);
  html.open("style").stream() << kReportStyle;
  html.close();
  html.close();
  html.open("body");
}

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "?";
  }
  if (seconds < 0.01) {
    return fmt::format("{:.1f} ms", seconds * 1000);  // a thread's CPU time: tenths matter
  }
  if (seconds < 1.0) {
    return fmt::format("{:.0f} ms", seconds * 1000);
  }
  return fmt::format("{:.{}f} s", seconds, seconds < 10 ? 2 : 1);
}

}  // namespace grade::report

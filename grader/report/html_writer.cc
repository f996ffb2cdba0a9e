#include "report/html_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "report/html_style.h"
#include "util/sha256.h"
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
             {{"http-equiv", "Content-Security-Policy"}, {"content", content_security_policy()}});
  html.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  html.element("title", {}, title);
  html.open("style").stream() << kReportStyle;
  html.close();
  html.close();
  html.open("body");
}

namespace {

std::string base64(const std::string& bytes) {
  static constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      group = (group << 8U) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0U);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += j <= n ? kDigits[(group >> (18 - 6 * j)) & 0x3FU] : '=';
    }
  }
  return out;
}

// The bytes a string of hex digits stands for.
std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

}  // namespace

std::string script_hash(std::string_view script) {
  return "sha256-" + base64(from_hex(sha256_hex(script)));
}

std::string content_security_policy() {
  return fmt::format(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{}'; "
      "base-uri 'none'; form-action 'none'",
      script_hash(kSortScript));
}

void write_sort_script(HtmlWriter& html) {
  html.open("script").stream() << kSortScript;
  html.close();
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

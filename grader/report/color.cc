#include "report/color.h"

#include <cstring>

namespace grade::report {

namespace {

std::string_view escape_for(Style style) {
  switch (style) {
    case Style::kBold:
      return "\x1b[1m";
    case Style::kDim:
      return "\x1b[2m";
    case Style::kRed:
      return "\x1b[31m";
    case Style::kGreen:
      return "\x1b[32m";
    case Style::kYellow:
      return "\x1b[33m";
    case Style::kBoldRed:
      return "\x1b[1;31m";
    case Style::kBoldGreen:
      return "\x1b[1;32m";
  }
  return "";
}

constexpr std::string_view kReset = "\x1b[0m";

}  // namespace

std::string Painter::operator()(Style style, std::string_view text) const {
  if (!enabled_ || text.empty()) {
    return std::string(text);
  }
  std::string out(escape_for(style));
  out += text;
  out += kReset;
  return out;
}

bool use_color(bool is_terminal, const char* no_color_env, const char* term_env) {
  if (!is_terminal) {
    return false;
  }
  if (no_color_env != nullptr && no_color_env[0] != '\0') {
    return false;
  }
  return term_env == nullptr || std::strcmp(term_env, "dumb") != 0;
}

}  // namespace grade::report

// ANSI colors for the text report, and the decision whether to use them.
#pragma once

#include <string>
#include <string_view>

namespace grade::report {

enum class Style { kBold, kDim, kRed, kGreen, kYellow, kBoldRed, kBoldGreen };

// Wraps our own text in ANSI escapes when enabled. Never pass untrusted text through here
// unescaped: the point of escaping student output is that only the grader colors the terminal.
class Painter {
 public:
  explicit Painter(bool enabled) : enabled_(enabled) {}

  std::string operator()(Style style, std::string_view text) const;
  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
};

// Pure decision, so it is testable: color only on a terminal, never when NO_COLOR is set to a
// non-empty value (https://no-color.org), never on TERM=dumb. Null pointers mean "unset".
bool use_color(bool is_terminal, const char* no_color_env, const char* term_env);

}  // namespace grade::report

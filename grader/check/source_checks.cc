// The `source` check kind: decided on the facts the analyzer gave (check/source_facts.h).
#include <algorithm>

#include <fmt/format.h>

#include "check/check_kinds.h"
#include "util/text.h"

namespace grade::check {

namespace {

using What = spec::SourceCheck::What;

// Enough to find them; a program with more is told the count.
constexpr std::size_t kMaxPositions = 5;

bool matches(What what, const std::string& fact, const std::string& name) {
  // An import of a package's module is an import of the package: multiprocessing.pool.
  return fact == name || (what == What::kImports && fact.starts_with(name + "."));
}

std::vector<SourcePosition> found(const SourceFacts& facts, const spec::SourceCheck& c) {
  if (c.what == What::kMainGuard) {
    return facts.main_guards;
  }
  const std::vector<SourceFact>& all = c.what == What::kImports ? facts.imports
                                       : c.what == What::kCalls ? facts.calls
                                                                : facts.withs;
  std::vector<SourcePosition> at;
  for (const SourceFact& fact : all) {
    if (std::any_of(c.names.begin(), c.names.end(),
                    [&](const std::string& name) { return matches(c.what, fact.name, name); })) {
      at.push_back(fact.at);
    }
  }
  std::sort(at.begin(), at.end());
  at.erase(std::unique(at.begin(), at.end()), at.end());
  return at;
}

// "a call of threading.Lock() or threading.RLock()", without its article when `none`:
// "no call of time.time()".
std::string wanted(const spec::SourceCheck& c, bool none) {
  std::vector<std::string> names;
  for (const std::string& name : c.names) {
    names.push_back(c.what == What::kCalls ? name + "()" : name);
  }
  const std::string listed = fmt::format("{}", fmt::join(names, " or "));
  switch (c.what) {
    case What::kImports:
      return fmt::format("{} import of {}", none ? "no" : "an", listed);
    case What::kCalls:
      return fmt::format("{} call of {}", none ? "no" : "a", listed);
    case What::kWith:
      return fmt::format("{} `with` statement over a {}", none ? "no" : "a", listed);
    case What::kMainGuard:
      break;
  }
  return fmt::format("{}`if __name__ == \"__main__\":` at the top level", none ? "no " : "");
}

// "line 12", "lines 12, 30", "cell 3, line 2; cell 4, line 1", at most kMaxPositions of them.
std::string where(const std::vector<SourcePosition>& at) {
  const bool cells = std::any_of(at.begin(), at.end(), [](const auto& p) { return p.cell > 0; });
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < at.size() && i < kMaxPositions; ++i) {
    parts.push_back(cells ? at[i].str() : std::to_string(at[i].line));
  }
  const std::string more = at.size() > kMaxPositions ? ", ..." : "";
  if (cells) {
    return fmt::format("{}{}", fmt::join(parts, "; "), more);
  }
  return fmt::format("{} {}{}", at.size() == 1 ? "line" : "lines", fmt::join(parts, ", "), more);
}

}  // namespace

Outcome check_source(const Evidence& ev, const spec::SourceCheck& c) {
  if (ev.source == nullptr) {
    return Outcome::unknown("how the program is written was not analysed");
  }
  if (const auto& error = ev.source->syntax_error) {
    const std::string message = text::escape_line(error->message);
    return Outcome::fail(
        error->at.line > 0
            ? fmt::format("your program has a syntax error at {} ({}), so how it is written could "
                          "not be checked",
                          error->at.str(), message)
            : fmt::format("your program does not compile ({}), so how it is written could not "
                          "be checked",
                          message));
  }
  const std::vector<SourcePosition> at = found(*ev.source, c);
  if (c.present) {
    return at.empty() ? Outcome::fail(fmt::format("expected {} {} your program, found none",
                                                  wanted(c, false),
                                                  c.what == What::kMainGuard ? "of" : "in"))
                      : Outcome::pass(fmt::format("found {} ({})", wanted(c, false), where(at)));
  }
  return at.empty() ? Outcome::pass(fmt::format("found {}, as expected", wanted(c, true)))
                    : Outcome::fail(fmt::format("expected {}, found {} ({})", wanted(c, true),
                                                at.size(), where(at)));
}

}  // namespace grade::check

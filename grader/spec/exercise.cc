#include "spec/exercise.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace grade::spec {

bool Bound::holds(std::int64_t n) const {
  if (equals && n != *equals) {
    return false;
  }
  if (at_least && n < *at_least) {
    return false;
  }
  return !(at_most && n > *at_most);
}

bool Bound::needs_observation() const {
  const auto observed = [](const std::optional<Expression>& e) {
    return e && e->needs_observation();
  };
  return observed(equals_expr) || observed(at_least_expr) || observed(at_most_expr);
}

std::string Bound::describe() const {
  if (equals) {
    return fmt::format("exactly {}", *equals);
  }
  if (at_least && at_most) {
    return fmt::format("between {} and {}", *at_least, *at_most);
  }
  if (at_least) {
    return fmt::format("at least {}", *at_least);
  }
  return fmt::format("at most {}", at_most.value_or(0));
}

std::string_view op_symbol(Op op) {
  switch (op) {
    case Op::kEq:
      return "==";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kIn:
      return "in";
    case Op::kNotIn:
      return "not in";
  }
  return "?";
}

std::string_view source_key(SourceCheck::What what) {
  switch (what) {
    case SourceCheck::What::kImports:
      return "imports";
    case SourceCheck::What::kCalls:
      return "calls";
    case SourceCheck::What::kWith:
      return "with";
    case SourceCheck::What::kMainGuard:
      return "main_guard";
  }
  return "?";
}

std::string_view order_name(Order order) {
  switch (order) {
    case Order::kIncreasing:
      return "increasing";
    case Order::kDecreasing:
      return "decreasing";
    case Order::kNonDecreasing:
      return "non_decreasing";
    case Order::kNonIncreasing:
      return "non_increasing";
  }
  return "?";
}

namespace {

bool operand_needs_observation(const Operand& operand) {
  if (const auto* fact = std::get_if<Fact>(&operand)) {
    return fact->needs_observation();
  }
  if (const auto* same_line = std::get_if<SameLine>(&operand)) {
    return std::any_of(same_line->selectors.begin(), same_line->selectors.end(),
                       [](const LineSelector& s) { return s.needs_observation(); });
  }
  if (const auto* expression = std::get_if<Expression>(&operand)) {
    return expression->needs_observation();
  }
  return false;
}

}  // namespace

bool Check::needs_observation() const {
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, ObservedCheck> || std::is_same_v<T, EndedCheck> ||
                      std::is_same_v<T, MatchesSpanCheck>) {
          return true;
        } else if constexpr (std::is_same_v<T, EachCheck>) {
          return c.of.needs_observation() || operand_needs_observation(c.rhs);
        } else if constexpr (std::is_same_v<T, DistinctCheck>) {
          return c.of.needs_observation() || c.bound.needs_observation();
        } else if constexpr (std::is_same_v<T, AllEqualCheck> || std::is_same_v<T, OrderedCheck>) {
          return c.of.needs_observation();
        } else if constexpr (std::is_same_v<T, CountCheck> || std::is_same_v<T, UnmatchedCheck>) {
          return c.bound.needs_observation();
        } else {
          return false;
        }
      },
      kind);
}

const Extractor* Exercise::find_extractor(std::string_view name) const {
  const auto it = std::find_if(extractors.begin(), extractors.end(),
                               [&](const Extractor& e) { return e.name == name; });
  return it == extractors.end() ? nullptr : &*it;
}

const Check* Exercise::find_check(std::string_view check_id) const {
  const auto it =
      std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == check_id; });
  return it == checks.end() ? nullptr : &*it;
}

bool Exercise::accepts(std::string_view language_id) const {
  return languages.empty() ||
         std::find(languages.begin(), languages.end(), language_id) != languages.end();
}

int Exercise::max_score() const {
  return std::accumulate(checks.begin(), checks.end(), 0,
                         [](int sum, const Check& c) { return sum + c.points; });
}

}  // namespace grade::spec

#include "check/bound_value.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "check/expression_value.h"

namespace grade::check {

namespace {

// A count is a whole number: `at_least: 1.5` holds from 2, `at_most: 2.5` up to 2. Beyond
// the range of a count, the nearest end of it.
std::int64_t whole(double value, bool up) {
  constexpr double kLimit = 9.0e18;
  const double rounded = std::clamp(up ? std::ceil(value) : std::floor(value), -kLimit, kLimit);
  return static_cast<std::int64_t>(rounded);
}

// "2" or, computed, "2 (the CPUs the run may use)".
std::string annotated(std::int64_t n, const std::optional<Computed>& computed) {
  // A number written in quotes ("3") says nothing more than the number.
  if (!computed || (computed->noun.empty() && computed->words == std::to_string(n))) {
    return std::to_string(n);
  }
  return fmt::format("{} ({})", n, computed->noun.empty() ? computed->words : computed->noun);
}

std::string describe(const spec::Bound& b, const std::optional<Computed>& equals,
                     const std::optional<Computed>& at_least,
                     const std::optional<Computed>& at_most) {
  if (b.equals) {
    return "exactly " + annotated(*b.equals, equals);
  }
  if (b.at_least && b.at_most) {
    return fmt::format("between {} and {}", annotated(*b.at_least, at_least),
                       annotated(*b.at_most, at_most));
  }
  if (b.at_least) {
    return "at least " + annotated(*b.at_least, at_least);
  }
  return "at most " + annotated(b.at_most.value_or(0), at_most);
}

}  // namespace

ResolvedBound resolve_bound(const Evidence& ev, const spec::Bound& bound) {
  ResolvedBound r;
  r.bound.equals = bound.equals;
  r.bound.at_least = bound.at_least;
  r.bound.at_most = bound.at_most;
  std::optional<Computed> computed[3];
  const std::optional<spec::Expression>* written[3] = {&bound.equals_expr, &bound.at_least_expr,
                                                       &bound.at_most_expr};
  for (int i = 0; i < 3; ++i) {
    if (!*written[i]) {
      continue;
    }
    Computed c = compute(ev, **written[i], nullptr);
    if (!c.error.empty()) {
      r.decided = Outcome::fail(c.error);
      return r;
    }
    if (!c.unknown.empty()) {
      r.decided = Outcome::unknown(c.unknown);
      return r;
    }
    computed[i] = std::move(c);
  }
  if (computed[0]) {
    const double v = *computed[0]->value;
    if (v != std::floor(v)) {
      r.decided = Outcome::fail(fmt::format(
          "the count cannot be compared with {}: it is not a whole number", computed[0]->words));
      return r;
    }
    r.bound.equals = whole(v, false);
  }
  if (computed[1]) {
    r.bound.at_least = whole(*computed[1]->value, true);
  }
  if (computed[2]) {
    r.bound.at_most = whole(*computed[2]->value, false);
  }
  r.description = describe(r.bound, computed[0], computed[1], computed[2]);
  return r;
}

}  // namespace grade::check

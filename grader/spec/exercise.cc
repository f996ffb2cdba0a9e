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

bool is_set_fact(Fact fact) { return fact == Fact::kCreatedProcesses; }

bool needs_observation(Fact fact) { return fact == Fact::kCreatedProcesses; }

std::string_view fact_name(Fact fact) {
  switch (fact) {
    case Fact::kLaunchedPid:
      return "run.pid";
    case Fact::kWallTime:
      return "run.wall_time";
    case Fact::kCreatedProcesses:
      return "observed.processes";
  }
  return "?";
}

std::string_view measure_name(ObservedCheck::Measure measure) {
  switch (measure) {
    case ObservedCheck::Measure::kProcesses:
      return "processes";
    case ObservedCheck::Measure::kThreads:
      return "threads";
    case ObservedCheck::Measure::kAllThreads:
      return "all_threads";
  }
  return "?";
}

bool Check::needs_observation() const {
  if (std::holds_alternative<ObservedCheck>(kind)) {
    return true;
  }
  if (const auto* each = std::get_if<EachCheck>(&kind)) {
    const auto* fact = std::get_if<Fact>(&each->rhs);
    return fact != nullptr && spec::needs_observation(*fact);
  }
  return false;
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

int Exercise::max_score() const {
  return std::accumulate(checks.begin(), checks.end(), 0,
                         [](int sum, const Check& c) { return sum + c.points; });
}

}  // namespace grade::spec

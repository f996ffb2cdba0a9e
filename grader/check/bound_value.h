// A bound (spec::Bound) on one run: its expressions computed, as the whole numbers a count is
// compared with, and described in the exercise's words: "exactly 2 (the CPUs the run may use)".
#pragma once

#include <optional>
#include <string>

#include "check/check_kinds.h"
#include "spec/exercise.h"

namespace grade::check {

struct ResolvedBound {
  spec::Bound bound;  // numbers only
  std::string description;
  // Set when an expression could not be computed (the check fails) or its value was not seen
  // (the check is skipped): the check's outcome, decided without counting.
  std::optional<Outcome> decided;

  bool holds(std::int64_t n) const { return bound.holds(n); }
};

ResolvedBound resolve_bound(const Evidence& ev, const spec::Bound& bound);

}  // namespace grade::check

// Computes a spec expression (spec/expression.h) on one run, and, for the names of a line,
// on one line. A value that is not a number, a division by zero or a capture without exactly
// one value fails the check that needs it; a value the grader could not see skips it.
#pragma once

#include <optional>
#include <string>

#include "check/check_kinds.h"
#include "spec/expression.h"

namespace grade::check {

struct Computed {
  std::optional<double> value;
  // In the student's words. A single name: `noun` is what it is ("the CPUs the run may use")
  // and `words` that with its value; a formula: `words` shows each name's value and the
  // result, "the CPUs the run may use (2) * 2 = 4", and `noun` is empty.
  std::string words;
  std::string noun;
  std::string error;    // cannot be computed: the check fails with this
  std::string unknown;  // the grader could not see a value: the check is skipped with this
};

// `line`: the line being checked, for the names of the same line; null where there is none.
Computed compute(const Evidence& ev, const spec::Expression& expression, const Match* line);

// How `==` and `!=` compare a value with a computed one: equal within a relative 1e-9 (and
// absolute 1e-9 near zero), the rounding of the arithmetic itself. 0.1 + 0.2 == 0.3; a value
// printed with fewer digits than the computation has is not equal (compare with < and > then).
bool equal_computed(double value, double computed);

}  // namespace grade::check

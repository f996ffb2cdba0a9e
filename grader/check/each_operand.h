// The right-hand side of an `each` check that is the same on every line (a number, a text, a
// fact, a capture's value or values, an expression), resolved once against a run: its value
// and how messages name it in the student's words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/check_kinds.h"

namespace grade::check {

// A right-hand side that is the same on every line, resolved against this run.
struct Constant {
  std::optional<std::vector<int>> set;  // sorted
  // observed.<set>.names: each name once, in order of creation, unread ones left out.
  std::optional<std::vector<std::string>> names;
  // Every value of a capture, for in / not_in: equal as numbers when both are, else as text.
  std::optional<std::vector<std::string>> values;
  // The set lists only part of the fact (past the observation's cap): a value not in it may
  // still belong to the fact.
  bool incomplete = false;
  std::optional<double> number;
  bool computed = false;  // `number` is an expression's: == and != allow for rounding
  std::optional<std::string> text;
  std::string description;  // "your program's own PID (4100)": the student's words, not the spec's
  std::string error;        // set when it cannot be resolved: the check fails
  std::string unknown;      // set when the grader could not see it: the check is skipped
  // For a set of tasks: how to name its members, "the 5 threads the program started".
  std::string members;
};

// Resolves `operand`; for in / not_in a capture is the set of all its values. Same-line
// selectors (SameLine, a line expression) resolve to an empty Constant: they differ per line.
Constant resolve(const Evidence& ev, const spec::Operand& operand, spec::Op op);

}  // namespace grade::check

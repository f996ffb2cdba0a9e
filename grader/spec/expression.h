// A small arithmetic expression written in a spec: `each: {expr: "square.n * square.n"}`, or a
// bound such as `equals: observed.worker_processes.count` (docs/spec-reference.md#expressions).
// Parsed once at load time into a typed tree whose names are resolved against the exercise;
// check/expression_value.h computes it on a run.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/references.h"

namespace grade::spec {

struct Exercise;

struct ExprNode {
  enum class Kind {
    kNumber,    // 3, 0.5, 1e3
    kFact,      // run.cpus, observed.worker_processes.count, ...: one number
    kSelector,  // a line selector of the line being checked (each only)
    kCapture,   // a capture of an extractor that matches one line: its one value
    kCount,     // count(extractor): the lines it matched
    kDistinct,  // distinct(extractor.capture): the different values a selector took
    kNegate,
    kAdd,
    kSubtract,
    kMultiply,
    kDivide,
  };
  Kind kind = Kind::kNumber;
  double number = 0;       // kNumber
  Fact fact;               // kFact
  LineSelector selector;   // kSelector, kCapture, kDistinct; kCount: its extractor only
  int left = -1;           // operands: indices into Expression::nodes
  int right = -1;          // binary operators only
  std::size_t offset = 0;  // where the node starts in the text, for messages
  std::string text;        // leaves: as written ("square.n", "count(pid_line)")
};

// Nodes in a flat list (copyable, and destroyed without recursion); `root` is the whole.
struct Expression {
  std::string text;
  std::vector<ExprNode> nodes;
  int root = 0;

  // Whether a name needs what the run created (observed.*, author selectors, .parent).
  bool needs_observation() const;
  // Whether it reads a value of the line being checked, so it has a value per line.
  bool per_line() const;
  const ExprNode& at(int index) const { return nodes.at(static_cast<std::size_t>(index)); }
};

// What names may stand for where an expression is written.
struct ExpressionScope {
  const Exercise& exercise;
  // `each`: the extractor of `of`, whose selectors name values of the same line. Empty in a
  // bound, which is one number for the whole run.
  std::string line_extractor;
  // Whether a capture of this extractor has at most one value in a run where the check is
  // made (a count of its lines in depends_on): only then may it stand for one number.
  std::function<bool(const std::string& extractor)> one_line;
  // How the fix for a capture of several lines is worded: "add '…' to depends_on".
  std::function<std::string(const std::string& extractor)> one_line_fix;
};

struct ExpressionError {
  std::size_t offset = 0;  // in the text
  std::string message;
};

// The deepest nesting accepted (parentheses and unary minus): the parser recurses, and a
// fuzzer or a pasted formula must not take the stack.
inline constexpr int kMaxExpressionDepth = 32;
inline constexpr std::size_t kMaxExpressionLength = 1000;

struct ParsedExpression {
  std::optional<Expression> expression;
  ExpressionError error;  // when there is no expression
};

// Parses and resolves `text`: + - * / and parentheses, unary minus, numbers, facts, selectors
// and captures, count(extractor), distinct(extractor.capture).
ParsedExpression parse_expression(std::string_view text, const ExpressionScope& scope);

}  // namespace grade::spec

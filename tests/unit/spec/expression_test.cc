// Expressions in specs: the parser on its own (offsets of errors), and read from a spec file
// (errors at file:line:col of the character they are about).
#include "spec/expression.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "spec/course_problems.h"
#include "spec/exercise.h"
#include "support/spec_file.h"
#include "util/error.h"

namespace grade::spec {
namespace {

class ExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Extractor square;
    square.name = "square";
    square.captures = {"n", "sq"};
    Extractor total;
    total.name = "total";
    total.captures = {"sum"};
    exercise_.extractors = {square, total};
  }

  // In `each` of a square line when `line` is set, else in a bound. `total` has one line.
  ParsedExpression parse(const std::string& text, bool line = true) const {
    const ExpressionScope scope{exercise_, line ? "square" : "",
                                [](const std::string& e) { return e == "total"; },
                                [](const std::string& e) { return "count " + e + " first"; }};
    return parse_expression(text, scope);
  }

  // "offset: message" of the error, or "" when it parses.
  std::string error(const std::string& text, bool line = true) const {
    const ParsedExpression parsed = parse(text, line);
    if (parsed.expression) {
      return "";
    }
    return std::to_string(parsed.error.offset) + ": " + parsed.error.message;
  }

  Exercise exercise_;
};

TEST_F(ExpressionTest, BuildsATypedTreeWithPrecedence) {
  const ParsedExpression parsed = parse("square.n * square.n + -1");
  ASSERT_TRUE(parsed.expression) << parsed.error.message;
  const Expression& e = *parsed.expression;
  const ExprNode& root = e.at(e.root);
  EXPECT_EQ(root.kind, ExprNode::Kind::kAdd);
  EXPECT_EQ(e.at(root.left).kind, ExprNode::Kind::kMultiply);
  EXPECT_EQ(e.at(root.right).kind, ExprNode::Kind::kNegate);
  EXPECT_EQ(e.at(e.at(root.left).left).kind, ExprNode::Kind::kSelector);
  EXPECT_EQ(e.at(e.at(root.left).left).selector.capture, "n");
  EXPECT_TRUE(e.per_line());
  EXPECT_FALSE(e.needs_observation());
}

TEST_F(ExpressionTest, ParenthesesGroup) {
  const ParsedExpression parsed = parse("(square.n + 1) * 2");
  ASSERT_TRUE(parsed.expression);
  EXPECT_EQ(parsed.expression->at(parsed.expression->root).kind, ExprNode::Kind::kMultiply);
}

TEST_F(ExpressionTest, FactsCountsAndOneLineCaptures) {
  const ParsedExpression parsed = parse(
      "run.cpus + observed.worker_processes.count + count(square) + distinct(square.n) + "
      "total.sum",
      false);
  ASSERT_TRUE(parsed.expression) << parsed.error.message;
  EXPECT_FALSE(parsed.expression->per_line());
  EXPECT_TRUE(parsed.expression->needs_observation());  // observed.*.count
  EXPECT_FALSE(parse("run.cpus * 2", false).expression->needs_observation());
}

TEST_F(ExpressionTest, UnknownNamesAreSuggested) {
  EXPECT_EQ(error("squre.n * 2"), "0: unknown name 'squre.n' (did you mean 'square.n'?)");
  EXPECT_EQ(error("2 * run.cpu"), "4: unknown name 'run.cpu' (did you mean 'run.cpus'?)");
  EXPECT_EQ(error("square.m"),
            "0: extractor 'square' has no named group 'm' (it has: n, sq) (did you mean 'n'?)");
  // A '-' between letters belongs to a name (extractor names may hold one).
  EXPECT_EQ(error("square.n-square.n"),
            "0: extractor 'square' has no named group 'n-square' (it has: n, sq); to subtract, "
            "write spaces around '-' (a - b)");
  EXPECT_EQ(error("run.cpus-run.cpus"),
            "0: unknown name 'run.cpus-run.cpus' (did you mean 'run.cpus'?); to subtract, write "
            "spaces around '-' (a - b)");
  EXPECT_EQ(error("square.n-1"), "");
}

TEST_F(ExpressionTest, SyntaxErrorsPointAtTheirCharacter) {
  EXPECT_EQ(error("square.n *"), "10: expected an operand after '*', found the end");
  EXPECT_EQ(error("square.n * * 2"), "11: expected an operand after '*', found '*'");
  EXPECT_EQ(error("(square.n + 1"), "0: this '(' is never closed");
  EXPECT_EQ(error("square.n 2"), "9: expected an operator (+ - * /) or the end, found '2'");
  EXPECT_EQ(error("square.n == 4"),
            "9: expected an operator (+ - * /) or the end, found '=='; the comparison is the "
            "check's op");
  EXPECT_EQ(error("  "),
            "0: the expression is empty; write a number, a name or a formula such as "
            "'square.n * square.n'");
  EXPECT_EQ(error("4 / 0"), "4: division by zero");
  EXPECT_EQ(error("1..2"), "0: '1..2' is not a number");
  EXPECT_EQ(error("square.n # 2"), "9: expected an operator (+ - * /) or the end, found '#'");
  EXPECT_EQ(error("$"), "0: unexpected '$'");
}

TEST_F(ExpressionTest, WhatANameCannotBeWhere) {
  EXPECT_EQ(error("observed.processes"),
            "0: 'observed.processes' is a set of values, not a number; its size is "
            "observed.processes.count");
  EXPECT_EQ(error("square.author.is_main_thread"),
            "0: 'square.author.is_main_thread' is true or false, not a number");
  EXPECT_EQ(error("square.n", false),
            "0: 'square.n' has a value per line, and a bound is one number for the run; count "
            "lines with count(square), values with distinct(square.n), or count square first");
  EXPECT_EQ(error("square.author.pid", false),
            "0: 'square.author.pid' has a value per line, and a bound is one number for the run; "
            "count lines with count(square) or values with distinct(square.author.pid)");
  EXPECT_EQ(error("cont(square)"),
            "0: unknown function 'cont' (known: count, distinct) (did you mean 'count'?)");
  EXPECT_EQ(error("count(sqare)"),
            "6: count takes an extractor, and 'sqare' is none (did you mean 'square'?)");
  EXPECT_EQ(error("distinct(square)"),
            "9: distinct takes a line selector such as 'extractor.capture', found 'square' (did "
            "you mean 'square.n'?)");
}

TEST_F(ExpressionTest, OtherLinesNeedOneValue) {
  Extractor many;
  many.name = "many";
  many.captures = {"x"};
  exercise_.extractors.push_back(many);
  EXPECT_EQ(error("square.n * total.sum"), "");
  EXPECT_EQ(error("square.n * many.x"),
            "11: 'many.x' is compared as one value, but extractor 'many' may match several "
            "lines; count many first");
}

TEST_F(ExpressionTest, DepthAndLengthAreCapped) {
  EXPECT_EQ(error(std::string(31, '(') + "1" + std::string(31, ')')), "");
  EXPECT_EQ(error(std::string(40, '(') + "1" + std::string(40, ')')),
            "32: the expression nests deeper than 32 levels");
  EXPECT_EQ(error(std::string(40, '-') + "1"), "32: the expression nests deeper than 32 levels");
  EXPECT_EQ(error(std::string(5000, '(')), "1000: the expression is longer than 1000 characters");
  // Long chains of operators are loops, not recursion.
  std::string chain = "1";
  for (int i = 0; i < 400; ++i) {
    chain += "+1";
  }
  EXPECT_EQ(error(chain), "");
}

// Random texts of the expression's tokens: each parses or fails at a place inside the text,
// never past it (the loader turns the place into a column), and never crashes.
TEST_F(ExpressionTest, AnyTextParsesOrFailsInsideIt) {
  const std::vector<std::string> tokens = {"square.n",
                                           "square.sq",
                                           "run.cpus",
                                           "count(square)",
                                           "distinct(square.n)",
                                           "total.sum",
                                           "(",
                                           ")",
                                           "-",
                                           "+",
                                           "*",
                                           "/",
                                           "0",
                                           "2.5",
                                           "1e308",
                                           " ",
                                           "x",
                                           ".",
                                           "=="};
  std::mt19937 random(14);  // fixed: the same texts on every run
  int parsed = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const auto length = std::uniform_int_distribution<int>(0, 12)(random);
    for (int t = 0; t < length; ++t) {
      text += tokens[std::uniform_int_distribution<std::size_t>(0, tokens.size() - 1)(random)];
    }
    const ParsedExpression result = parse(text, i % 2 == 0);
    if (result.expression) {
      ++parsed;
      EXPECT_FALSE(result.expression->nodes.empty()) << text;
    } else {
      EXPECT_LE(result.error.offset, text.size()) << text;
      EXPECT_FALSE(result.error.message.empty()) << text;
    }
  }
  EXPECT_GT(parsed, 100);  // the texts reach the whole grammar, not just its errors
}

// A spec with the extractor `square` (captures `n` and `sq`): append the checks.
const char* const kSquareSpecHead = R"y(id: ex
title: t
prompt: p
contract: c
extract:
  square:
    pattern: 'square (?P<n>[0-9]+) = (?P<sq>[0-9]+)'
checks:
)y";

// Read from a file: the error's column is that of the character in the file.
std::string load_error(const std::string& checks) {
  try {
    (void)testing::SpecFile(std::string(kSquareSpecHead) + checks).load();
  } catch (const Error& e) {
    const std::string what = e.what();
    return what.substr(what.find("ex.yaml") + std::string("ex.yaml").size());
  }
  return "";
}

TEST(ExpressionInSpec, ErrorsHaveTheColumnOfTheCharacter) {
  // `expr: "` starts at column 45, the text at 52; 'squre.n' is its 12th character.
  EXPECT_EQ(
      load_error(
          R"y(  - {id: a, title: t, each: {of: square.sq, op: "==", expr: "square.n * squre.n"}}
)y"),
      ":9:73: unknown name 'squre.n' (did you mean 'square.n'?)");
  EXPECT_EQ(load_error(R"y(  - id: a
    title: t
    each: {of: square.sq, op: "==", expr: square.n *}
)y"),
            ":11:53: expected an operand after '*', found the end");
  EXPECT_EQ(load_error(R"y(  - id: a
    title: t
    count: {of: square, equals: run.cpu}
)y"),
            ":11:33: unknown name 'run.cpu' (did you mean 'run.cpus'?)");
}

// grade validate splits a loader's error into its place and its message.
TEST(ExpressionInSpec, ValidateReportsThePlaceOfTheCharacter) {
  const Problem p = problem_from_error(
      "ex.yaml" +
          load_error(R"y(  - {id: a, title: t, count: {of: square, at_most: "2 * (run.cpus"}}
)y"),
      "ex");
  EXPECT_EQ(p.where.line, 9);
  EXPECT_EQ(p.where.column, 57);
  EXPECT_EQ(p.message, "this '(' is never closed");
}

TEST(ExpressionInSpec, ABlockScalarNamesTheCharacter) {
  EXPECT_EQ(load_error(R"y(  - id: a
    title: t
    each:
      of: square.sq
      op: "=="
      expr: >-
        square.n *
        squre.n
)y"),
            ":14:13: unknown name 'squre.n' (did you mean 'square.n'?) (at character 12 of expr "
            "'square.n * squre.n')");
}

TEST(ExpressionInSpec, EachAndBoundsRead) {
  const Exercise exercise = testing::SpecFile(std::string(kSquareSpecHead) + R"y(
  - {id: a, title: t, each: {of: square.sq, op: "==", expr: "square.n * square.n"}}
  - {id: b, title: t, count: {of: square, equals: run.cpus}}
  - {id: c, title: t, count: {of: square, at_least: "run.cpus - 1", at_most: 8}}
  - {id: d, title: t, observed: {of: worker_processes, equals: count(square)}}
  - {id: e, title: t, distinct: {of: square.n, equals: "count(square)"}}
  - {id: f, title: t, count: {of: square, equals: observed.worker_processes.count}}
)y")
                                .load();
  ASSERT_EQ(exercise.checks.size(), 6U);
  EXPECT_TRUE(std::holds_alternative<Expression>(std::get<EachCheck>(exercise.checks[0].kind).rhs));
  const Bound& b = std::get<CountCheck>(exercise.checks[1].kind).bound;
  EXPECT_TRUE(b.equals_expr.has_value());
  EXPECT_FALSE(b.equals.has_value());
  const Bound& c = std::get<CountCheck>(exercise.checks[2].kind).bound;
  EXPECT_TRUE(c.at_least_expr.has_value());
  EXPECT_EQ(c.at_most, 8);
  EXPECT_FALSE(exercise.checks[1].needs_observation());
  EXPECT_TRUE(exercise.checks[5].needs_observation());  // a bound that needs observation
}

TEST(ExpressionInSpec, MisuseIsALoadError) {
  EXPECT_EQ(load_error(R"y(  - {id: a, title: t, each: {of: square.sq, op: in, expr: "square.n"}}
)y"),
            ":9:59: expr is one number: compare it with == != < <= > >=, not in / not_in");
  EXPECT_EQ(load_error(R"y(  - {id: a, title: t, count: {of: square, equals: run.cpus, at_most: 3}}
)y"),
            ":9:30: 'count' of check 'a': 'equals' cannot be combined with 'at_least'/'at_most'");
  EXPECT_EQ(load_error(R"y(  - {id: a, title: t, count: {of: square, equals: 1_000}}
)y"),
            ":9:51: equals '1_000' is text here; write numbers without underscores: 1000");
  EXPECT_EQ(
      load_error(R"y(  - {id: a, title: t, each: {of: square.sq, op: "==", value: 1, expr: "2"}}
)y"),
      ":9:29: each needs exactly one of 'value', 'fact', 'capture', 'same_line' or 'expr' "
      "to compare with");
}

}  // namespace
}  // namespace grade::spec

// One exercise spec (exercises/exN.yaml), parsed and validated into typed structs.
//
// The check vocabulary is documented in docs/spec-reference.md; keep the two in step.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <re2/re2.h>

#include "spec/expression.h"
#include "spec/limits.h"
#include "spec/location.h"
#include "spec/references.h"
#include "spec/scoring.h"
#include "spec/task_set.h"
#include "spec/value_list.h"

namespace grade::spec {

enum class Stream { kStdout, kStderr };

// Pulls structured values out of output lines. A line may match several extractors.
struct Extractor {
  std::string name;
  std::string pattern;
  std::string label;  // how messages name a matching line, e.g. "`Process ID: <pid>` lines"
  std::shared_ptr<const RE2> regex;       // compiled once, anchored to the whole line
  std::shared_ptr<const RE2> near_regex;  // optional: lines that look like an attempt
  Stream stream = Stream::kStdout;
  std::vector<std::string> captures;  // named groups, in pattern order
  Location where;
  // Captures with several values per line (`split`, `findall`); the others have one.
  ValueLists lists;

  bool several_values(std::string_view capture) const { return lists.contains(capture); }
};

struct Bound {
  std::optional<std::int64_t> equals;
  std::optional<std::int64_t> at_least;
  std::optional<std::int64_t> at_most;
  // Written as expressions (`equals: run.cpus`, `at_least: "count(pid_line) - 1"`): computed
  // on each run (check/bound_value.h), in place of the numbers above, which stay unset.
  std::optional<Expression> equals_expr;
  std::optional<Expression> at_least_expr;
  std::optional<Expression> at_most_expr;

  bool needs_observation() const;

  bool holds(std::int64_t n) const;
  std::string describe() const;  // "exactly 3", "at least 2", "between 1 and 4"
};

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

std::string_view op_symbol(Op op);
// `in` / `not_in`: membership in a set rather than a comparison with one value.
inline bool is_membership(Op op) { return op == Op::kIn || op == Op::kNotIn; }

// Selectors of the same line as the left-hand side, compared line by line: one selector
// for == != < <= > >=, a list of alternatives for in / not_in.
struct SameLine {
  std::vector<LineSelector> selectors;
};

// The right-hand side of a comparison: a number, a text, a boolean, a fact, a capture (with
// exactly one value; with `in` / `not_in`, the set of all its values), selectors of the same
// line, or an arithmetic expression (`expr`).
using Operand = std::variant<double, std::string, bool, Fact, CaptureRef, SameLine, Expression>;

// exit: the run's exit status (or the signal that killed it).
struct ExitCheck {
  std::optional<int> code;
  std::optional<int> signal;
};

// count: how many lines an extractor matched.
struct CountCheck {
  std::string extractor;
  Bound bound;
};

// distinct: how many different values a line selector took.
struct DistinctCheck {
  LineSelector of;
  Bound bound;
};

// all_equal: every value of a line selector is the same (needs at least one).
struct AllEqualCheck {
  LineSelector of;
};

// each: every value of a line selector compared with an operand.
struct EachCheck {
  LineSelector of;
  Op op = Op::kEq;
  Operand rhs;
};

// picks_min: the word in `choice` names the option whose (single) numeric value is smallest.
struct PicksMinCheck {
  CaptureRef choice;
  std::map<std::string, CaptureRef> options;
};

// observed: how many tasks of a set the run really created (needs observation).
struct ObservedCheck {
  TaskSet of = TaskSet::kProcesses;
  Bound bound;
};

// ended: every task of a set ended by exiting with this status: not by a signal, not killed
// by the grader (needs observation).
struct EndedCheck {
  TaskSet of = TaskSet::kWorkerProcesses;
  int exit_code = 0;
  // A task ended by a signal that a process of the run sent (Pool.terminate(), the end of a
  // `with Pool(...)` block) ended as the program meant it to: it counts as ended normally.
  bool stopped_by_program_ok = false;
};

// matches_span: every value of a capture (seconds the program says its tasks took) lies
// within [span * (1 - relative) - below, span * (1 + relative) + above], where span is the
// time from the first start to the last end of a task set (needs observation). With
// `rounds`, the program may time several rounds and print one (the best, the mean): the
// lower end is then computed from the shortest life of one task of the set instead.
struct MatchesSpanCheck {
  CaptureRef of;
  TaskSet tasks = TaskSet::kWorkerThreads;
  bool rounds = false;
  double relative = 0.5;
  double below = 0.05;  // seconds
  double above = 0.15;  // seconds
};

// unmatched: how many non-empty lines of a stream no extractor matched.
struct UnmatchedCheck {
  Stream stream = Stream::kStdout;
  Bound bound;
};

// source: how the program is written, from the facts its language's analyzer gives
// (check/source_facts.h; Python's own `ast` module for python and notebooks). One kind of fact
// and the names that satisfy it (any of them); `present: false` says the program must have
// none of them.
struct SourceCheck {
  enum class What { kImports, kCalls, kWith, kMainGuard };
  What what = What::kCalls;
  std::vector<std::string> names;  // dotted names ("threading.Lock"); empty for kMainGuard
  bool present = true;
};

std::string_view source_key(SourceCheck::What what);  // "imports", "calls", "with", "main_guard"

enum class Order { kIncreasing, kDecreasing, kNonDecreasing, kNonIncreasing };

std::string_view order_name(Order order);  // "non_decreasing", as written in specs

// ordered: the values of a line selector, in output order, are in this order; numbers
// compare as numbers when all of them are, else as text.
struct OrderedCheck {
  LineSelector of;
  Order order = Order::kIncreasing;
};

using CheckKind = std::variant<ExitCheck, CountCheck, DistinctCheck, AllEqualCheck, EachCheck,
                               PicksMinCheck, UnmatchedCheck, ObservedCheck, EndedCheck,
                               MatchesSpanCheck, SourceCheck, OrderedCheck>;

struct Check {
  std::string id;
  std::string title;
  int points = 1;
  std::string hint;
  // The hint for submissions in one language, instead of `hint` (`hints: {cpp: ...}`): the
  // same mistake is fixed with other calls in C++ than in Python.
  struct LanguageHint {
    std::string language;
    std::string text;
    Location where;
  };
  std::vector<LanguageHint> hints;
  // Counted in the score, but what it checks is not shown to students (report/view.h).
  bool hidden = false;
  std::vector<std::string> depends_on;
  // Only submissions in these languages are checked; empty: all. For what one language can
  // show and another cannot (C++ threads named with pthread_setname_np have kernel names,
  // Python's threads do not). See spec/exercise_languages.h.
  std::vector<std::string> languages;
  std::vector<Location> languages_where;  // where each of `languages` was written
  CheckKind kind;
  Location where;
  // `level: advice`: worth telling the student, never part of the score or the verdict (its
  // points are 0); a failing one shows in the report as advice.
  bool advice = false;

  // Whether the check looks at what the run really created or who wrote a line (facts,
  // selectors and kinds that need observation): skipped, with the reason, when not observed.
  bool needs_observation() const;
};

struct Exercise {
  std::filesystem::path file;
  std::string id;
  std::string title;
  std::string prompt;
  std::string contract;  // the exact output students are told to print
  std::optional<int> repeat;
  LimitOverrides limits;
  ScoringOverrides scoring;  // over the course's policy, rule by rule
  std::vector<Extractor> extractors;
  std::vector<Check> checks;
  // The languages (ids of the course's) the exercise accepts, in order: the first is the
  // default for `grade init`. Empty: every language of the course.
  std::vector<std::string> languages;
  // Where each of `languages` was written: the exercise loader does not read the course, so
  // the ids are checked against it later (spec/exercise_languages.h).
  std::vector<Location> languages_where;

  const Extractor* find_extractor(std::string_view name) const;
  const Check* find_check(std::string_view check_id) const;
  int max_score() const;
  // Whether a submission in this language may be graded against it.
  bool accepts(std::string_view language_id) const;
};

}  // namespace grade::spec

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
#include <variant>
#include <vector>

#include <re2/re2.h>

#include "spec/limits.h"
#include "spec/location.h"

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
};

// "extractor.capture", resolved and validated against the extractors at load time.
struct CaptureRef {
  std::string extractor;
  std::string capture;

  std::string str() const { return extractor + "." + capture; }
};

// Facts the grader knows about a run (see docs/spec-reference.md#facts).
enum class Fact {
  kLaunchedPid,       // run.pid: the PID of the process the grader started
  kWallTime,          // run.wall_time: seconds from start to the end of the run
  kCreatedProcesses,  // observed.processes: PIDs of every process the run created (a set)
};

// Facts that hold several values, compared with `in` / `not_in` only.
bool is_set_fact(Fact fact);
// Facts known only when the run was observed (traced); checks using them are skipped, with
// the reason, when it was not.
bool needs_observation(Fact fact);
std::string_view fact_name(Fact fact);  // "run.pid"

struct Bound {
  std::optional<std::int64_t> equals;
  std::optional<std::int64_t> at_least;
  std::optional<std::int64_t> at_most;

  bool holds(std::int64_t n) const;
  std::string describe() const;  // "exactly 3", "at least 2", "between 1 and 4"
};

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

std::string_view op_symbol(Op op);

// The right-hand side of a comparison.
using Operand = std::variant<double, std::string, Fact, CaptureRef>;

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

// distinct: how many different values a capture took.
struct DistinctCheck {
  CaptureRef of;
  Bound bound;
};

// all_equal: every value of a capture is the same (needs at least one).
struct AllEqualCheck {
  CaptureRef of;
};

// each: every value of a capture compared with an operand.
struct EachCheck {
  CaptureRef of;
  Op op = Op::kEq;
  Operand rhs;
};

// picks_min: the word in `choice` names the option whose (single) numeric value is smallest.
struct PicksMinCheck {
  CaptureRef choice;
  std::map<std::string, CaptureRef> options;
};

// observed: how many processes or threads the run really created (needs observation).
struct ObservedCheck {
  enum class Measure {
    kProcesses,   // processes created, the launched one not counted, at any depth
    kThreads,     // threads created in the launched process, its main thread not counted
    kAllThreads,  // threads created in any process of the run
  };
  Measure of = Measure::kProcesses;
  Bound bound;
};

std::string_view measure_name(ObservedCheck::Measure measure);  // "processes"

// unmatched: how many non-empty lines of a stream no extractor matched.
struct UnmatchedCheck {
  Stream stream = Stream::kStdout;
  Bound bound;
};

using CheckKind = std::variant<ExitCheck, CountCheck, DistinctCheck, AllEqualCheck, EachCheck,
                               PicksMinCheck, UnmatchedCheck, ObservedCheck>;

struct Check {
  std::string id;
  std::string title;
  int points = 1;
  std::string hint;
  // Counted in the score, but what it checks is not shown to students (report/view.h).
  bool hidden = false;
  std::vector<std::string> depends_on;
  CheckKind kind;
  Location where;

  // Whether the check looks at what the run really created (see Fact, ObservedCheck).
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
  std::vector<Extractor> extractors;
  std::vector<Check> checks;

  const Extractor* find_extractor(std::string_view name) const;
  const Check* find_check(std::string_view check_id) const;
  int max_score() const;
};

}  // namespace grade::spec

#include "check/evaluate.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "check/extract.h"
#include "util/text.h"

namespace grade::check {

namespace {

struct Outcome {
  bool pass = false;
  std::string message;
};

// Everything a check may look at, built once per run.
struct Evidence {
  const spec::Exercise& exercise;
  const run::RunResult& run;
  Extraction extraction;
};

constexpr std::size_t kMaxListed = 8;

std::optional<double> parse_number(std::string_view s) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string quote_list(const std::vector<std::string>& items) {
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < items.size() && i < kMaxListed; ++i) {
    shown.push_back("'" + text::escape_control(items[i]) + "'");
  }
  std::string out = text::join(shown, ", ");
  if (items.size() > kMaxListed) {
    out += fmt::format(" and {} more", items.size() - kMaxListed);
  }
  return out;
}

// "4101 (twice), 4102", in order of first appearance. Linear: a flood of values must not
// make grading slower than the run that printed them.
std::string tally(const std::vector<std::string>& values) {
  std::vector<std::pair<std::string_view, int>> counts;
  std::unordered_map<std::string_view, std::size_t> slot;
  for (const std::string& v : values) {
    const auto [it, inserted] = slot.try_emplace(v, counts.size());
    if (inserted) {
      counts.emplace_back(v, 0);
    }
    ++counts[it->second].second;
  }
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < counts.size() && i < kMaxListed; ++i) {
    const auto& [value, n] = counts[i];
    const std::string shown = text::escape_control(value);
    parts.push_back(n == 1   ? shown
                    : n == 2 ? fmt::format("{} (twice)", shown)
                             : fmt::format("{} ({} times)", shown, n));
  }
  std::string out = text::join(parts, ", ");
  if (counts.size() > kMaxListed) {
    out += fmt::format(" and {} more", counts.size() - kMaxListed);
  }
  return out;
}

std::size_t distinct_count(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return static_cast<std::size_t>(std::unique(values.begin(), values.end()) - values.begin());
}

bool compare(double lhs, spec::Op op, double rhs) {
  switch (op) {
    case spec::Op::kEq:
      return lhs == rhs;
    case spec::Op::kNe:
      return lhs != rhs;
    case spec::Op::kLt:
      return lhs < rhs;
    case spec::Op::kLe:
      return lhs <= rhs;
    case spec::Op::kGt:
      return lhs > rhs;
    case spec::Op::kGe:
      return lhs >= rhs;
    case spec::Op::kIn:
    case spec::Op::kNotIn:
      break;  // membership is decided against a set, in check_each
  }
  return false;
}

Outcome check_exit(const Evidence& ev, const spec::ExitCheck& c) {
  const run::RunResult& r = ev.run;
  if (c.code) {
    if (!r.timed_out && !r.output_limit_hit && r.exit_code == c.code) {
      return {true, fmt::format("exited with status {}", *c.code)};
    }
    return {false, fmt::format("expected the program to exit with status {}, but it {}", *c.code,
                               run::describe_end(r))};
  }
  if (r.signal == c.signal && !r.timed_out && !r.output_limit_hit) {
    return {true, fmt::format("was ended by {}", run::signal_name(*c.signal))};
  }
  return {false, fmt::format("expected the program to be ended by {}, but it {}",
                             run::signal_name(c.signal.value_or(0)), run::describe_end(r))};
}

Outcome check_count(const Evidence& ev, const spec::CountCheck& c) {
  const spec::Extractor& extractor = *ev.exercise.find_extractor(c.extractor);
  const auto n = static_cast<std::int64_t>(ev.extraction.of(c.extractor).size());
  std::string message =
      fmt::format("expected {} {}, saw {}", c.bound.describe(), extractor.label, n);
  const bool pass = c.bound.holds(n);
  if (const auto it = ev.extraction.near_misses.find(c.extractor);
      !pass && it != ev.extraction.near_misses.end()) {
    message += fmt::format("; these lines look close but are not in the exact format: {}",
                           quote_list(it->second));
  }
  return {pass, message};
}

Outcome check_distinct(const Evidence& ev, const spec::DistinctCheck& c) {
  const std::vector<std::string> values = ev.extraction.values(c.of);
  const auto n = static_cast<std::int64_t>(distinct_count(values));
  std::string message =
      fmt::format("expected {} distinct values of {}, saw {}", c.bound.describe(), c.of.capture, n);
  if (!values.empty()) {
    message += ": " + tally(values);
  }
  return {c.bound.holds(n), message};
}

Outcome check_all_equal(const Evidence& ev, const spec::AllEqualCheck& c) {
  const std::vector<std::string> values = ev.extraction.values(c.of);
  if (values.empty()) {
    return {false, fmt::format("expected every {} to be the same, but there was no {} to compare",
                               c.of.capture, c.of.capture)};
  }
  const std::size_t n = distinct_count(values);
  if (n == 1) {
    return {true, fmt::format("all {} values of {} are {}", values.size(), c.of.capture,
                              text::escape_control(values.front()))};
  }
  return {false, fmt::format("expected every {} to be the same, saw {} different values: {}",
                             c.of.capture, n, tally(values))};
}

// The right-hand side of `each`, resolved against this run.
struct Rhs {
  std::optional<std::vector<int>> set;  // sorted
  // The set lists only part of the fact (observed.processes past the observation's cap):
  // a value not in it may still belong to the fact.
  bool incomplete = false;
  std::optional<double> number;
  std::optional<std::string> text;
  std::string description;  // "4100 (run.pid, the PID of the program the grader started)"
  std::string error;        // set when it cannot be resolved
};

// "4101, 4102, 4103", at most kMaxListed of them.
std::string pid_list(const std::vector<int>& pids) {
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < pids.size() && i < kMaxListed; ++i) {
    shown.push_back(std::to_string(pids[i]));
  }
  std::string out = text::join(shown, ", ");
  if (pids.size() > kMaxListed) {
    out += fmt::format(" and {} more", pids.size() - kMaxListed);
  }
  return out;
}

Rhs resolve(const Evidence& ev, const spec::Operand& operand) {
  Rhs rhs;
  if (const auto* number = std::get_if<double>(&operand)) {
    rhs.number = *number;
    rhs.description = fmt::format("{}", *number);
  } else if (const auto* s = std::get_if<std::string>(&operand)) {
    rhs.text = *s;
    rhs.description = fmt::format("'{}'", *s);
  } else if (const auto* fact = std::get_if<spec::Fact>(&operand)) {
    if (*fact == spec::Fact::kCreatedProcesses) {
      const run::Observation& observed = ev.run.observed;
      std::vector<int> pids = observed.created_processes();
      std::sort(pids.begin(), pids.end());
      rhs.description = fmt::format("the {} processes this run created (observed.processes{})",
                                    observed.processes_created(),
                                    pids.empty() ? "" : ": " + pid_list(pids));
      rhs.set = std::move(pids);
      rhs.incomplete = !observed.complete();
    } else if (*fact == spec::Fact::kLaunchedPid) {
      rhs.number = ev.run.pid;
      rhs.description =
          fmt::format("{} (run.pid, the PID of the program the grader started)", ev.run.pid);
    } else {
      rhs.number = ev.run.wall_seconds;
      rhs.description = fmt::format(
          "{:.3f} (run.wall_time, how long the whole run took in seconds)", ev.run.wall_seconds);
    }
  } else {
    const auto& ref = std::get<spec::CaptureRef>(operand);
    const std::vector<std::string> values = ev.extraction.values(ref);
    if (values.size() != 1) {
      rhs.error = fmt::format("cannot compare with {}: expected exactly one value, saw {}",
                              ref.str(), values.size());
    } else if (const auto parsed = parse_number(values.front())) {
      rhs.number = *parsed;
      rhs.description = fmt::format("{} ({})", values.front(), ref.str());
    } else {
      rhs.text = values.front();
      rhs.description = fmt::format("'{}' ({})", text::escape_control(values.front()), ref.str());
    }
  }
  return rhs;
}

Outcome check_each(const Evidence& ev, const spec::EachCheck& c) {
  const std::vector<std::string> values = ev.extraction.values(c.of);
  const Rhs rhs = resolve(ev, c.rhs);
  if (!rhs.error.empty()) {
    return {false, rhs.error};
  }
  if (values.empty()) {
    return {false, fmt::format("there was no {} to check", c.of.capture)};
  }
  const bool ordering = c.op != spec::Op::kEq && c.op != spec::Op::kNe && !rhs.set;
  if (ordering && !rhs.number) {
    return {false, fmt::format("cannot order {} against {}: it is not a number", c.of.capture,
                               rhs.description)};
  }
  std::vector<std::string> bad;
  std::vector<std::string> not_numbers;
  std::vector<std::string> unknown;  // not in an incomplete set: cannot be decided
  for (const std::string& value : values) {
    bool ok = false;
    if (rhs.set) {
      const auto lhs = parse_number(value);
      if (!lhs) {
        not_numbers.push_back(value);
        continue;
      }
      const bool found =
          *lhs == std::floor(*lhs) &&
          std::binary_search(rhs.set->begin(), rhs.set->end(), static_cast<int>(*lhs));
      if (!found && rhs.incomplete) {
        unknown.push_back(value);
        continue;
      }
      ok = found == (c.op == spec::Op::kIn);
    } else if (rhs.number) {
      const auto lhs = parse_number(value);
      if (!lhs) {
        not_numbers.push_back(value);
        continue;
      }
      ok = compare(*lhs, c.op, *rhs.number);
    } else {
      ok = (value == *rhs.text) == (c.op == spec::Op::kEq);
    }
    if (!ok) {
      bad.push_back(value);
    }
  }
  const std::string expectation =
      fmt::format("expected every {} {} {}", c.of.capture, spec::op_symbol(c.op), rhs.description);
  if (!not_numbers.empty()) {
    return {false,
            fmt::format("{}, but these are not numbers: {}", expectation, quote_list(not_numbers))};
  }
  if (!bad.empty()) {
    return {false, fmt::format("{}, but {} of {} {} not: {}", expectation, bad.size(),
                               values.size(), bad.size() == 1 ? "is" : "are", tally(bad))};
  }
  // Past the cap the list is not the whole fact: a check that needs the rest fails rather
  // than pass by accident (a program that makes more than a thousand processes is far from
  // what any exercise asks).
  if (!unknown.empty()) {
    return {false, fmt::format("{}, but the run created more processes and threads than the "
                               "grader lists ({}), so these cannot be checked: {}",
                               expectation, run::Observation::kMaxListedTasks, tally(unknown))};
  }
  return {true, expectation};
}

Outcome check_picks_min(const Evidence& ev, const spec::PicksMinCheck& c) {
  const std::vector<std::string> choices = ev.extraction.values(c.choice);
  if (choices.size() != 1) {
    return {false,
            fmt::format("expected exactly one {}, saw {}", c.choice.capture, choices.size())};
  }
  const std::string& chosen = choices.front();
  std::vector<std::string> names;
  std::map<std::string, double> numbers;
  std::vector<std::string> shown;
  for (const auto& [word, ref] : c.options) {
    names.push_back(word);
    const std::vector<std::string> values = ev.extraction.values(ref);
    const auto number = values.size() == 1 ? parse_number(values.front()) : std::nullopt;
    if (!number) {
      return {false,
              fmt::format("cannot tell which is smaller: {} needs exactly one number, saw {}",
                          ref.str(), values.empty() ? "none" : quote_list(values))};
    }
    numbers[word] = *number;
    shown.push_back(fmt::format("{} {}", word, text::escape_control(values.front())));
  }
  const auto it = numbers.find(chosen);
  if (it == numbers.end()) {
    return {false, fmt::format("'{}' is not one of: {}", text::escape_control(chosen),
                               text::join(names, ", "))};
  }
  const double smallest =
      std::min_element(numbers.begin(), numbers.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
      })->second;
  const std::string measured = text::join(shown, ", ");
  if (it->second <= smallest) {
    return {true, fmt::format("'{}' is the smallest ({})", text::escape_control(chosen), measured)};
  }
  return {false, fmt::format("the program says '{}', but its own numbers say otherwise ({})",
                             text::escape_control(chosen), measured)};
}

Outcome check_unmatched(const Evidence& ev, const spec::UnmatchedCheck& c) {
  const bool out = c.stream == spec::Stream::kStdout;
  const std::vector<std::string>& lines =
      out ? ev.extraction.unmatched_stdout : ev.extraction.unmatched_stderr;
  const auto n = static_cast<std::int64_t>(lines.size());
  std::string message = fmt::format("expected {} other lines on {}, saw {}", c.bound.describe(),
                                    out ? "stdout" : "stderr", n);
  if (!lines.empty()) {
    message += ": " + quote_list(lines);
  }
  return {c.bound.holds(n), message};
}

Outcome check_observed(const Evidence& ev, const spec::ObservedCheck& c) {
  const run::Observation& seen = ev.run.observed;
  std::size_t n = 0;
  std::string what;
  switch (c.of) {
    case spec::ObservedCheck::Measure::kProcesses:
      n = seen.processes_created();  // the listed ones and those past the cap
      what = "new processes";
      break;
    case spec::ObservedCheck::Measure::kThreads:
      n = seen.threads_created_in(ev.run.pid);
      what = "new threads in the main program";
      break;
    case spec::ObservedCheck::Measure::kAllThreads:
      n = seen.threads_created();
      what = "new threads";
      break;
  }
  const auto count = static_cast<std::int64_t>(n);
  return {c.bound.holds(count), fmt::format("expected the run to create {} {}; it created {}",
                                            c.bound.describe(), what, count)};
}

Outcome run_check(const Evidence& ev, const spec::CheckKind& kind) {
  return std::visit(
      [&](const auto& c) -> Outcome {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, spec::ExitCheck>) {
          return check_exit(ev, c);
        } else if constexpr (std::is_same_v<T, spec::CountCheck>) {
          return check_count(ev, c);
        } else if constexpr (std::is_same_v<T, spec::DistinctCheck>) {
          return check_distinct(ev, c);
        } else if constexpr (std::is_same_v<T, spec::AllEqualCheck>) {
          return check_all_equal(ev, c);
        } else if constexpr (std::is_same_v<T, spec::EachCheck>) {
          return check_each(ev, c);
        } else if constexpr (std::is_same_v<T, spec::PicksMinCheck>) {
          return check_picks_min(ev, c);
        } else if constexpr (std::is_same_v<T, spec::ObservedCheck>) {
          return check_observed(ev, c);
        } else {
          return check_unmatched(ev, c);
        }
      },
      kind);
}

// The first prerequisite of `check` that did not pass, or nullptr.
const CheckResult* first_blocker(const spec::Check& check, const std::vector<CheckResult>& done) {
  for (const std::string& dependency : check.depends_on) {
    for (const CheckResult& d : done) {
      if (d.id == dependency && d.status != CheckStatus::kPass) {
        return &d;
      }
    }
  }
  return nullptr;
}

}  // namespace

std::vector<CheckResult> evaluate(const spec::Exercise& exercise, const run::RunResult& result) {
  const Evidence ev{exercise, result, extract(exercise, result)};
  std::vector<CheckResult> results;
  results.reserve(exercise.checks.size());
  for (const spec::Check& check : exercise.checks) {
    CheckResult r;
    r.id = check.id;
    r.title = check.title;
    r.max_points = check.points;
    r.hidden = check.hidden;
    const CheckResult* blocker = first_blocker(check, results);
    if (blocker != nullptr) {
      r.status = CheckStatus::kSkip;
      r.unobserved = blocker->unobserved;
      // A visible check's message must not name a hidden one: students read it.
      const std::string name =
          blocker->hidden && !check.hidden ? "a hidden check" : fmt::format("'{}'", blocker->id);
      r.message = blocker->unobserved
                      ? fmt::format("not checked, because {} could not be checked", name)
                      : fmt::format("not checked, because {} did not pass", name);
    } else if (check.needs_observation() && !result.observed.observed()) {
      r.status = CheckStatus::kSkip;
      r.unobserved = true;
      r.message = "not checked: " + (result.observed.reason.empty() ? "the run was not observed"
                                                                    : result.observed.reason);
    } else {
      Outcome outcome = run_check(ev, check.kind);
      r.status = outcome.pass ? CheckStatus::kPass : CheckStatus::kFail;
      r.points = outcome.pass ? check.points : 0;
      r.message = std::move(outcome.message);
      if (!outcome.pass) {
        r.hint = check.hint;
      }
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace grade::check

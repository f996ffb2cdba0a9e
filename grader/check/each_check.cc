// The `each` check: every value of a line selector compared with a constant, a fact, a
// capture with one value, or selectors of the same line (docs/spec-reference.md#each).
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "check/authorship.h"
#include "check/check_kinds.h"
#include "check/each_operand.h"
#include "check/expression_value.h"
#include "check/fact_value.h"
#include "check/listing.h"
#include "check/task_sets.h"
#include "util/proc_info.h"
#include "util/text.h"

namespace grade::check {

namespace {

bool same_value(const std::string& a, const std::string& b) {
  const auto x = parse_number(a);
  const auto y = parse_number(b);
  return x && y ? *x == *y : a == b;
}

// Whether a printed `value` is a task's `name`: the same, or it starts with a name of the
// full kMaxTaskName bytes, where the kernel cut a longer one ("worker-thread-number-1" set
// with prctl, or printed from the program's own record of the name it chose).
bool is_task_name(std::string_view value, std::string_view name) {
  return value == name || (name.size() == kMaxTaskName && value.substr(0, name.size()) == name);
}

// With an expression's number, == and != allow for rounding (check/expression_value.h).
bool compare_number(double lhs, spec::Op op, double rhs, bool computed) {
  if (computed && (op == spec::Op::kEq || op == spec::Op::kNe)) {
    return equal_computed(lhs, rhs) == (op == spec::Op::kEq);
  }
  return compare(lhs, op, rhs);
}

// What one line came to.
enum class Verdict { kOk, kBad, kNotANumber, kNotListed, kUnknown };

Verdict against_names(const std::string& value, spec::Op op, const Constant& rhs) {
  const bool found =
      std::any_of(rhs.names->begin(), rhs.names->end(),
                  [&](const std::string& name) { return is_task_name(value, name); });
  if (!found && rhs.incomplete) {
    return Verdict::kNotListed;
  }
  return found == (op == spec::Op::kIn) ? Verdict::kOk : Verdict::kBad;
}

Verdict against_constant(const std::string& value, spec::Op op, const Constant& rhs) {
  if (rhs.names) {
    return against_names(value, op, rhs);
  }
  if (rhs.values) {
    const bool found = std::any_of(rhs.values->begin(), rhs.values->end(),
                                   [&](const std::string& v) { return same_value(value, v); });
    return found == (op == spec::Op::kIn) ? Verdict::kOk : Verdict::kBad;
  }
  if (rhs.set) {
    const auto lhs = parse_number(value);
    if (!lhs) {
      return Verdict::kNotANumber;
    }
    const auto id = whole_int(*lhs);
    const bool found = id && std::binary_search(rhs.set->begin(), rhs.set->end(), *id);
    if (!found && rhs.incomplete) {
      return Verdict::kNotListed;
    }
    return found == (op == spec::Op::kIn) ? Verdict::kOk : Verdict::kBad;
  }
  if (rhs.number) {
    const auto lhs = parse_number(value);
    if (!lhs) {
      return Verdict::kNotANumber;
    }
    return compare_number(*lhs, op, *rhs.number, rhs.computed) ? Verdict::kOk : Verdict::kBad;
  }
  return (value == *rhs.text) == (op == spec::Op::kEq) ? Verdict::kOk : Verdict::kBad;
}

Verdict against_same_line(const std::string& value, spec::Op op,
                          const std::vector<LineValue>& alternatives) {
  if (spec::is_membership(op)) {
    const bool found = std::any_of(alternatives.begin(), alternatives.end(), [&](const auto& a) {
      return a.state == LineValue::State::kKnown && same_value(value, a.text);
    });
    // not_in cannot hold when an alternative has no value: it might have been equal.
    const bool undefined = std::any_of(alternatives.begin(), alternatives.end(), [](const auto& a) {
      return a.state != LineValue::State::kKnown;
    });
    const bool ok = op == spec::Op::kIn ? found : !found && !undefined;
    return ok ? Verdict::kOk : Verdict::kBad;
  }
  const LineValue& rhs = alternatives.front();
  if (rhs.state != LineValue::State::kKnown) {
    return Verdict::kBad;
  }
  if (op == spec::Op::kEq || op == spec::Op::kNe) {
    return same_value(value, rhs.text) == (op == spec::Op::kEq) ? Verdict::kOk : Verdict::kBad;
  }
  const auto x = parse_number(value);
  const auto y = parse_number(rhs.text);
  if (!x || !y) {
    return Verdict::kNotANumber;
  }
  return compare(*x, op, *y) ? Verdict::kOk : Verdict::kBad;
}

// "author.pid in (pid, pid.parent) of the same line"
std::string same_line_description(spec::Op op, const spec::SameLine& same) {
  std::vector<std::string> names;
  for (const spec::LineSelector& s : same.selectors) {
    names.push_back(s.name());
  }
  return spec::is_membership(op) ? fmt::format("({}) of the same line", text::join(names, ", "))
                                 : fmt::format("{} of the same line", names.front());
}

// `expr` with names of the line, computed line by line; null otherwise.
const spec::Expression* line_expression(const spec::EachCheck& c) {
  const auto* e = std::get_if<spec::Expression>(&c.rhs);
  return e != nullptr && e->per_line() ? e : nullptr;
}

// A line's value against `expr` computed on the same line.
Verdict against_computed(const std::string& value, spec::Op op, const Computed& rhs) {
  if (!rhs.value) {
    return Verdict::kBad;  // described with the line: why it cannot be computed
  }
  const auto lhs = parse_number(value);
  if (!lhs) {
    return Verdict::kNotANumber;
  }
  return compare_number(*lhs, op, *rhs.value, true) ? Verdict::kOk : Verdict::kBad;
}

// The lines and what each came to, with what messages need.
struct LineResults {
  std::vector<const Match*> bad;
  std::vector<std::string> bad_values;  // of `bad`, in the same order
  std::vector<std::string> not_numbers;
  std::vector<std::string> not_listed;
  std::string unknown;  // why the first line the grader could not see is not known
  std::size_t lines = 0;
};

// One line: "line 2 'Process ID: 4102' was written by process 4199; pid is 4102, pid.parent
// is 4100".
std::string describe_line(const Evidence& ev, const spec::EachCheck& c, const Match& match) {
  const run::Observation& seen = ev.run.observed;
  const LineValue lhs = value_on(c.of, match, seen);
  std::string out = fmt::format("line {} '{}'", match.line, text::escape_control(match.text));
  if (c.of.reads_author()) {
    out += fmt::format(" was written by {}", describe_author(match, seen));
  } else {
    out += lhs.state == LineValue::State::kKnown
               ? fmt::format(": {} is {}", c.of.name(), text::escape_control(lhs.text))
               : fmt::format(": {}", lhs.why);
  }
  if (const spec::Expression* e = line_expression(c)) {
    const Computed rhs = compute(ev, *e, &match);
    return out + (rhs.value ? fmt::format("; {} is {}", e->text, *rhs.value)
                            : fmt::format("; {}", rhs.error));
  }
  const auto* same = std::get_if<spec::SameLine>(&c.rhs);
  if (same == nullptr) {
    return out;
  }
  std::vector<std::string> parts;
  for (const spec::LineSelector& s : same->selectors) {
    const LineValue v = value_on(s, match, seen);
    parts.push_back(v.state == LineValue::State::kKnown
                        ? fmt::format("{} is {}", s.name(), text::escape_control(v.text))
                        : fmt::format("{} has no value ({})", s.name(), v.why));
  }
  return out + "; " + text::join(parts, ", ");
}

// A line whose `expr` needs a value the grader could not see: why, else "".
std::string unseen_in_expression(const Evidence& ev, const spec::EachCheck& c, const Match& match) {
  const spec::Expression* e = line_expression(c);
  return e == nullptr ? "" : compute(ev, *e, &match).unknown;
}

Verdict judge_line(const Evidence& ev, const spec::EachCheck& c, const Constant& constant,
                   const Match& match, const std::string& value,
                   const std::vector<LineValue>& alternatives) {
  if (const spec::Expression* e = line_expression(c)) {
    return against_computed(value, c.op, compute(ev, *e, &match));
  }
  return std::holds_alternative<spec::SameLine>(c.rhs)
             ? against_same_line(value, c.op, alternatives)
             : against_constant(value, c.op, constant);
}

// One value of `of` on `match` (a line may hold several: split, findall), with the values of
// the same_line selectors on that line.
void judge_value(const Evidence& ev, const spec::EachCheck& c, const Constant& constant,
                 const Match& match, const LineValue& lhs,
                 const std::vector<LineValue>& alternatives, LineResults& r) {
  ++r.lines;
  const LineValue* unknown =
      lhs.state == LineValue::State::kUnknown ? &lhs : first_unknown(alternatives);
  const std::string unseen = unknown != nullptr ? unknown->why : unseen_in_expression(ev, c, match);
  if (!unseen.empty()) {
    if (r.unknown.empty()) {
      r.unknown = unseen;
    }
    return;
  }
  Verdict verdict = Verdict::kBad;
  if (lhs.state == LineValue::State::kKnown) {
    verdict = judge_line(ev, c, constant, match, lhs.text, alternatives);
  }
  if (verdict == Verdict::kNotANumber) {
    r.not_numbers.push_back(lhs.text);
  } else if (verdict == Verdict::kNotListed) {
    r.not_listed.push_back(lhs.text);
  } else if (verdict == Verdict::kBad) {
    r.bad.push_back(&match);
    r.bad_values.push_back(lhs.state == LineValue::State::kKnown ? lhs.text : lhs.why);
  }
}

LineResults judge_lines(const Evidence& ev, const spec::EachCheck& c, const Constant& constant) {
  LineResults r;
  const run::Observation& seen = ev.run.observed;
  const auto* same = std::get_if<spec::SameLine>(&c.rhs);
  for (const Match& match : ev.extraction.of(c.of.extractor)) {
    std::vector<LineValue> alternatives;
    if (same != nullptr) {
      for (const spec::LineSelector& s : same->selectors) {
        alternatives.push_back(value_on(s, match, seen));
      }
    }
    for (const LineValue& lhs : values_on(c.of, match, seen)) {
      judge_value(ev, c, constant, match, lhs, alternatives, r);
    }
  }
  return r;
}

// "the 5 lines were all written by the main thread (TID 4100)", "2 of the 5 lines were
// written by process 4101 and the main thread (TID 4100)".
std::string bad_writers(const Evidence& ev, const LineResults& r) {
  std::vector<std::string> who;
  for (const Match* m : r.bad) {
    std::string w = describe_author(*m, ev.run.observed);
    if (std::find(who.begin(), who.end(), w) == who.end()) {
      who.push_back(std::move(w));
    }
  }
  const std::string writers = who.size() > kMaxListed
                                  ? fmt::format("{} different tasks", who.size())
                                  : text::join(who, who.size() == 2 ? " and " : ", ");
  if (r.bad.size() == r.lines) {
    return r.lines == 1 ? fmt::format("the line was written by {}", writers)
                        : fmt::format("the {} lines were all written by {}", r.lines, writers);
  }
  return fmt::format("{} of the {} lines {} written by {}", r.bad.size(), r.lines,
                     r.bad.size() == 1 ? "was" : "were", writers);
}

// Whether `c` asks who wrote the lines among a set of tasks: "author.tid in observed.threads".
bool asks_writers_in_set(const spec::EachCheck& c, const Constant& constant) {
  return constant.set && c.op == spec::Op::kIn &&
         (c.of.kind == spec::LineSelector::Kind::kAuthorTid ||
          c.of.kind == spec::LineSelector::Kind::kAuthorPid);
}

// "to be written by your program's own process (PID 4100)": a true-or-false selector of the
// writer compared with a constant, said as what it means.
std::optional<std::string> writer_kind(const Evidence& ev, const spec::EachCheck& c) {
  const bool* value = std::get_if<bool>(&c.rhs);
  if (value == nullptr || !c.of.is_boolean()) {
    return std::nullopt;
  }
  const bool wanted = *value == (c.op == spec::Op::kEq);
  if (c.of.kind == spec::LineSelector::Kind::kAuthorIsLaunched) {
    return wanted ? fmt::format("your program's own process (PID {})", ev.run.pid)
                  : std::string("a process your program created, not by your program itself");
  }
  return wanted ? std::string("the main thread of its process")
                : std::string("a thread the program started, not by a main thread");
}

std::string expectation(const Evidence& ev, const spec::EachCheck& c, const Constant& constant) {
  if (const std::optional<std::string> kind = writer_kind(ev, c)) {
    return fmt::format("expected every one of the {} to be written by {}",
                       ev.exercise.find_extractor(c.of.extractor)->label, *kind);
  }
  if (asks_writers_in_set(c, constant)) {
    return fmt::format("expected every one of the {} to be written by one of {}",
                       ev.exercise.find_extractor(c.of.extractor)->label, constant.description);
  }
  const auto* same = std::get_if<spec::SameLine>(&c.rhs);
  if (const spec::Expression* e = line_expression(c)) {
    return fmt::format("expected every {} {} {} of the same line", c.of.name(),
                       spec::op_symbol(c.op), e->text);
  }
  return fmt::format("expected every {} {} {}", c.of.name(), spec::op_symbol(c.op),
                     same != nullptr ? same_line_description(c.op, *same) : constant.description);
}

std::string failure(const Evidence& ev, const spec::EachCheck& c, const Constant& constant,
                    const LineResults& r) {
  const std::string expected = expectation(ev, c, constant);
  if (!r.not_numbers.empty()) {
    return fmt::format("{}, but these are not numbers: {}", expected, quote_list(r.not_numbers));
  }
  if (std::holds_alternative<spec::SameLine>(c.rhs) || line_expression(c) != nullptr) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < r.bad.size() && i < kMaxListed; ++i) {
      lines.push_back(describe_line(ev, c, *r.bad[i]));
    }
    return fmt::format("{}, but {} of {} {} not: {}", expected, r.bad.size(), r.lines,
                       r.bad.size() == 1 ? "line is" : "lines are", text::join(lines, "; "));
  }
  if (c.of.reads_author()) {
    std::string out = fmt::format("{}, but {}", expected, bad_writers(ev, r));
    if (asks_writers_in_set(c, constant) && r.bad.size() == r.lines) {
      out += fmt::format(", while {} wrote none of them", constant.members);
    }
    return out;
  }
  return fmt::format("{}, but {} of {} {} not: {}", expected, r.bad.size(), r.lines,
                     r.bad.size() == 1 ? "is" : "are", tally(r.bad_values));
}

}  // namespace

Outcome check_each(const Evidence& ev, const spec::EachCheck& c) {
  const Constant constant = resolve(ev, c.rhs, c.op);
  if (!constant.error.empty()) {
    return Outcome::fail(constant.error);
  }
  if (!constant.unknown.empty()) {
    return Outcome::unknown(constant.unknown);
  }
  if (ev.extraction.of(c.of.extractor).empty()) {
    return Outcome::fail(fmt::format("there was no {} to check", c.of.name()));
  }
  const bool same_line =
      std::holds_alternative<spec::SameLine>(c.rhs) || line_expression(c) != nullptr;
  const bool ordering =
      !spec::is_membership(c.op) && c.op != spec::Op::kEq && c.op != spec::Op::kNe;
  if (ordering && !same_line && !constant.number) {
    return Outcome::fail(fmt::format("cannot order {} against {}: it is not a number", c.of.name(),
                                     constant.description));
  }
  const LineResults r = judge_lines(ev, c, constant);
  if (r.lines == 0) {  // every line had an empty list
    return Outcome::fail(fmt::format("there was no {} to check", c.of.name()));
  }
  if (!r.not_numbers.empty() || !r.bad.empty()) {
    return Outcome::fail(failure(ev, c, constant, r));
  }
  // Past the cap the list is not the whole fact: a check that needs the rest fails rather
  // than pass by accident (a program that makes more than a thousand processes is far from
  // what any exercise asks).
  if (!r.not_listed.empty()) {
    return Outcome::fail(fmt::format(
        "{}, but the run created more processes and threads than "
        "the grader lists ({}), so these cannot be checked: {}",
        expectation(ev, c, constant), run::Observation::kMaxListedTasks, tally(r.not_listed)));
  }
  // A line the grader could not see decides nothing either way: the check is skipped, with
  // the reason, unless another line already failed it above.
  if (!r.unknown.empty()) {
    return Outcome::unknown(r.unknown);
  }
  return Outcome::pass(expectation(ev, c, constant));
}

}  // namespace grade::check

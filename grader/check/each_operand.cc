#include "check/each_operand.h"

#include <algorithm>

#include <fmt/format.h>

#include "check/expression_value.h"
#include "check/fact_value.h"
#include "check/listing.h"
#include "check/task_sets.h"
#include "util/text.h"

namespace grade::check {

namespace {

std::string members_phrase(const TaskSelection& s) {
  const std::string n =
      s.maybe_omitted > 0 ? fmt::format("at least {}", s.least()) : std::to_string(s.least());
  switch (s.set) {
    case spec::TaskSet::kProcesses:
      return fmt::format("the {} processes this run created", n);
    case spec::TaskSet::kDirectProcesses:
      return fmt::format("the {} processes the main program started itself", n);
    case spec::TaskSet::kWorkerProcesses:
      return fmt::format("the {} worker processes this run created", n);
    case spec::TaskSet::kThreads:
      return fmt::format("the {} threads the program started", n);
    case spec::TaskSet::kAllThreads:
      return fmt::format("the {} threads this run created", n);
    case spec::TaskSet::kWorkerThreads:
      return fmt::format("the {} worker threads the program started", n);
  }
  return "";
}

// The names of a set's tasks as the kernel had them: "the names of the 5 threads the program
// started (observed.threads.names: 'worker-1', 'worker-2', ...)".
Constant names_fact(const TaskSelection& s, const std::string& fact_name) {
  Constant c;
  std::vector<std::string> names;
  for (const run::Task* task : s.tasks) {
    if (!task->name.empty() && std::find(names.begin(), names.end(), task->name) == names.end()) {
      names.push_back(task->name);
    }
  }
  c.members = members_phrase(s);
  c.description = fmt::format("the names of {} ({}: {})", c.members, fact_name,
                              names.empty() ? std::string("none known") : quote_list(names));
  c.names = std::move(names);
  c.incomplete = !s.whole();
  return c;
}

// A fact that is a set: observed.<set> (PIDs or TIDs) or observed.<set>.names.
Constant set_fact(const Evidence& ev, const spec::Fact& fact) {
  const TaskSelection s = select_tasks(ev.run.observed, fact.tasks);
  const std::string name = fact.name();
  if (fact.kind == spec::Fact::Kind::kTaskNames) {
    return names_fact(s, name);
  }
  Constant c;
  const std::vector<int> ids = s.ids();
  c.members = members_phrase(s);
  c.description = fmt::format("{} ({}{})", c.members, name, ids.empty() ? "" : ": " + id_list(ids));
  c.set = ids;
  c.incomplete = !s.whole();
  return c;
}

// A fact that is one number: run.pid, run.cpus, observed.<set>.span, ...
Constant number_fact(const Evidence& ev, const spec::Fact& fact) {
  Constant c;
  FactValue value = fact_value(ev, fact);
  c.number = value.value;
  c.description = std::move(value.shown);
  c.unknown = std::move(value.unknown);
  return c;
}

// `expr` without names of the line: one number for every line.
Constant computed_constant(const Evidence& ev, const spec::Expression& expression) {
  Constant c;
  if (expression.per_line()) {
    return c;  // computed line by line
  }
  Computed value = compute(ev, expression, nullptr);
  c.number = value.value;
  c.computed = true;
  c.description = std::move(value.words);
  c.error = std::move(value.error);
  c.unknown = std::move(value.unknown);
  return c;
}

Constant capture_constant(const Evidence& ev, const spec::CaptureRef& ref) {
  Constant c;
  const std::vector<std::string> values = ev.extraction.values(ref);
  if (values.size() != 1) {
    c.error = fmt::format("cannot compare with {}: expected exactly one value, saw {}", ref.str(),
                          values.size());
  } else if (const auto parsed = parse_number(values.front())) {
    c.number = *parsed;
    c.description = fmt::format("{} ({})", values.front(), ref.str());
  } else {
    c.text = values.front();
    c.description = fmt::format("'{}' ({})", text::escape_control(values.front()), ref.str());
  }
  return c;
}

// For in / not_in: "the pid values of the "Child: <pid>" lines (4101, 4102)".
Constant capture_set(const Evidence& ev, const spec::CaptureRef& ref) {
  Constant c;
  std::vector<std::string> values = ev.extraction.values(ref);
  c.description = fmt::format("the {} values of the {} ({})", ref.capture,
                              ev.exercise.find_extractor(ref.extractor)->label,
                              values.empty() ? std::string("there were none") : tally(values));
  c.values = std::move(values);
  return c;
}

}  // namespace

Constant resolve(const Evidence& ev, const spec::Operand& operand, spec::Op op) {
  Constant c;
  if (const auto* number = std::get_if<double>(&operand)) {
    c.number = *number;
    c.description = fmt::format("{}", *number);
  } else if (const auto* s = std::get_if<std::string>(&operand)) {
    c.text = *s;
    c.description = fmt::format("'{}'", *s);
  } else if (const auto* flag = std::get_if<bool>(&operand)) {
    c.text = *flag ? "true" : "false";
    c.description = *c.text;
  } else if (const auto* fact = std::get_if<spec::Fact>(&operand)) {
    return fact->is_set() ? set_fact(ev, *fact) : number_fact(ev, *fact);
  } else if (const auto* ref = std::get_if<spec::CaptureRef>(&operand)) {
    return spec::is_membership(op) ? capture_set(ev, *ref) : capture_constant(ev, *ref);
  } else if (const auto* expression = std::get_if<spec::Expression>(&operand)) {
    return computed_constant(ev, *expression);
  }
  return c;
}

// Equal as numbers when both are, else as text.

}  // namespace grade::check

// The check kinds about what the run really created (docs/spec-reference.md#observed):
// observed, ended, matches_span. They run only on observed runs (evaluate.cc skips them
// otherwise); what the observation still does not show skips them with the reason.
#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "check/bound_value.h"
#include "check/check_kinds.h"
#include "check/listing.h"
#include "check/task_sets.h"
#include "util/text.h"

namespace grade::check {

namespace {

// " (PIDs 4101, 4102)" / " (TID 4103)", or "" for an empty set.
std::string listed_ids(const TaskSelection& s) {
  const std::vector<int> ids = s.ids();
  if (ids.empty()) {
    return "";
  }
  const bool processes = spec::holds_processes(s.set);
  return fmt::format(" ({}{} {})", processes ? "PID" : "TID", ids.size() == 1 ? "" : "s",
                     id_list(ids));
}

// "; multiprocessing's resource tracker (PID 4106) is not counted".
std::string helpers_note(const run::Observation& seen, const TaskSelection& s) {
  if (s.helpers.empty()) {
    return "";
  }
  std::vector<std::string> names;
  for (const run::Task* t : s.helpers) {
    names.push_back(describe_task(seen, t->tid, t->pid));
  }
  return fmt::format("; {} {} not counted", text::join(names, ", "),
                     names.size() == 1 ? "is" : "are");
}

std::string_view kill_reason(run::GraderKill kill) {
  switch (kill) {
    case run::GraderKill::kOutlivedProgram:
      return "it was still running when the program had ended";
    case run::GraderKill::kWallTimeout:
      return "the run went past its time limit";
    case run::GraderKill::kOutputLimit:
      return "the run printed more than its output limit";
    case run::GraderKill::kTaskLimit:
      return "the run had more processes and threads at once than allowed";
    case run::GraderKill::kRunEnded:
      break;
  }
  return "the run was ended";
}

// How a task ended when that is not as `c` expects; "" when it did; nullopt when the grader
// did not see its end.
std::optional<std::string> other_end(const run::Task& t, const spec::EndedCheck& c) {
  if (t.killed_by_grader) {
    return fmt::format("was stopped by the grader because {}", kill_reason(*t.killed_by_grader));
  }
  if (t.signal && t.signal_from_run) {
    return c.stopped_by_program_ok
               ? ""
               : fmt::format("was killed by {} from your program", run::signal_name(*t.signal));
  }
  if (t.signal) {
    return fmt::format("was killed by {}", run::signal_name(*t.signal));
  }
  if (t.exit_code) {
    return *t.exit_code == c.exit_code ? "" : fmt::format("exited with status {}", *t.exit_code);
  }
  return std::nullopt;
}

std::string task_name(const run::Task& t) {
  return t.kind == run::Task::Kind::kProcess ? fmt::format("process {}", t.pid)
                                             : fmt::format("thread {}", t.tid);
}

std::string incomplete_reason() {
  return fmt::format("the run created more processes and threads than the grader lists ({})",
                     run::Observation::kMaxListedTasks);
}

}  // namespace

Outcome check_observed(const Evidence& ev, const spec::ObservedCheck& c) {
  const TaskSelection s = select_tasks(ev.run.observed, c.of);
  const ResolvedBound bound = resolve_bound(ev, c.bound);
  if (bound.decided) {
    return *bound.decided;
  }
  const auto least = static_cast<std::int64_t>(s.least());
  const auto most = static_cast<std::int64_t>(s.most());
  // Tasks past the cap that may or may not belong: pass only if every possible count does.
  const std::string created =
      least == most ? fmt::format("{}", least) : fmt::format("between {} and {}", least, most);
  return Outcome::decide(
      bound.holds(least) && bound.holds(most),
      fmt::format("expected the run to create {} {}; it created {}{}{}", bound.description,
                  set_noun(c.of), created, listed_ids(s), helpers_note(ev.run.observed, s)));
}

Outcome check_ended(const Evidence& ev, const spec::EndedCheck& c) {
  const TaskSelection s = select_tasks(ev.run.observed, c.of);
  const std::string expected = fmt::format("expected every one of the {} to exit with status {}",
                                           set_noun(c.of), c.exit_code);
  if (!s.whole()) {
    return Outcome::unknown(fmt::format("how every one of the {} ended is not known: {}",
                                        set_noun(c.of), incomplete_reason()));
  }
  if (s.tasks.empty()) {
    return Outcome::fail(expected + ", but the run created none");
  }
  std::vector<std::string> others;
  std::string unseen;
  for (const run::Task* t : s.tasks) {
    const auto end = other_end(*t, c);
    if (!end) {
      unseen = task_name(*t);
    } else if (!end->empty()) {
      others.push_back(fmt::format("{} {}", task_name(*t), *end));
    }
  }
  if (!others.empty()) {
    const std::size_t shown = std::min(others.size(), kMaxListed);
    return Outcome::fail(fmt::format(
        "{}, but {} of {} did not: {}{}", expected, others.size(), s.tasks.size(),
        text::join(std::span(others).first(shown), "; "),
        others.size() > shown ? fmt::format(" and {} more", others.size() - shown) : ""));
  }
  if (!unseen.empty()) {
    return Outcome::unknown(fmt::format("the grader did not see how {} ended", unseen));
  }
  const auto stopped = std::count_if(s.tasks.begin(), s.tasks.end(),
                                     [](const run::Task* t) { return t->signal_from_run; });
  constexpr const char* kAsPoolsDo = "as Pool.terminate() and the end of a with Pool(...) block do";
  if (stopped > 0 && static_cast<std::size_t>(stopped) == s.tasks.size()) {
    return Outcome::pass(fmt::format("all {} {} were ended by your program's own signal, {}",
                                     s.tasks.size(), set_noun(c.of), kAsPoolsDo));
  }
  if (stopped > 0) {
    return Outcome::pass(fmt::format(
        "all {} {} ended normally: {} exited with status {}, {} ended by your program's own "
        "signal, {}",
        s.tasks.size(), set_noun(c.of), static_cast<long>(s.tasks.size()) - stopped, c.exit_code,
        stopped, kAsPoolsDo));
  }
  return Outcome::pass(
      fmt::format("all {} {} exited with status {}", s.tasks.size(), set_noun(c.of), c.exit_code));
}

Outcome check_matches_span(const Evidence& ev, const spec::MatchesSpanCheck& c) {
  const TaskSelection s = select_tasks(ev.run.observed, c.tasks);
  const std::string noun = set_noun(c.tasks);
  const Seconds span = span_of(s);
  if (!span.value) {
    return Outcome::unknown(
        fmt::format("how long the {} ran is not known: {}", noun, span.unknown));
  }
  const std::vector<Match>& lines = ev.extraction.of(c.of.extractor);
  if (lines.empty()) {
    return Outcome::fail(fmt::format("there was no {} to check", c.of.capture));
  }
  if (s.tasks.empty()) {
    return Outcome::fail(
        fmt::format("the run created no {} whose time could be compared with "
                    "the printed one",
                    noun));
  }
  // With rounds, the printed round (the best, or a mean of rounds) took at least as long as
  // one whole task of it lived, and so at least the shortest life of all: the slowest task
  // may have been in another round. Known whenever the span is: the same tasks, all ended.
  const double lower_base = c.rounds ? *shortest_life(s).value : *span.value;
  const double low = std::max(0.0, lower_base * (1 - c.relative) - c.below);
  const double high = *span.value * (1 + c.relative) + c.above;
  std::string ran = fmt::format("the {} ran for {} in all (first start to last end)", noun,
                                seconds_text(*span.value));
  if (c.rounds) {
    ran += fmt::format(", the shortest-lived of them for {}", seconds_text(lower_base));
  }
  for (const Match& line : lines) {
    const auto it = line.captures.find(c.of.capture);
    const auto value = it == line.captures.end() ? std::nullopt : parse_number(it->second);
    if (!value || *value < low || *value > high) {
      return Outcome::fail(fmt::format("printed '{}', but {}; a time between {} and {} would fit",
                                       text::escape_control(text::trim(line.text)), ran,
                                       seconds_text(low), seconds_text(high)));
    }
  }
  const std::string printed =
      lines.size() == 1
          ? fmt::format("printed '{}'", text::escape_control(text::trim(lines.front().text)))
          : fmt::format("all {} printed times fit", lines.size());
  return Outcome::pass(fmt::format("{}, and {}: between {} and {} would fit", printed, ran,
                                   seconds_text(low), seconds_text(high)));
}

}  // namespace grade::check

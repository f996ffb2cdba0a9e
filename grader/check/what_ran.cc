#include "check/what_ran.h"

#include <algorithm>
#include <array>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "util/text.h"

namespace grade::check {
namespace {

std::string_view words_for(run::Standing standing) {
  switch (standing) {
    case run::Standing::kComputing:
      return "computing";
    case run::Standing::kReadingStdin:
      return "waiting for input (reading stdin)";
    case run::Standing::kWaitingForChild:
      return "waiting for a process to end (join or wait)";
    case run::Standing::kWaitingOnLock:
      return "waiting on a lock, a join or a condition";
    case run::Standing::kSleeping:
      return "sleeping";
    case run::Standing::kWaitingOnPipe:
      return "waiting to read from a pipe, queue or socket";
    case run::Standing::kStopped:
      return "stopped by a signal";
    case run::Standing::kOther:
      break;
  }
  return "blocked in another system call";
}

// "a, b and c"
std::string and_list(const std::vector<std::string>& parts) {
  if (parts.size() <= 1) {
    return parts.empty() ? "" : parts.front();
  }
  std::vector<std::string> head(parts.begin(), parts.end() - 1);
  return text::join(head, ", ") + " and " + parts.back();
}

// Who stood `standing`: "your main program", "processes 1235 and 1236", "3 threads"; and
// how many tasks that is.
std::pair<std::string, std::size_t> subjects(const std::vector<const run::Task*>& tasks,
                                             int launched, run::Standing standing) {
  constexpr std::size_t kListed = 6;
  bool main_program = false;
  std::vector<std::string> processes;
  std::size_t threads = 0;
  std::size_t n = 0;
  for (const run::Task* t : tasks) {
    if (*t->at_timeout != standing) {
      continue;
    }
    ++n;
    if (!t->is_main_thread()) {
      ++threads;
    } else if (t->pid == launched) {
      main_program = true;
    } else if (processes.size() < kListed) {
      processes.push_back(std::to_string(t->pid));
    }
  }
  std::vector<std::string> parts;
  if (main_program) {
    parts.emplace_back("your main program");
  }
  if (!processes.empty()) {
    parts.push_back(
        fmt::format("process{} {}", processes.size() == 1 ? "" : "es", and_list(processes)));
  }
  if (threads > 0) {
    parts.push_back(fmt::format("{} thread{}", threads, threads == 1 ? "" : "s"));
  }
  return {and_list(parts), n};
}

constexpr std::array kOrder = {run::Standing::kComputing,       run::Standing::kReadingStdin,
                               run::Standing::kWaitingForChild, run::Standing::kWaitingOnPipe,
                               run::Standing::kWaitingOnLock,   run::Standing::kSleeping,
                               run::Standing::kStopped,         run::Standing::kOther};

bool any_stands(const std::vector<const run::Task*>& tasks, run::Standing standing) {
  return std::any_of(tasks.begin(), tasks.end(),
                     [standing](const run::Task* t) { return *t->at_timeout == standing; });
}

std::string closing(const std::vector<const run::Task*>& tasks) {
  if (any_stands(tasks, run::Standing::kReadingStdin)) {
    return " The grader gives your program no input: the exercise needs none, so remove the "
           "input() call (or the read from stdin).";
  }
  if (!any_stands(tasks, run::Standing::kComputing)) {
    return " Nothing was computing: the program was stuck waiting, not slow. Each of these "
           "waits must end: a process or thread that never ends, a queue read more often than "
           "something was put into it, a lock never released.";
  }
  // The others waited for the ones computing (a join, a queue, the interpreter's lock).
  return " Something was still computing, so the program is too slow (or loops without end) "
         "rather than stuck: look for a loop that does far more work than needed or never "
         "ends.";
}

}  // namespace

std::string threads_at_end(const run::RunResult& run) {
  // Only threads that printed nothing: Python's join() returns as the thread's function ends,
  // a moment before the thread itself does, so a joined thread that printed its line may
  // still be on its way out when the program ends; what was lost is what was never printed.
  std::unordered_set<int> writers;
  for (const run::OutputSegment& s : run.observed.out.segments) {
    writers.insert(s.tid);
  }
  std::size_t n = 0;
  for (const run::Task* t : run.observed.threads_outlived_process(run.pid)) {
    n += writers.contains(t->tid) ? 0U : 1U;
  }
  if (n == 0) {
    return "";
  }
  return fmt::format(
      "When your main program ended, {} of its threads {} still running and {} stopped with "
      "it, before {} printed anything. join() every thread you start before the program ends "
      "(a daemon thread ends with the program).",
      n, n == 1 ? "was" : "were", n == 1 ? "was" : "were", n == 1 ? "it" : "they");
}

std::string timeout_story(const run::RunResult& run) {
  const std::vector<const run::Task*> tasks = run.observed.standing_at_timeout();
  if (tasks.empty()) {
    return "";
  }
  const std::string when =
      fmt::format("When the time limit hit (after {:.1f} s), ", run.wall_seconds);
  if (all_computing(run)) {
    const auto [who, n] = subjects(tasks, run.pid, run::Standing::kComputing);
    return fmt::format(
        "{}{} {} computing: the program is too slow (or loops without end), not stuck "
        "waiting. Look for a loop that does far more work than needed or never ends, and for "
        "busy waiting.",
        when, who, n == 1 ? "was" : "were all");
  }
  std::vector<std::string> parts;
  for (const run::Standing standing : kOrder) {
    const auto [who, n] = subjects(tasks, run.pid, standing);
    if (n > 0) {
      parts.push_back(fmt::format("{} {} {}", who, n == 1 ? "was" : "were", words_for(standing)));
    }
  }
  return when + text::join(parts, "; ") + "." + closing(tasks);
}

bool all_computing(const run::RunResult& run) {
  const std::vector<const run::Task*> tasks = run.observed.standing_at_timeout();
  return !tasks.empty() && std::all_of(tasks.begin(), tasks.end(), [](const run::Task* t) {
    return *t->at_timeout == run::Standing::kComputing;
  });
}

bool still_working(const run::RunResult& run) {
  const std::vector<const run::Task*> tasks = run.observed.standing_at_timeout();
  return any_stands(tasks, run::Standing::kComputing) &&
         !any_stands(tasks, run::Standing::kReadingStdin);
}

}  // namespace grade::check

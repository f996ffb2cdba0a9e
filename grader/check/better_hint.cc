#include "check/better_hint.h"

#include <charconv>
#include <map>

#include <fmt/format.h>

#include "check/authorship.h"
#include "check/bound_value.h"
#include "check/what_ran.h"

namespace grade::check {
namespace {

// What stopped the run before it ended by itself; "" when nothing did.
std::string_view limit_that_stopped(const run::RunResult& run) {
  if (run.timed_out) {
    return "time limit";
  }
  if (run.output_limit_hit) {
    return "output limit";
  }
  if (run.task_limit_hit) {
    return "limit on processes and threads";
  }
  return "";
}

bool has_lines(const std::map<std::string, std::vector<std::string>>& lines,
               const std::string& extractor) {
  const auto it = lines.find(extractor);
  return it != lines.end() && !it->second.empty();
}

// The count fell short: more lines would have passed.
bool too_few(const Evidence& ev, const spec::CountCheck& c) {
  const auto n = static_cast<std::int64_t>(ev.extraction.of(c.extractor).size());
  const ResolvedBound bound = resolve_bound(ev, c.bound);
  if (bound.decided || bound.holds(n)) {
    return false;
  }
  constexpr std::int64_t kLookAhead = 1024;
  for (std::int64_t more = n + 1; more <= n + kLookAhead; ++more) {
    if (bound.holds(more)) {
      return true;
    }
  }
  return false;
}

std::string stopped_processes(const run::RunResult& run) {
  const std::vector<int> pids = run.observed.stopped_at_end();
  if (pids.empty()) {
    return "";
  }
  const bool one = pids.size() == 1;
  return fmt::format(
      "When your main program ended, {} still running and {} stopped by the grader, so "
      "whatever {} would still have printed is lost: join() your processes (or wait() for "
      "them) before the program ends.",
      one ? fmt::format("process {} was", pids.front())
          : fmt::format("{} of its processes were", pids.size()),
      one ? "was" : "were", one ? "it" : "they");
}

std::optional<std::string> missing_lines(const Evidence& ev, const spec::CountCheck& c) {
  // Near misses show a wrong format, and lines on the other stream have their own word.
  if (!too_few(ev, c) || has_lines(ev.extraction.near_misses, c.extractor) ||
      has_lines(ev.extraction.on_other_stream, c.extractor)) {
    return std::nullopt;
  }
  if (std::string threads = threads_at_end(ev.run); !threads.empty()) {
    return threads;
  }
  if (std::string processes = stopped_processes(ev.run); !processes.empty()) {
    return processes;
  }
  if (const std::string_view limit = limit_that_stopped(ev.run); !limit.empty()) {
    return fmt::format(
        "The run was stopped by its {} before it printed the missing lines, so their format "
        "is not what failed: find out why the run did not finish in time (see the run's "
        "paragraph below) and the lines will follow.",
        limit);
  }
  return std::nullopt;
}

std::optional<std::string> unfinished(const Evidence& ev) {
  if (!ev.run.timed_out || !still_working(ev.run)) {
    return std::nullopt;
  }
  return std::string(
      "Your program was still computing when the time limit hit: it is too slow (or loops "
      "without end), not stuck waiting. Look for a loop that does far more work than needed "
      "or never ends, and for busy waiting.");
}

// A value on several lines that is the PID of a process the run created: one process did
// several of the tasks, as a Pool's workers do, rather than running the same code twice.
std::optional<std::string> reused_workers(const Evidence& ev, const spec::DistinctCheck& c) {
  if (c.of.kind != spec::LineSelector::Kind::kCapture || !ev.run.observed.observed()) {
    return std::nullopt;
  }
  std::map<std::string, int> times;
  for (const LineValue& v : values_of(c.of, ev.extraction, ev.run.observed)) {
    ++times[v.text];
  }
  for (const auto& [text, n] : times) {
    const run::Task* process = nullptr;
    if (int pid = 0;
        n > 1 && std::from_chars(text.data(), text.data() + text.size(), pid).ec == std::errc() &&
        pid != ev.run.pid) {
      process = ev.run.observed.find_process(pid);
    }
    if (process != nullptr && !run::is_start_method_helper(*process)) {
      return fmt::format(
          "PID {} is a process your program created, and it is on {} of the lines: one worker "
          "process did several of the tasks, as the workers of a Pool do (a Pool reuses its "
          "workers). Create the processes with multiprocessing.Process, one per task, start() "
          "each and join() them.",
          process->pid, n);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> better_hint(const Evidence& ev, const spec::Check& check) {
  if (const auto* count = std::get_if<spec::CountCheck>(&check.kind)) {
    return missing_lines(ev, *count);
  }
  if (const auto* distinct = std::get_if<spec::DistinctCheck>(&check.kind)) {
    return reused_workers(ev, *distinct);
  }
  if (std::holds_alternative<spec::ExitCheck>(check.kind)) {
    return unfinished(ev);
  }
  return std::nullopt;
}

}  // namespace grade::check

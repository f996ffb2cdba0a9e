#include "report/run_summary.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check/what_ran.h"
#include "report/safe_text.h"

namespace grade::report {

const check::RunRecord* deciding_run(const check::GradeResult& result) {
  for (const check::RunRecord& run : result.runs) {
    if (!run.passed) {
      return &run;
    }
  }
  return result.runs.empty() ? nullptr : &result.runs.back();
}

std::string describe_run_end(const run::RunResult& run) {
  // The spawn error may quote the student's file names, so it is made safe for one line.
  return one_line(run::describe_end(run));
}

namespace {

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  if (n == 0) {
    return fmt::format("no {}", many);
  }
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string describe_observation(const run::RunResult& run) {
  const run::Observation& o = run.observed;
  if (!o.observed()) {
    return fmt::format("Its processes and threads were not observed: {}.",
                       o.reason.empty() ? "no reason given" : o.reason);
  }
  const std::vector<int> pids = o.created_processes();
  std::string processes = counted(o.processes_created(), "process", "processes");
  if (!pids.empty()) {
    constexpr std::size_t kListed = 6;
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < pids.size() && i < kListed; ++i) {
      shown.push_back(std::to_string(pids[i]));
    }
    processes += fmt::format(" (PID{} {}{})", pids.size() == 1 ? "" : "s", fmt::join(shown, ", "),
                             o.processes_created() > kListed ? ", ..." : "");
  }
  const std::size_t threads = o.threads_created();
  return fmt::format("It created {} and {}.", processes, counted(threads, "thread", "threads"));
}

std::string describe_omitted(const run::RunResult& run) {
  const run::Observation& o = run.observed;
  if (!o.observed() || o.complete()) {
    return "";
  }
  return fmt::format(
      "The first {} of its processes and threads are listed in the machine report; {} more "
      "({} and {}) were counted, not listed.",
      run::Observation::kMaxListedTasks, o.omitted.total(),
      counted(o.omitted.processes, "process", "processes"),
      counted(o.omitted.threads, "thread", "threads"));
}

namespace {

std::string processes_at_end(const run::RunResult& run) {
  const std::vector<int> pids = run.observed.stopped_at_end();
  if (pids.empty()) {
    return "";
  }
  constexpr std::size_t kListed = 8;
  const std::size_t shown = std::min(pids.size(), kListed);
  return fmt::format(
      "When your program ended, {} it started {} still running (PID{} {}{}); grade stopped "
      "{}, so whatever {} would still have printed is lost. Wait for your processes (join() "
      "or wait()) before the program ends.",
      counted(pids.size(), "process", "processes"), pids.size() == 1 ? "was" : "were",
      pids.size() == 1 ? "" : "s",
      fmt::join(std::vector<int>(pids.begin(), pids.begin() + static_cast<long>(shown)), ", "),
      pids.size() > shown ? ", ..." : "", pids.size() == 1 ? "it" : "them",
      pids.size() == 1 ? "it" : "they");
}

}  // namespace

std::string describe_stopped_at_end(const run::RunResult& run) {
  const std::string processes = processes_at_end(run);
  const std::string threads = check::threads_at_end(run);
  return processes.empty() || threads.empty() ? processes + threads : processes + " " + threads;
}

std::string explain_run_end(run::Verdict verdict, const run::RunResult& run) {
  if (verdict == run::Verdict::kWallTimeout) {
    if (std::string story = check::timeout_story(run); !story.empty()) {
      return "The program did not finish within the time limit and was stopped. " + story;
    }
  }
  return run::explain_verdict(verdict, run);
}

std::string summarize_runs(const check::GradeResult& result) {
  const check::RunRecord* decider = deciding_run(result);
  if (decider == nullptr) {
    return "";
  }
  const int made = static_cast<int>(result.runs.size());
  const int asked = std::max(result.repeat, made);  // guards a result that ran more than asked
  std::string summary;
  if (decider->passed) {
    summary = fmt::format("{} of {} {} passed", made, asked, asked == 1 ? "run" : "runs");
    if (made < asked) {
      summary += "; later runs were not made";
    }
    return summary;
  }
  const int index = decider->index;
  summary = fmt::format("run {} of {} failed", index, asked);
  if (index == 2) {
    summary += "; run 1 passed";
  } else if (index > 2) {
    summary += fmt::format("; runs 1-{} passed", index - 1);
  }
  if (index < asked) {
    summary += "; later runs were not made";
  }
  return summary;
}

std::string totals_note(const check::GradeResult& result) {
  if (!result.totals || result.totals->memory) {
    return "";
  }
  const std::string& reason = result.totals->reason;
  // With a private view, /tmp and /dev/shm are the run's own capped tmpfs: only anonymous
  // shared memory escapes the per-process limits.
  const bool private_view = std::any_of(
      result.protections.begin(), result.protections.end(),
      [](const isolate::Protection& p) { return p.name == "private_view" && p.in_place; });
  return fmt::format(
      "memory was limited for each process on its own (rlimits), not for all processes of a run "
      "together, so {} not limited{}",
      private_view ? "shared memory was" : "shared memory and files in /dev/shm were",
      reason.empty() ? "." : fmt::format(" (no cgroup per run: {}).", reason));
}

}  // namespace grade::report

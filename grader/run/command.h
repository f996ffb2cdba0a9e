// What to run: an explicit argv (never a shell), where, with which environment and limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "isolate/cgroup.h"
#include "isolate/child_restrictions.h"

namespace grade::run {

struct Command {
  std::vector<std::string> argv;  // argv[0] is an absolute path or is looked up on PATH of `env`
  std::filesystem::path cwd;
  std::vector<std::string> env;  // complete environment, "KEY=VALUE"; nothing is inherited
  std::chrono::milliseconds wall_limit{10'000};
  std::size_t output_limit = 1 << 20;  // bytes of stdout + stderr kept; more ends the run
  // Give stdout a pseudo-terminal, as when the student runs the program by hand: stdio and
  // Python then flush whole lines, so lines of several processes do not tear or repeat.
  bool stdout_is_terminal = true;
  // Trace the run (ptrace) to record every process and thread it creates; when the system
  // forbids tracing the run still happens, and RunResult::observed says why it was not seen.
  bool observe = true;
  // Most tasks (processes and threads) alive at once; more ends the run. 0: no limit. Only
  // enforced while observing (the tracer sees each new task before it runs).
  std::size_t task_limit = 0;
  isolate::Restrictions restrictions;  // rlimits, user, network: applied in the child before exec
  // Set: the run gets a cgroup of its own there (isolate/cgroup.h), limiting the memory of its
  // processes together to restrictions.memory_bytes and their number to task_limit; where
  // none can be made, RunResult::totals says why. Unset: per-process rlimits only.
  std::optional<isolate::CgroupHome> cgroups;
  // Not owned; -1: none. Readable (an eventfd the grader's user interrupt writes): the run is
  // ended at once, as on a timeout, and RunResult::interrupted says so.
  int cancel_fd = -1;
};

}  // namespace grade::run

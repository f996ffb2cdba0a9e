// Test support for checks of what a run created: canned tasks and observed runs.
#pragma once

#include <string>
#include <vector>

#include "run/run_result.h"
#include "support/fake_runner.h"

namespace grade::testing {

// A task that started at `start` and exited with status 0 at `end`, using 0.1 s of CPU.
inline run::Task canned_task(run::Task::Kind kind, int tid, int pid, int parent, double start = 0,
                             double end = 1) {
  run::Task t;
  t.kind = kind;
  t.tid = tid;
  t.pid = pid;
  t.parent_pid = parent;
  t.start_seconds = start;
  t.end_seconds = end;
  t.exit_code = 0;
  t.cpu_seconds = 0.1;
  return t;
}

inline run::Task canned_process(int pid, int parent, double start = 0, double end = 1) {
  return canned_task(run::Task::Kind::kProcess, pid, pid, parent, start, end);
}

inline run::Task canned_thread(int tid, int pid, double start = 0, double end = 1) {
  return canned_task(run::Task::Kind::kThread, tid, pid, pid, start, end);
}

// One of multiprocessing's helpers: `module` is "resource_tracker" or "forkserver".
inline run::Task canned_helper(int pid, int parent, const std::string& module) {
  run::Task t = canned_process(pid, parent);
  t.command_line = "/usr/bin/python3 -c from multiprocessing." + module + " import main;main(5)";
  return t;
}

// An observed run of `launcher` (alive from 0 to 3 s) that created `created` and printed
// `out` (not attributed to anyone).
inline run::RunResult observed_run(int launcher, const std::vector<run::Task>& created,
                                   std::string out = "") {
  run::RunResult r = exited(0, std::move(out), launcher);
  r.observed.state = run::Observation::State::kObserved;
  r.observed.tasks.push_back(canned_process(launcher, 0, 0, 3));
  r.observed.tasks.insert(r.observed.tasks.end(), created.begin(), created.end());
  return r;
}

}  // namespace grade::testing

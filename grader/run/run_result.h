// What one run of a program did: a plain value, so checks and reports are tested on canned
// results without starting processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "isolate/cgroup.h"
#include "run/observation.h"
#include "run/signal_origin.h"

namespace grade::run {

struct Capture {
  std::string data;
  bool truncated = false;  // output went beyond the limit and was cut
};

struct RunResult {
  int pid = 0;                    // PID of the launched process
  int parent_pid = 0;             // its parent's (the grader's): getppid() in the main program
  std::optional<int> exit_code;   // set when the process exited
  std::optional<int> signal;      // set when a signal killed it (including our own kill)
  bool timed_out = false;         // the wall-time limit ended the run
  bool output_limit_hit = false;  // the output limit ended the run
  bool task_limit_hit = false;    // the run tried to have more tasks alive than allowed
  bool interrupted = false;       // Command::cancel_fd ended it (the user pressed Ctrl-C)
  double wall_seconds = 0.0;      // start to end of the launched process
  Capture out;
  Capture err;
  // Non-empty when the program could not be started at all (pid 0), or when it was started
  // (pid set) but the grader lost track of it, so how it ended is unknown.
  std::string spawn_error;
  Observation observed;  // the processes and threads the run created, if traced
  // The first signal from outside the run that reached one of its processes before the
  // grader ended it (observed runs only: unobserved, the sender is unknown). The run is then
  // not the program's own doing (verdict outside_signal).
  std::optional<OutsideSignal> outside_signal;
  // The OOM killer killed a process of the run: its memory cgroup's count, or without one, a
  // SIGKILL nobody sent while the machine's count of OOM kills grew (signal_origin.h). It
  // explains a SIGKILL nobody sent.
  bool oom_killed = false;
  // From wait4()'s rusage of the launched process (its waited-for descendants included):
  // user + system CPU time, and the largest resident set of any of them. Unset: not measured.
  std::optional<double> cpu_seconds;
  std::optional<std::uint64_t> max_rss_bytes;
  // The run's processes together at their peak, from its memory cgroup (isolate/cgroup.h):
  // shared memory, tmpfs files and page cache included. Unset without one.
  std::optional<std::uint64_t> peak_memory_bytes;
  // What limited the run's processes together: a cgroup of its own, or per-process rlimits
  // only (and why).
  isolate::Totals totals;

  bool started() const { return spawn_error.empty(); }
  // Exited by itself with status 0, within every limit.
  bool clean_exit() const {
    return started() && !timed_out && !output_limit_hit && !task_limit_hit && exit_code == 0;
  }
};

// "exited with status 1", "killed by signal 11 (SIGSEGV)", "timed out after 10.0 s", ...
std::string describe_end(const RunResult& result);

// "SIGSEGV" for 11; "signal 77" when unknown.
std::string signal_name(int signal);

}  // namespace grade::run

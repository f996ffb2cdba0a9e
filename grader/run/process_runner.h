// The real CommandRunner: starts the program with Boost.Process (explicit argv, no shell) in
// its own process group, traces it, collects its output and ends everything it started when
// the run is over.
#pragma once

#include "run/runner.h"
#include "run/tracer.h"

namespace grade::run {

// Runs one command at a time per call; separate calls may run on separate threads.
//
// Process-wide effects (see process_group.h): constructing one makes the grader a child
// subreaper and resets an inherited SIGCHLD=SIG_IGN. SIGPIPE needs no handling: the grader
// only reads from its pipes and pseudo-terminals, and writes to the child only with
// MSG_NOSIGNAL (start_gate.h).
//
// Observed runs (Command::observe, the default) see every process and thread the program
// creates (tracer.h) and kill them all at the end, wherever they moved; they run under the
// syscall filter (syscall_filter.h) unless the command brings its own, so that no task can
// escape the tracer with clone(CLONE_UNTRACED). Unobserved runs, or
// where the system forbids tracing, rely on the process group: a process that moves to
// another group or session (setsid, setpgid) escapes the final kill.
class ProcessRunner final : public CommandRunner {
 public:
  ProcessRunner();
  // For tests: `seize` stands in for PTRACE_SEIZE, e.g. to play a system that forbids it.
  explicit ProcessRunner(SeizeFunction seize);

  RunResult run(const Command& command) override;

 private:
  SeizeFunction seize_ = seize_with_ptrace;
};

}  // namespace grade::run

// The real CommandRunner: starts the program with Boost.Process (explicit argv, no shell) in
// its own process group, collects its output and ends the whole group when the run is over.
#pragma once

#include "run/runner.h"

namespace grade::run {

// Runs one command at a time per call; separate calls may run on separate threads.
//
// Process-wide effects (see process_group.h): constructing one makes the grader a child
// subreaper and resets an inherited SIGCHLD=SIG_IGN. SIGPIPE needs no handling: the grader
// only reads from its pipes and pseudo-terminals, it never writes to them.
//
// Limits of a process-group design: a process that moves to another group or session
// (setsid, setpgid) escapes the final kill.
class ProcessRunner final : public CommandRunner {
 public:
  ProcessRunner();

  RunResult run(const Command& command) override;
};

}  // namespace grade::run

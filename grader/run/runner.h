// The seam between grading logic and real processes.
#pragma once

#include "run/command.h"
#include "run/run_result.h"

namespace grade::run {

class CommandRunner {
 public:
  CommandRunner() = default;
  CommandRunner(const CommandRunner&) = delete;
  CommandRunner& operator=(const CommandRunner&) = delete;
  virtual ~CommandRunner() = default;

  // Runs the command to its end and always returns: failures to start are reported in
  // RunResult::spawn_error, never thrown. On return no process of the run's process group
  // is left.
  virtual RunResult run(const Command& command) = 0;

 protected:
  CommandRunner(CommandRunner&&) = default;
  CommandRunner& operator=(CommandRunner&&) = default;
};

}  // namespace grade::run

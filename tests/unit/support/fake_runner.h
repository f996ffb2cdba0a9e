// Test support: a CommandRunner that returns scripted results and records the commands, so the
// grading logic is tested without starting processes.
#pragma once

#include <deque>
#include <functional>
#include <stdexcept>
#include <vector>

#include "run/runner.h"

namespace grade::testing {

class FakeRunner final : public run::CommandRunner {
 public:
  void push(run::RunResult result) { results_.push_back(std::move(result)); }
  const std::vector<run::Command>& commands() const { return commands_; }
  // Called with each command before its result is given: a fake compiler writes its output
  // into command.cwd here, a fake run looks at what its folder holds.
  std::function<void(const run::Command&)> on_run;

  run::RunResult run(const run::Command& command) override {
    commands_.push_back(command);
    if (on_run) {
      on_run(command);
    }
    if (results_.empty()) {
      throw std::logic_error("FakeRunner: no scripted result left");
    }
    run::RunResult result = std::move(results_.front());
    results_.pop_front();
    return result;
  }

 private:
  std::deque<run::RunResult> results_;
  std::vector<run::Command> commands_;
};

inline run::RunResult exited(int code, std::string out, int pid = 4100, double wall = 0.2) {
  run::RunResult r;
  r.pid = pid;
  r.exit_code = code;
  r.wall_seconds = wall;
  r.out.data = std::move(out);
  return r;
}

}  // namespace grade::testing

// What a run really did, as seen by the tracer: every process and thread it created, a plain
// value so checks and reports are tested on canned observations without starting processes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace grade::run {

struct Task {
  enum class Kind { kProcess, kThread };
  Kind kind = Kind::kProcess;
  int tid = 0;          // the kernel's id of the task; for a process (its main thread), its PID
  int pid = 0;          // the process the task belongs to (== tid for a process)
  int parent_pid = 0;   // the process whose task created it; 0 for the launched process
  std::string program;  // what the process last exec'd (absolute path); empty if it never did
  double start_seconds = 0.0;         // since the run started
  std::optional<double> end_seconds;  // unset if its end was not seen
  std::optional<int> exit_code;       // set when it exited
  std::optional<int> signal;          // set when a signal killed it
};

struct Observation {
  enum class State {
    kOff,          // not asked for (setting or flag)
    kUnavailable,  // asked for, but the system does not allow it (reason says why)
    kObserved,     // every task the run created is in `tasks`
  };
  State state = State::kOff;
  std::string reason;       // for kOff and kUnavailable: a sentence a student can read
  std::vector<Task> tasks;  // in order of creation; tasks[0] is the launched process

  bool observed() const { return state == State::kObserved; }

  // PIDs of the processes the run created: every process in `tasks` except the launched one,
  // whoever created them (children, grandchildren, helpers such as a fork server).
  std::vector<int> created_processes() const;

  // Threads created inside process `pid`, its main thread not counted.
  std::size_t threads_created_in(int pid) const;

  // Threads created in any process of the run, main threads not counted.
  std::size_t threads_created() const;
};

}  // namespace grade::run

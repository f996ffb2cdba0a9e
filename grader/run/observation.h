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
  // A process still running when the launched program had ended, stopped by the grader then
  // (whatever it would still have printed is lost). Never set for the launched process.
  bool stopped_at_end = false;
};

struct Observation {
  // At most this many tasks are listed; the rest are counted in `omitted`. A program that
  // forks short-lived tasks without end (thousands a second) would otherwise make the grader's
  // memory and the report grow with its run time (1.1 MB of JSON for 3 s of such a program).
  // The course's exercises create tens of tasks, a pool with a task per child a few hundred,
  // and the default task limit is 256 alive at once: 1024 lists any run that is not a storm
  // whole, and keeps a run's share of the JSON report near 330 KB (about 320 bytes a task).
  static constexpr std::size_t kMaxListedTasks = 1024;

  // Tasks created after the first kMaxListedTasks: counted, not listed.
  struct Omitted {
    std::size_t processes = 0;
    std::size_t threads = 0;              // in any process
    std::size_t threads_in_launched = 0;  // of `threads`, those in the launched process
    std::size_t total() const { return processes + threads; }
  };

  enum class State {
    kOff,          // not asked for (setting or flag)
    kUnavailable,  // asked for, but the system does not allow it (reason says why)
    kObserved,     // every task the run created is in `tasks`
  };
  State state = State::kOff;
  std::string reason;       // for kOff and kUnavailable: a sentence a student can read
  std::vector<Task> tasks;  // in order of creation; tasks[0] is the launched process
  Omitted omitted;          // created but not in `tasks`

  bool observed() const { return state == State::kObserved; }
  // Every task the run created is in `tasks`.
  bool complete() const { return omitted.total() == 0; }

  // PIDs of the listed processes the run created: every process in `tasks` except the
  // launched one, whoever created them (children, grandchildren, helpers such as a fork
  // server). Incomplete when !complete(): counts come from the functions below.
  std::vector<int> created_processes() const;

  // How many processes the run created, the launched one not counted: listed and omitted.
  std::size_t processes_created() const;

  // Threads created inside process `pid`, its main thread not counted. Omitted threads are
  // counted only for the launched process (the one that matters to checks); for another
  // process the count covers the listed tasks alone.
  std::size_t threads_created_in(int pid) const;

  // Threads created in any process of the run, main threads not counted; listed and omitted.
  std::size_t threads_created() const;

  // PIDs of the listed processes the grader stopped because they outlived the program.
  std::vector<int> stopped_at_end() const;
};

}  // namespace grade::run

// The tracer's record of a run's tasks: every process and thread seen, in order of creation,
// and which of them are still alive (not yet reaped), by thread id.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/types.h>

#include "run/observation.h"

namespace grade::run {

// A process for good: its PID may be reused once it is reaped, its start time with it not.
struct ProcessIdentity {
  pid_t pid = 0;
  unsigned long long start_ticks = 0;
};

class TaskTable {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TaskTable(Clock::time_point run_start) : run_start_(run_start) {}

  // Is `tid` a task we recorded and have not seen end?
  bool alive(pid_t tid) const { return alive_.contains(tid); }
  std::size_t alive_count() const { return alive_.size(); }
  // The process of a task that is alive; 0 if none.
  pid_t pid_of(pid_t tid) const;

  // Records a new task, alive from now on. Kind from the ids: a thread when tid != pid.
  void add(pid_t tid, pid_t pid, pid_t parent_pid);
  // The creator's event came after the new task's own first stop: now its parent is certain.
  void set_parent(pid_t tid, pid_t parent_pid);
  // Process `pid` exec'd `program`; `former_tid`, when another thread did the exec, vanished
  // (the kernel gave it the process's id).
  void exec(pid_t pid, pid_t former_tid, std::string program);
  // The task was reaped with wait status `status`.
  void ended(pid_t tid, int status);

  // The distinct PIDs of the processes with a task still alive.
  std::vector<pid_t> alive_processes() const;

  // Every process seen whose start time was noted, alive or not.
  void note_start(ProcessIdentity process) { identities_.push_back(process); }
  const std::vector<ProcessIdentity>& identities() const { return identities_; }

  std::vector<Task> take() { return std::move(tasks_); }

 private:
  double now() const;
  void end(pid_t tid);

  Clock::time_point run_start_;
  std::vector<Task> tasks_;
  std::unordered_map<pid_t, std::size_t> alive_;  // tid -> index in tasks_
  std::vector<ProcessIdentity> identities_;
};

}  // namespace grade::run

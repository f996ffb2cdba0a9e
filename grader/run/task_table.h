// The tracer's record of a run's tasks: every process and thread seen, in order of creation,
// and which of them are still alive (not yet reaped), by thread id.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
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

  explicit TaskTable(Clock::time_point run_start,
                     std::size_t max_listed = Observation::kMaxListedTasks)
      : run_start_(run_start), max_listed_(max_listed) {}

  // Is `tid` a task we recorded and have not seen end?
  bool alive(pid_t tid) const { return alive_.contains(tid); }
  std::size_t alive_count() const { return alive_.size(); }
  // What counts against the task limit: the tasks alive, and the processes that exited but
  // may still be zombies, not yet reaped by their parent. The kernel keeps such a process
  // (its PID, its place in RLIMIT_NPROC and a pids cgroup) until then; not counting it would
  // let a program that never waits fill the PID space. A thread is gone when the tracer
  // reaps it (the tracer's wait releases it), so only processes linger.
  std::size_t counted() const { return alive_.size() + zombies_.size(); }
  std::size_t zombie_count() const { return zombies_.size(); }
  // The process of a task that is alive; 0 if none.
  pid_t pid_of(pid_t tid) const;

  // Records a new task, alive from now on. Kind from the ids: a thread when tid != pid.
  // `claimed`: its creator's event has been seen (or it has none: the launched process).
  // A task first seen through its own stop is not: see claim().
  void add(pid_t tid, pid_t pid, pid_t parent_pid, bool claimed = true);
  // The creator's event names `tid`. True when that task is already recorded, seen through
  // its own first stop or even ended since (the tracer's wait reports a task before its
  // creator when both are ready): its parent is now certain, and it must not be added again,
  // or an ended task would count as alive for ever.
  bool claim(pid_t tid, pid_t parent_pid);
  // The creator's event came after the new task's own first stop: now its parent is certain.
  void set_parent(pid_t tid, pid_t parent_pid);
  // Process `pid` exec'd `program`; `former_tid`, when another thread did the exec, vanished
  // (the kernel gave it the process's id).
  void exec(pid_t pid, pid_t former_tid, std::string program);
  // The tracer reaped the task with wait status `status`. A process other than the launched
  // one (which the tracer reaps for good) may now be a zombie of its parent: see counted().
  // `kill`: the grader killed it, and why (Task::killed_by_grader).
  void ended(pid_t tid, int status, std::optional<GraderKill> kill = std::nullopt);
  // A signal that a process of the run sent is being delivered to task `tid`: should it end
  // the task's process, the program ended it (Task::signal_from_run).
  void signal_from_run(pid_t tid, int signal);
  // Task `tid` is exiting (its exit stop): a thread's end is now, not when the tracer reaps
  // it later. A process ends when reaped: its other threads may still run.
  void exiting(pid_t tid);
  // Thread `tid` is ending because another thread ended its process (exit_group): it was
  // still running (Task::outlived_process). Its end is now reaped without an exit stop on
  // recent kernels, which ended() takes for the same; older ones stop it, and tell it here.
  void outlived_process(pid_t tid);
  // Where task `tid` (alive) stood when the wall-time limit hit.
  void set_standing(pid_t tid, Standing standing);
  // What task `tid` (alive) is known by, once read: its command line, its CPU time, its name.
  void set_command_line(pid_t tid, std::string command_line);
  void set_cpu(pid_t tid, double seconds);
  void set_name(pid_t tid, std::string name);
  // The thread ids of every task alive; of those of process `pid`.
  std::vector<pid_t> alive_tasks() const;
  std::vector<pid_t> alive_tasks_of(pid_t pid) const;

  // Forgets the zombies that `still_there` says are gone (reaped by their parent, or their
  // PID now someone else's). Called when counted() matters, since it reads /proc.
  template <typename StillThere>
  void forget_zombies(StillThere still_there) {
    std::erase_if(zombies_, [&](const auto& entry) {
      return !still_there(ProcessIdentity{entry.first, entry.second});
    });
  }

  // The distinct PIDs of the processes with a task still alive.
  std::vector<pid_t> alive_processes() const;

  // Every process seen whose start time was noted, alive or not.
  void note_start(ProcessIdentity process);
  const std::vector<ProcessIdentity>& identities() const { return identities_; }

  // The tasks listed (at most max_listed), and what was counted past them.
  std::vector<Task> take() { return std::move(tasks_); }
  const Observation::Omitted& omitted() const { return omitted_; }

 private:
  static constexpr std::size_t kUnlisted = static_cast<std::size_t>(-1);

  struct Live {
    pid_t pid = 0;
    std::size_t index = kUnlisted;       // in tasks_; kUnlisted past max_listed_
    unsigned long long start_ticks = 0;  // for a process, once noted; 0: unknown
  };

  double now() const;
  bool live_pid_is_launched(pid_t pid) const;
  Task* listed(std::size_t index) { return index == kUnlisted ? nullptr : &tasks_[index]; }
  // The listed entry of task `tid` while it is alive; null if it is not, or is not listed.
  Task* listed_alive(pid_t tid);
  void end(pid_t tid);

  Clock::time_point run_start_;
  std::size_t max_listed_;
  std::vector<Task> tasks_;
  Observation::Omitted omitted_;
  pid_t launched_pid_ = 0;
  std::unordered_map<pid_t, Live> alive_;  // by tid
  // Tasks seen through their own stop before their creator's event, alive or ended:
  // tid -> index in tasks_ (kUnlisted past max_listed_).
  std::unordered_map<pid_t, std::size_t> unclaimed_;
  std::unordered_map<pid_t, unsigned long long> zombies_;  // pid -> start ticks
  std::unordered_map<pid_t, int> run_signals_;             // pid -> the last signal the run sent it
  std::vector<ProcessIdentity> identities_;
};

}  // namespace grade::run

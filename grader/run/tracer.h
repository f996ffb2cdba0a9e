// The tracer of one run: a thread that starts the program, attaches to it (ptrace) before it
// execs, and from then on sees every process and thread the run creates before it runs, so
// that at the end every one of them can be killed, wherever it moved (setsid, setpgid,
// double fork). ptrace is per thread: this thread issues every ptrace request and does all
// the waiting for the run's tasks (__WNOTHREAD: never for another run's).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>

#include <sys/resource.h>
#include <sys/types.h>

#include "run/observation.h"
#include "run/signal_origin.h"
#include "run/task_table.h"
#include "run/write_order.h"
#include "util/expected.h"
#include "util/fd.h"
#include "util/proc_info.h"

namespace grade::run {

// PTRACE_SEIZE with the given options; -1 with errno on failure. Replaceable for tests, to
// play a system that forbids tracing.
using SeizeFunction = long (*)(pid_t pid, unsigned long options);
long seize_with_ptrace(pid_t pid, unsigned long options);

struct TracerOptions {
  bool observe = true;
  std::size_t task_limit = 0;  // tasks alive at once; 0: no limit
  SeizeFunction seize = seize_with_ptrace;
  // The run's RLIMIT_CPU soft limit, if any: a process killed by SIGKILL with this much CPU
  // time reached the hard limit (a second more), which is the kernel's SIGKILL, not an
  // outsider's.
  std::optional<std::uint64_t> cpu_seconds;
  // The files the run's stdout and stderr are (a pipe, a terminal): writes to them, through
  // any descriptor, are put in order and attributed (write_order.h). Unset: not attributed.
  std::optional<FileIdentity> outputs[2];
};

// How the launched process ended, and what the run did.
struct TracerEnd {
  Observation observation;
  std::optional<int> status;  // the launched process's wait status; unset if it was lost
  std::optional<std::chrono::steady_clock::time_point> exited_at;
  bool task_limit_hit = false;
  std::optional<OutsideSignal> outside_signal;  // see RunResult::outside_signal
  bool oom_killed = false;                      // see RunResult::oom_killed
  // CPU time and peak memory of the launched process (and the children it waited for), from
  // the kernel when it was reaped; unset when the tracer did not reap it.
  std::optional<rusage> usage;
  std::string error;  // why `status` is unset
};

class Tracer {
 public:
  using Clock = std::chrono::steady_clock;
  // Forks; the child waits at a gate. `traced`: the tracer is about to attach; false when it
  // could not, and the child is started again (see launch()).
  using StartChild = std::function<Expected<pid_t>(bool traced)>;
  using Release = std::function<Expected<void>()>;  // lets the child exec

  Tracer(TracerOptions options, Clock::time_point run_start);
  ~Tracer();  // kills what is left and joins, if join() was not called
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Starts the thread, which calls `start_child` (so the child is the thread's own), attaches
  // and calls `release`. Returns the launched PID once it may run, or why there is none.
  // When observing was asked for but attaching fails, the first child is killed at the gate
  // and `start_child(false)` starts another: an observed run's system call filter stops the
  // kill family for the tracer, and without one the kernel fails those calls (ENOSYS).
  Expected<pid_t> launch(StartChild start_child, Release release);

  // Readable (POLLIN) once the launched process has exited.
  int exit_fd() const { return exit_event_.get(); }

  // SIGKILL to every task alive, and to any task that appears from now on, for `why`
  // (Task::killed_by_grader; kOutlivedProgram whenever the launched process had ended). Any
  // thread.
  void kill_all(GraderKill why);

  // Kills what is left, waits for the thread (it ends when no task is left) and reaps what
  // it could not. Call once, from the thread that called launch().
  TracerEnd join();

 private:
  void main(StartChild& start_child, Release& release, std::promise<Expected<pid_t>>& started);
  bool attach(pid_t pid);
  void trace();
  void wait_unobserved();
  void signal_exit();
  void kill_all_locked(GraderKill why);
  void reap_leftovers();

  // tracer_events.cc: one wait status, under mutex_.
  void handle(pid_t tid, int status, const rusage& usage);
  void on_stop(pid_t tid, int status);
  void on_new_task(pid_t creator, int event);
  void on_exec(pid_t tid);
  void add_unknown(pid_t tid);
  void add_task(pid_t tid, pid_t pid, pid_t parent_pid, bool claimed = true);
  bool over_task_limit();
  void on_seccomp(pid_t tid);
  void on_write_syscall(pid_t tid, std::uint64_t fd);
  void on_write_done(pid_t tid);
  void on_gone(pid_t tid);
  void on_exit_stop(pid_t tid);
  // What task `tid` comes to as it ends: its CPU time and its name, read while it exists.
  void note_last_state(pid_t tid);
  // Where task `tid` stood as the wall-time limit hit (task_standing.h).
  void note_standing(pid_t tid);
  void on_signal_syscall(pid_t tid, long syscall, const std::array<std::uint64_t, 6>& args);
  void on_signal_delivery(pid_t tid, int sig);
  void on_killed(pid_t pid, const rusage& usage);
  void note_outside(OutsideSignal outside);
  void note_identity(pid_t tid, pid_t pid);
  void resume(pid_t tid, int signal, bool listen = false);
  void resume_to_syscall_end(pid_t tid);

  const TracerOptions options_;
  Fd exit_event_;
  std::thread thread_;
  std::mutex mutex_;
  // Guarded by mutex_ while the thread runs.
  TaskTable table_;
  TracerEnd end_;
  pid_t launched_ = 0;
  bool observed_ = false;
  bool killing_ = false;
  GraderKill kill_reason_ = GraderKill::kRunEnded;  // once killing_
  bool launched_reaped_ = false;
  bool launched_exec_seen_ = false;             // its first exec: the program starts (timings.h)
  WriteOrder writes_;                           // to the run's stdout and stderr
  SentSignals sent_;                            // by the run's own tasks
  std::unordered_set<pid_t> killed_by_grader_;  // before killing_, one by one (main(), resume())
  std::optional<std::uint64_t> oom_kills_at_start_;
  std::size_t forget_zombies_at_;  // see over_task_limit()
};

}  // namespace grade::run

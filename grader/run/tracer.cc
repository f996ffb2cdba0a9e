#include "run/tracer.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <exception>
#include <utility>

#include <sys/eventfd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/process_group.h"
#include "util/errno_text.h"
#include "util/proc_info.h"
#include "util/wait.h"

namespace grade::run {
namespace {

// Every new task is attached before it runs (FORK, VFORK, CLONE); EXEC tells the program;
// SECCOMP: the observed run's filter stops each kill-family call, so the tracer knows every
// signal the run sends (signal_origin.h), and each write, so that writes to the output go
// one at a time (write_order.h); TRACESYSGOOD tells the end of such a write (the only
// system call resumed with PTRACE_SYSCALL) from a SIGTRAP; EXIT: a task's CPU time and name
// are read as it exits; EXITKILL: should this thread ever die first, nothing it traced outlives it.
constexpr unsigned long kTraceOptions =
    PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
    PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL;

// Past this many possible zombies (and then past twice as many as were left), the ones
// already reaped are forgotten even below the task limit, so that a run without one does not
// keep an entry per process it ever made, nor read /proc for each new task.
constexpr std::size_t kZombiesBeforeForgetting = 1024;

// Holding the lock while reaping keeps kill_all() from killing a PID that was just freed:
// so at most this many events are handled per hold, and kill_all() is never kept waiting long.
constexpr int kEventsPerLock = 64;

// Reaps `process` if it is a zombie child of the grader now. The start time tells it from a
// later process with the same PID (another run's, say), whose status is not ours to take.
void reap_if_zombie_of_ours(const ProcessIdentity& process) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(process.pid), &info, WEXITED | WNOHANG | WNOWAIT) == -1 ||
      info.si_pid != process.pid) {
    return;  // ECHILD: not our child (reaped by its parent, or never ours); 0: alive
  }
  const auto ticks = read_start_ticks(process.pid);
  if (ticks && *ticks == process.start_ticks) {
    int status = 0;
    (void)::waitpid(process.pid, &status, WNOHANG);  // a zombie: cannot block, cannot fail
  }
}

std::string unavailable_reason(int error) {
  const char* description = errno_description(error);
  const std::string why = description != nullptr ? description : errno_text(error);
  if (error == EPERM || error == EACCES) {
    return "the system does not allow tracing processes here (ptrace: " + why + ")";
  }
  return "the program could not be traced (ptrace: " + why + ")";
}

}  // namespace

long seize_with_ptrace(pid_t pid, unsigned long options) {
  // glibc's ptrace() is variadic and reads `data` as a pointer; the kernel takes it as a number.
  return ::ptrace(PTRACE_SEIZE, pid, nullptr,
                  reinterpret_cast<void*>(options));  // NOLINT(performance-no-int-to-ptr)
}

Tracer::Tracer(TracerOptions options, Clock::time_point run_start)
    : options_(options), table_(run_start), forget_zombies_at_(kZombiesBeforeForgetting) {}

Tracer::~Tracer() {
  if (thread_.joinable()) {
    (void)join();
  }
}

Expected<pid_t> Tracer::launch(StartChild start_child, Release release) {
  exit_event_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!exit_event_) {
    return unexpected("eventfd failed: " + errno_text(errno));
  }
  std::promise<Expected<pid_t>> started;
  std::future<Expected<pid_t>> pid = started.get_future();
  try {
    thread_ = std::thread(
        [this, start_child = std::move(start_child), release = std::move(release),
         started = std::move(started)]() mutable { main(start_child, release, started); });
  } catch (const std::exception& e) {
    return unexpected(std::string("could not start the tracer thread: ") + e.what());
  }
  return pid.get();
}

void Tracer::main(StartChild& start_child, Release& release,
                  std::promise<Expected<pid_t>>& started) {
  bool answered = false;  // whether `started` holds its value
  try {
    auto pid = start_child(options_.observe);
    if (!pid) {
      started.set_value(unexpected(pid.error()));
      return;
    }
    const bool traced = attach(*pid);
    if (!traced && options_.observe) {
      // It waits at the gate and has run nothing of the program: start one without the
      // filter that needs a tracer (see launch()).
      kill_process(*pid);
      (void)wait_for_pid(*pid);
      pid = start_child(false);
      if (!pid) {
        started.set_value(unexpected(pid.error()));
        return;
      }
      const std::lock_guard lock(mutex_);
      launched_ = *pid;
    }
    if (!release()) {
      // It died before reading the go byte (and says why on stderr), or it waits at the gate
      // for ever; either way its end is the run's end.
      const std::lock_guard lock(mutex_);
      killed_by_grader_.insert(*pid);
      kill_process(*pid);
    }
    started.set_value(*pid);
    answered = true;
    if (traced) {
      trace();
    } else {
      wait_unobserved();
    }
  } catch (const std::exception& e) {
    // Out of memory while a fork bomb fills the task table, say: this run ends as the
    // grader's failure (every task killed; EXITKILL gets the rest as this thread ends), and
    // the grader goes on instead of dying in std::terminate.
    {
      const std::lock_guard lock(mutex_);
      end_.error = std::string("the tracer failed: ") + e.what();
      kill_all_locked(GraderKill::kRunEnded);
    }
    if (!answered) {
      started.set_value(unexpected(std::string("the tracer failed: ") + e.what()));
    }
  }
  signal_exit();  // also when waiting failed, so that the run thread never waits in vain
}

bool Tracer::attach(pid_t pid) {
  const std::lock_guard lock(mutex_);
  launched_ = pid;
  Observation& observation = end_.observation;
  if (!options_.observe) {
    observation.state = Observation::State::kOff;
    observation.reason = "observation is turned off";
    return false;
  }
  // The child waits at the gate: attached now, we see its exec and everything after.
  if (options_.seize(pid, kTraceOptions) == -1) {
    observation.state = Observation::State::kUnavailable;
    observation.reason = unavailable_reason(errno);
    return false;
  }
  observation.state = Observation::State::kObserved;
  observed_ = true;
  oom_kills_at_start_ = oom_kills_so_far();
  table_.add(pid, pid, 0);
  sent_.note_sender(pid);
  note_identity(pid, pid);
  return true;
}

void Tracer::trace() {
  for (;;) {
    // Wait without consuming, then consume under the lock: see kEventsPerLock.
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOWAIT | __WALL | __WNOTHREAD) == -1) {
      const int error = errno;
      if (error == EINTR) {
        continue;
      }
      if (error != ECHILD) {  // ECHILD: no task left, the normal end
        const std::lock_guard lock(mutex_);
        end_.error = "waitid failed: " + errno_text(error);
      }
      return;  // should anything be left, EXITKILL kills it as this thread ends
    }
    const std::lock_guard lock(mutex_);
    for (int i = 0; i < kEventsPerLock; ++i) {
      int status = 0;
      rusage usage{};
      const pid_t tid = ::wait4(-1, &status, WNOHANG | __WALL | __WNOTHREAD, &usage);
      if (tid > 0) {
        handle(tid, status, usage);
      } else if (tid == 0 || errno != EINTR) {
        break;  // nothing more now; an error shows in the next waitid
      }
    }
  }
}

void Tracer::wait_unobserved() {
  // WNOWAIT: the launched process stays a zombie until join() has killed its group, so that
  // the group's number cannot be reused by then.
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(launched_), &info, WEXITED | WNOWAIT) == -1) {
    if (errno != EINTR) {
      const std::lock_guard lock(mutex_);
      end_.error = "waitid failed: " + errno_text(errno);
      return;
    }
  }
  const std::lock_guard lock(mutex_);
  end_.exited_at = Clock::now();
}

void Tracer::signal_exit() {
  const std::uint64_t one = 1;
  // Fails only when the counter would overflow, and then it is readable anyway.
  (void)!::write(exit_event_.get(), &one, sizeof one);
}

void Tracer::kill_all(GraderKill why) {
  const std::lock_guard lock(mutex_);
  kill_all_locked(why);
}

void Tracer::kill_all_locked(GraderKill why) {
  if (!killing_) {
    kill_reason_ = launched_reaped_ ? GraderKill::kOutlivedProgram : why;
    // A task killed now has no exit stop to read its CPU time and name at: read them while
    // it lives.
    for (const pid_t tid : table_.alive_tasks()) {
      note_last_state(tid);
      if (kill_reason_ == GraderKill::kWallTimeout) {
        note_standing(tid);
      }
    }
  }
  killing_ = true;
  if (launched_ <= 0) {
    return;
  }
  // Each PID is alive (or an unreaped zombie): the lock keeps the tracer from reaping now.
  for (const pid_t pid : table_.alive_processes()) {
    kill_process(pid);
  }
  if (!launched_reaped_) {
    kill_process(launched_);  // it may have left its group (setpgid)
  }
  // Only while the leader is unreaped is the group's number surely still the run's (a live
  // task of the run need not be in the group: it may have called setsid). A backstop for
  // anything the tracer could not see.
  if (!launched_reaped_) {
    kill_group(launched_);
  }
}

bool Tracer::over_task_limit() {
  const std::size_t limit = options_.task_limit;
  if ((limit > 0 && table_.counted() > limit) || table_.zombie_count() >= forget_zombies_at_) {
    // Only now is /proc read: which processes that ended are still zombies. An orphan handed
    // to the grader is reaped here, as its parent would have done.
    table_.forget_zombies([](const ProcessIdentity& process) {
      reap_if_zombie_of_ours(process);
      const auto ticks = read_start_ticks(process.pid);
      return ticks && *ticks == process.start_ticks;
    });
    forget_zombies_at_ = std::max(kZombiesBeforeForgetting, 2 * table_.zombie_count());
  }
  return limit > 0 && table_.counted() > limit;
}

TracerEnd Tracer::join() {
  kill_all(GraderKill::kRunEnded);
  if (thread_.joinable()) {
    thread_.join();
  }
  reap_leftovers();
  end_.observation.tasks = table_.take();
  end_.observation.omitted = table_.omitted();
  end_.observation.out = writes_.take(WriteOrder::kOut);
  end_.observation.err = writes_.take(WriteOrder::kErr);
  return std::move(end_);
}

void Tracer::reap_leftovers() {
  if (launched_ <= 0) {
    return;
  }
  if (!observed_) {
    // As without a tracer: the group was killed with its leader still unreaped.
    int status = 0;
    rusage usage{};
    if (wait_for_pid(launched_, &status, 0, &usage) == launched_) {
      end_.status = status;
      end_.usage = usage;
    } else if (end_.error.empty()) {
      end_.error = "waiting for PID " + std::to_string(launched_) + " failed: " + errno_text(errno);
    }
    launched_reaped_ = true;
    reap_group_members(launched_);
    return;
  }
  // The tracer's wait reaps a task only when the grader is also its real parent. A process
  // whose parent was one of the run's was handed back to that parent as a zombie; if the
  // parent died without reaping it, it is now the grader's (a subreaper) and reaped here.
  for (const ProcessIdentity& process : table_.identities()) {
    reap_if_zombie_of_ours(process);
  }
  if (!end_.status && end_.error.empty()) {
    end_.error = "the tracer did not see PID " + std::to_string(launched_) + " end";
  }
}

}  // namespace grade::run

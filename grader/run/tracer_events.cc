// The tracer's reaction to each wait status of a traced task; see tracer.h. Runs on the
// tracer thread with the lock held, so kill_all() sees every task registered so far.
#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "util/proc_info.h"
#include "run/process_group.h"
#include "run/tracer.h"

namespace grade::run {
namespace {

bool is_stopping_signal(int sig) {
  return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

// The event's message (a new task's id, an exec's former id); nullopt if the tracee is gone.
std::optional<pid_t> event_message(pid_t tid) {
  unsigned long message = 0;
  if (::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &message) == -1) {
    return std::nullopt;  // ESRCH: killed meanwhile
  }
  return static_cast<pid_t>(message);
}

// glibc's ptrace() is variadic and reads `data` as a pointer: pass a number as one.
void* as_data(int value) {
  return reinterpret_cast<void*>(  // NOLINT(performance-no-int-to-ptr): the API's own cast
      static_cast<std::intptr_t>(value));
}

}  // namespace

void Tracer::handle(pid_t tid, int status, const rusage& usage) {
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    table_.ended(tid, status);  // for a process: its last thread is gone
    if (tid == launched_) {
      end_.status = status;
      end_.usage = usage;
      end_.exited_at = Clock::now();
      launched_reaped_ = true;
      signal_exit();
    }
    return;
  }
  if (WIFSTOPPED(status)) {
    on_stop(tid, status);
  }
}

void Tracer::on_stop(pid_t tid, int status) {
  if (!table_.alive(tid)) {
    add_unknown(tid);  // a new task's first stop can come before its creator's event
  }
  const int event = status >> 16;
  const int sig = WSTOPSIG(status);
  switch (event) {
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_CLONE:
      on_new_task(tid, event);
      resume(tid, 0);
      return;
    case PTRACE_EVENT_EXEC:
      on_exec(tid);
      resume(tid, 0);
      return;
    case PTRACE_EVENT_STOP:
      // A group-stop (the program stopped itself, or was stopped): listen, so that it stays
      // stopped until a SIGCONT, as without a tracer. Else a new task's first stop, or a
      // listening one woken by SIGCONT: let it run.
      resume(tid, 0, is_stopping_signal(sig));
      return;
    case 0:
      resume(tid, sig);  // signal-delivery-stop: deliver the signal as if we were not here
      return;
    default:
      resume(tid, 0);  // PTRACE_EVENT_EXIT, and anything else: nothing to decide
      return;
  }
}

void Tracer::on_new_task(pid_t creator, int event) {
  const std::optional<pid_t> tid = event_message(creator);
  if (!tid || *tid <= 0) {
    return;  // the new task reports itself with its first stop
  }
  const pid_t creator_pid = table_.pid_of(creator);
  if (table_.alive(*tid)) {
    table_.set_parent(*tid, creator_pid);
    return;
  }
  pid_t pid = *tid;  // fork and vfork make processes
  if (event == PTRACE_EVENT_CLONE) {
    // clone() makes threads and processes alike; the new task is stopped, its ids stable.
    const auto ids = read_task_ids(*tid);
    pid = ids ? ids->tgid : creator_pid;
  }
  add_task(*tid, pid, creator_pid);
}

void Tracer::on_exec(pid_t tid) {
  // After an exec by another thread, the kernel reports it under the process's id.
  const pid_t former = event_message(tid).value_or(tid);
  auto program = read_program(tid);
  table_.exec(tid, former, program ? std::move(*program) : std::string());
}

void Tracer::add_unknown(pid_t tid) {
  const auto ids = read_task_ids(tid);
  if (!ids) {
    add_task(tid, tid, 0);  // gone already (killed): its end is recorded next
    return;
  }
  const bool thread = ids->tgid != tid;
  add_task(tid, ids->tgid, thread ? ids->tgid : ids->ppid);
}

void Tracer::add_task(pid_t tid, pid_t pid, pid_t parent_pid) {
  table_.add(tid, pid, parent_pid);
  note_identity(tid, pid);
  if (killing_) {
    kill_process(pid);  // it has not run yet: it never will
    return;
  }
  if (options_.task_limit > 0 && table_.alive_count() > options_.task_limit) {
    end_.task_limit_hit = true;
    kill_all_locked();
  }
}

void Tracer::note_identity(pid_t tid, pid_t pid) {
  if (tid != pid) {
    return;  // threads are reaped by the kernel with their process
  }
  // Stopped (or waiting at the gate): the PID is this process's while we read.
  if (const auto ticks = read_start_ticks(pid)) {
    table_.note_start(ProcessIdentity{pid, *ticks});
  }
}

void Tracer::resume(pid_t tid, int signal, bool listen) {
  if (listen && ::ptrace(PTRACE_LISTEN, tid, nullptr, nullptr) == 0) {
    return;
  }
  // ESRCH: killed meanwhile. Anything else (or a failed LISTEN) leaves a task stopped that
  // nobody would resume: let it run rather than wedge the run.
  if (::ptrace(PTRACE_CONT, tid, nullptr, as_data(signal)) == -1 && errno != ESRCH) {
    kill_process(table_.pid_of(tid));
  }
}

}  // namespace grade::run

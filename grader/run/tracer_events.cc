// The tracer's reaction to each wait status of a traced task; see tracer.h. Runs on the
// tracer thread with the lock held, so kill_all() sees every task registered so far.
#include <array>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "isolate/syscall_filter.h"
#include "run/process_group.h"
#include "run/task_standing.h"
#include "run/tracer.h"
#include "util/proc_info.h"
#include "util/timings.h"

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

// What the kernel says of the system call task `tid` is stopped in; op NONE if nothing.
__ptrace_syscall_info syscall_info(pid_t tid) {
  __ptrace_syscall_info info{};
  // glibc's ptrace() reads `addr` as a pointer; the kernel takes the buffer's size there.
  if (::ptrace(PTRACE_GET_SYSCALL_INFO, tid,
               reinterpret_cast<void*>(sizeof info),  // NOLINT(performance-no-int-to-ptr)
               &info) <= 0) {
    info.op = PTRACE_SYSCALL_INFO_NONE;
  }
  return info;
}

// The system call a task is stopped in (a seccomp stop): number and arguments.
std::optional<std::pair<long, std::array<std::uint64_t, 6>>> syscall_at_stop(pid_t tid) {
  const __ptrace_syscall_info info = syscall_info(tid);
  if (info.op != PTRACE_SYSCALL_INFO_SECCOMP) {
    return std::nullopt;
  }
  std::array<std::uint64_t, 6> args{};
  for (std::size_t i = 0; i < args.size(); ++i) {
    args[i] = info.seccomp.args[i];
  }
  return std::pair{static_cast<long>(info.seccomp.nr), args};
}

}  // namespace

void Tracer::handle(pid_t tid, int status, const rusage& usage) {
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    // A process's last word: the leader is reported after its other threads.
    if (killed && table_.pid_of(tid) == tid) {
      on_killed(tid, usage);
    }
    on_gone(tid);
    // for a process: its last thread is gone
    table_.ended(tid, status,
                 killing_ && killed ? std::optional<GraderKill>(kill_reason_) : std::nullopt);
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
    case PTRACE_EVENT_SECCOMP:
      on_seccomp(tid);  // resumes it, or holds a write back until its turn
      return;
    case PTRACE_EVENT_EXIT:
      on_exit_stop(tid);
      resume(tid, 0);
      return;
    case PTRACE_EVENT_STOP:
      // A group-stop (the program stopped itself, or was stopped): listen, so that it stays
      // stopped until a SIGCONT, as without a tracer. Else a new task's first stop, or a
      // listening one woken by SIGCONT: let it run.
      resume(tid, 0, is_stopping_signal(sig));
      return;
    case 0:
      if (sig == (SIGTRAP | 0x80)) {
        on_write_done(tid);  // the end of a write to the output (TRACESYSGOOD)
        return;
      }
      on_signal_delivery(tid, sig);
      resume(tid, sig);  // signal-delivery-stop: deliver the signal as if we were not here
      return;
    default:
      resume(tid, 0);  // anything else: nothing to decide
      return;
  }
}

void Tracer::on_new_task(pid_t creator, int event) {
  const std::optional<pid_t> tid = event_message(creator);
  if (!tid || *tid <= 0) {
    return;  // the new task reports itself with its first stop
  }
  const pid_t creator_pid = table_.pid_of(creator);
  if (table_.claim(*tid, creator_pid)) {
    return;  // seen already through its own first stop, and maybe ended since
  }
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
  if (tid == launched_ && !launched_exec_seen_) {
    launched_exec_seen_ = true;
    timings::mark("run: sandbox entered, program exec'd");
  }
  // After an exec by another thread, the kernel reports it under the process's id.
  const pid_t former = event_message(tid).value_or(tid);
  if (former != tid) {
    on_gone(former);
  }
  auto program = read_program(tid);
  table_.exec(tid, former, program ? std::move(*program) : std::string());
  if (auto line = read_command_line(tid, Task::kMaxCommandLine)) {
    table_.set_command_line(tid, std::move(*line));
  }
}

void Tracer::add_unknown(pid_t tid) {
  // Its creator's event is still to come: see TaskTable::claim().
  const auto ids = read_task_ids(tid);
  if (!ids) {
    add_task(tid, tid, 0, false);  // gone already (killed): its end is recorded next
    return;
  }
  const bool thread = ids->tgid != tid;
  add_task(tid, ids->tgid, thread ? ids->tgid : ids->ppid, false);
}

void Tracer::add_task(pid_t tid, pid_t pid, pid_t parent_pid, bool claimed) {
  table_.add(tid, pid, parent_pid, claimed);
  sent_.note_sender(pid);
  note_identity(tid, pid);
  if (killing_) {
    kill_process(pid);  // it has not run yet: it never will
    return;
  }
  if (over_task_limit()) {
    end_.task_limit_hit = true;
    kill_all_locked(GraderKill::kTaskLimit);
  }
}

void Tracer::on_seccomp(pid_t tid) {
  // Only kill-family calls and the write family stop here (syscall_filter.h).
  const auto call = syscall_at_stop(tid);
  if (call) {
    if (const auto fd_argument = isolate::written_fd_argument(call->first)) {
      on_write_syscall(tid, call->second[*fd_argument]);
      return;
    }
    on_signal_syscall(tid, call->first, call->second);
  }
  resume(tid, 0);
}

void Tracer::on_write_syscall(pid_t tid, std::uint64_t fd) {
  std::optional<WriteOrder::Stream> stream;
  if (fd <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
    if (const auto file = read_fd_identity(tid, static_cast<int>(fd))) {
      for (const auto which : {WriteOrder::kOut, WriteOrder::kErr}) {
        if (options_.outputs[which] && *options_.outputs[which] == *file) {
          stream = which;
        }
      }
    }
  }
  if (!stream || killing_) {
    resume(tid, 0);  // not the output (or the run is ending): nothing to order
  } else if (writes_.begin(tid, table_.pid_of(tid), *stream)) {
    resume_to_syscall_end(tid);  // its turn: on to the end of the write, to see how it went
  }                              // else held back, stopped, until the write before it has ended
}

void Tracer::on_write_done(pid_t tid) {
  const __ptrace_syscall_info info = syscall_info(tid);
  if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
    resume_to_syscall_end(tid);  // not its end yet: on to it
    return;
  }
  // Without its result (killed meanwhile), how much of it arrived is unknown.
  const auto next =
      info.op == PTRACE_SYSCALL_INFO_EXIT ? writes_.finish(tid, info.exit.rval) : writes_.gone(tid);
  resume(tid, 0);
  if (next) {
    resume_to_syscall_end(*next);
  }
}

void Tracer::on_gone(pid_t tid) {
  if (const auto next = writes_.gone(tid)) {
    resume_to_syscall_end(*next);
  }
}

void Tracer::on_exit_stop(pid_t tid) {
  const pid_t pid = table_.pid_of(tid);
  // A thread that ends by itself calls exit; one stopped here in any other call (or none)
  // was ended with its process by another thread.
  if (pid != tid && !killing_) {
    if (const auto call = read_syscall_number(tid); call && *call != SYS_exit) {
      table_.outlived_process(tid);
    }
  }
  table_.exiting(tid);
  // When a process ends (exit_group), its other threads are killed and have no exit stop of
  // their own: read theirs now too, as they stop (a thread that does stop reads it again).
  for (const pid_t task : pid == tid ? table_.alive_tasks_of(pid) : std::vector<pid_t>{tid}) {
    note_last_state(task);
  }
}

void Tracer::note_last_state(pid_t tid) {
  if (const auto cpu = read_task_cpu_seconds(tid)) {
    table_.set_cpu(tid, *cpu);
  }
  if (auto name = read_task_name(tid)) {
    table_.set_name(tid, std::move(*name));
  }
}

void Tracer::note_standing(pid_t tid) {
  if (const auto standing = read_standing(table_.pid_of(tid), tid)) {
    table_.set_standing(tid, *standing);
  }
}

void Tracer::on_signal_syscall(pid_t tid, long syscall, const std::array<std::uint64_t, 6>& args) {
  const auto send = decode_signal_send(syscall, args);
  if (!send) {
    return;
  }
  pid_t target = send->target_is_caller ? table_.pid_of(tid) : send->target;
  if (target > 0) {
    // A thread id stands for its process; an id the run does not have stays as it is (the
    // call fails, or reaches no task of the run).
    const pid_t process = table_.pid_of(target);
    target = process > 0 ? process : target;
  }
  sent_.note(send->signal, target);
}

void Tracer::on_signal_delivery(pid_t tid, int sig) {
  siginfo_t info{};
  if (killing_ || ::ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info) == -1 ||
      !sent_by_a_process(info)) {
    return;  // the run is ending anyway; gone; or the kernel's (a fault, a child, the tty)
  }
  const pid_t pid = table_.pid_of(tid);
  if (table_.alive(info.si_pid) || sent_.is_sender(info.si_pid) || sent_.may_have_sent(sig, pid)) {
    // The run's own: si_pid can be forged (rt_sigqueueinfo), the system call cannot.
    table_.signal_from_run(tid, sig);
    return;
  }
  note_outside(OutsideSignal{sig, pid, info.si_pid, static_cast<int>(info.si_uid),
                             info.si_pid > 0 ? command_name(info.si_pid) : std::string()});
}

void Tracer::on_killed(pid_t pid, const rusage& usage) {
  if (killing_ || killed_by_grader_.contains(pid) || sent_.may_have_sent(SIGKILL, pid)) {
    return;
  }
  if (options_.cpu_seconds) {
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    // wait4's rusage of a process the tracer reaps covers all its threads.
    if (seconds(usage.ru_utime) + seconds(usage.ru_stime) >=
        static_cast<double>(*options_.cpu_seconds)) {
      return;  // RLIMIT_CPU's hard limit
    }
  }
  const auto oom_kills = oom_kills_so_far();
  if (oom_kills && oom_kills_at_start_ && *oom_kills > *oom_kills_at_start_) {
    end_.oom_killed = true;
    return;
  }
  note_outside(OutsideSignal{SIGKILL, pid, std::nullopt, std::nullopt, {}});
}

void Tracer::note_outside(OutsideSignal outside) {
  if (!end_.outside_signal) {
    end_.outside_signal = std::move(outside);  // the first one explains the rest
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

void Tracer::resume_to_syscall_end(pid_t tid) {
  // A task held back at its write may have been killed meanwhile (ESRCH): its end frees the
  // turn. Anything else leaves it stopped: kill it rather than wedge every later write.
  if (::ptrace(PTRACE_SYSCALL, tid, nullptr, nullptr) == -1 && errno != ESRCH) {
    const pid_t pid = table_.pid_of(tid);
    killed_by_grader_.insert(pid);
    kill_process(pid);
  }
}

void Tracer::resume(pid_t tid, int signal, bool listen) {
  if (listen && ::ptrace(PTRACE_LISTEN, tid, nullptr, nullptr) == 0) {
    return;
  }
  // ESRCH: killed meanwhile. Anything else (or a failed LISTEN) leaves a task stopped that
  // nobody would resume: let it run rather than wedge the run.
  if (::ptrace(PTRACE_CONT, tid, nullptr, as_data(signal)) == -1 && errno != ESRCH) {
    const pid_t pid = table_.pid_of(tid);
    killed_by_grader_.insert(pid);
    kill_process(pid);
  }
}

}  // namespace grade::run

#include "run/process_group.h"

#include <atomic>
#include <cerrno>

#include <sched.h>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace grade::run {

bool become_child_subreaper() {
  // Per process, not per program: the attribute is not inherited across fork, so a batch
  // worker forked after its parent asked must ask again (or orphans of its runs would go to
  // the batch parent, which never reaps them).
  static std::atomic<pid_t> asked_by{0};
  static std::atomic<bool> answer{false};
  const pid_t self = ::getpid();
  if (asked_by.load() == self) {
    return answer.load();
  }
  const bool ok = [] {
    struct sigaction current {};
    if (::sigaction(SIGCHLD, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
      struct sigaction default_action {};
      default_action.sa_handler = SIG_DFL;
      (void)::sigemptyset(&default_action.sa_mask);
      (void)::sigaction(SIGCHLD, &default_action, nullptr);  // best effort, see header
    }
    // Not inherited across fork, so student programs do not become subreapers themselves.
    return ::prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL) == 0;
  }();
  answer.store(ok);
  asked_by.store(self);
  return ok;
}

void kill_group(pid_t pgid) {
  if (pgid <= 0) {
    return;  // never kill(0) or kill(-1): that would hit the grader's own group or everyone
  }
  // ESRCH: every member is already gone and reaped. EPERM can only come from a member that
  // gained privileges (a set-uid program); the others are still killed. Neither is actionable.
  (void)::kill(-pgid, SIGKILL);
}

void kill_process(pid_t pid) {
  if (pid > 0) {
    (void)::kill(pid, SIGKILL);
  }
}

void reap_group_members(pid_t pgid) {
  if (pgid <= 0) {
    return;
  }
  // Each remaining member is our child (we are their subreaper) or the child of a dying
  // member, re-parented to us before that one turns into a zombie, so ECHILD means the group
  // is empty. Never blocks: a process of the run that had left the group may join it again
  // after the kill and would never die. While waitid says a child of ours is in the group,
  // the group's number is held and killing it again hits only the run. A process that left
  // the group for good is beyond reach of a process-group design (the uid sweep gets it).
  constexpr int kRounds = 100'000;  // SIGKILLed processes die within microseconds
  for (int round = 0; round < kRounds; ++round) {
    siginfo_t info{};
    if (::waitid(P_PGID, static_cast<id_t>(pgid), &info, WEXITED | WNOHANG) == -1) {
      if (errno == EINTR) {
        continue;
      }
      return;  // ECHILD: nothing left
    }
    if (info.si_pid == 0) {  // members alive: dying, or joined after the kill
      (void)::kill(-pgid, SIGKILL);
      (void)::sched_yield();
    }
  }
}

}  // namespace grade::run

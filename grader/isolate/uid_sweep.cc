#include "isolate/uid_sweep.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <dirent.h>
#include <grp.h>  // setgroups
#include <poll.h>
#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"
#include "util/proc_info.h"
#include "util/wait.h"

namespace grade::isolate {
namespace {

// waitid() on a pidfd (Linux 5.4); glibc 2.36's <sys/wait.h> does not name it yet.
constexpr auto kPidFdIdType = static_cast<idtype_t>(3);  // P_PIDFD

// Killed processes waited for per pass, each holding a descriptor; the others were signalled
// too, and a pass that still finds one dying waits for it then.
constexpr std::size_t kWaitedPerPass = 64;

// SIGKILL cannot be caught: a process not gone after this long is stuck in the kernel
// (uninterruptible I/O), and the grader says so instead of hanging.
constexpr std::chrono::seconds kDeathTimeout{10};

// What the helper of kill_as() exits with: no other task of the uid, or some (then signalled).
constexpr int kHelperFoundNone = 0;
constexpr int kHelperFailed = 1;
constexpr int kHelperSignalled = 2;

// Whether a task of the caller's real uid other than itself exists, by the kernel's own count
// of them (RLIMIT_NPROC: a fork fails with EAGAIN once the real uid has that many tasks, threads
// and zombies included). With a limit of 2 a fork succeeds only when the caller is the uid's
// only task. Any other failure counts as "maybe", so the caller looks closer.
bool others_of_my_uid() noexcept {
  const rlimit two{2, 2};
  if (::setrlimit(RLIMIT_NPROC, &two) == -1) {
    return true;
  }
  const pid_t probe = ::vfork();
  if (probe == 0) {
    ::_exit(0);
  }
  if (probe == -1) {
    return true;
  }
  while (::waitpid(probe, nullptr, 0) == -1 && errno == EINTR) {
  }
  return false;
}

// SIGKILL to every process of `uid` at once: a helper that becomes `uid` calls kill(-1), which
// reaches every process whose real or saved uid is the helper's, the helper excepted. The
// kernel signals them all under the task list lock, which fork also takes, so none of them
// starts another process afterwards: a fork bomb stops growing here. The helper first asks
// the kernel whether the uid has any other task: usually not (the run has ended), and then
// nothing is signalled. False: the uid had no task (every process a run can make has the uid
// as its real uid, which that count covers); true: it had some, signalled now, or the helper
// was stopped or killed before it could tell.
Expected<bool> kill_as(uid_t uid) {
  const pid_t helper = ::fork();
  if (helper == -1) {
    return unexpected("fork: " + errno_text(errno));
  }
  if (helper == 0) {
    // Forked child of a possibly threaded grader: only async-signal-safe calls. Once it has
    // the uid, the run's processes may signal it: job-control stops are ignored, and the
    // grader copes with SIGSTOP / SIGKILL.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    for (const int sig : {SIGTSTP, SIGTTIN, SIGTTOU}) {
      (void)::sigaction(sig, &ignore, nullptr);
    }
    if (::setgroups(0, nullptr) != 0 || ::setresgid(uid, uid, uid) != 0 ||
        ::setresuid(uid, uid, uid) != 0) {
      ::_exit(kHelperFailed);
    }
    if (!others_of_my_uid()) {
      ::_exit(kHelperFoundNone);
    }
    // ESRCH: nothing of the uid is left after all.
    ::_exit(::kill(-1, SIGKILL) == 0 || errno == ESRCH ? kHelperSignalled : kHelperFailed);
  }
  int status = 0;
  for (;;) {
    if (wait_for_pid(helper, &status, WUNTRACED) == -1) {
      return unexpected("waitpid: " + errno_text(errno));
    }
    if (!WIFSTOPPED(status)) {
      break;
    }
    (void)::kill(helper, SIGKILL);  // stopped by the run (SIGSTOP): never wait for it
  }
  // Killed by the run's processes before or while it did its job: the caller looks at /proc,
  // so this is no failure; only the helper's own failure is.
  if (!WIFEXITED(status)) {
    return true;
  }
  if (WEXITSTATUS(status) == kHelperFailed) {
    return unexpected("the helper that kills as uid " + std::to_string(uid) + " failed");
  }
  return WEXITSTATUS(status) != kHelperFoundNone;
}

// By system call number: glibc 2.36's <sys/pidfd.h> lacks C linkage for C++.
int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U)); }

int pidfd_kill(int pidfd) {
  return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0U));
}

bool has_exited(int pidfd) {
  pollfd p{pidfd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

// Reaps the process of `pidfd` if it is a zombie child of the grader; nothing otherwise
// (ECHILD: not our child; a live child is not waited for). The pidfd names one process, so a
// reused PID is never reaped.
void reap_if_ours(int pidfd) {
  siginfo_t info{};
  while (::waitid(kPidFdIdType, static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG) == -1 &&
         errno == EINTR) {
  }
}

struct Pass {
  std::size_t alive = 0;  // live processes of the uid seen (and signalled)
  std::vector<Fd> dying;  // pidfds of some of them, to wait for
};

bool of_uid(const ProcessUids& ids, uid_t uid) {
  return ids.real == uid || ids.effective == uid || ids.saved == uid;
}

struct DirCloser {
  void operator()(DIR* dir) const { (void)::closedir(dir); }
};

// One look at every process in /proc: those of `uid` get SIGKILL through a pidfd opened
// before their status is read (a PID reused meanwhile makes the signal fail with ESRCH
// rather than hit the newcomer); its zombies are reaped when they are ours.
Expected<Pass> kill_pass(uid_t uid) {
  const std::unique_ptr<DIR, DirCloser> proc(::opendir("/proc"));
  if (!proc) {
    return unexpected("/proc: " + errno_text(errno));
  }
  Pass pass;
  for (;;) {
    errno = 0;
    // readdir is unsafe only on a DIR that several threads share; this one is ours alone.
    const dirent* entry = ::readdir(proc.get());  // NOLINT(concurrency-mt-unsafe)
    if (entry == nullptr) {
      if (errno != 0) {
        return unexpected("reading /proc: " + errno_text(errno));
      }
      return pass;
    }
    pid_t pid = 0;
    const char* end = entry->d_name + std::strlen(entry->d_name);
    if (std::from_chars(entry->d_name, end, pid).ptr != end || pid <= 0) {
      continue;  // not a process
    }
    // A first look without a descriptor: most processes are not the uid's, and a pidfd for
    // each would double the system calls of a scan.
    auto ids = read_process_uids(pid);
    if (ids && !of_uid(*ids, uid)) {
      continue;
    }
    Fd pidfd(pidfd_open(pid));
    if (!pidfd) {
      if (errno == ESRCH || errno == EINVAL) {
        continue;  // gone, or the number is now a thread's
      }
      return unexpected("pidfd_open(" + std::to_string(pid) + "): " + errno_text(errno));
    }
    ids = read_process_uids(pid);  // again: the PID may name another process by now
    if (!ids) {
      if (has_exited(pidfd.get())) {
        continue;
      }
      return unexpected(ids.error());
    }
    if (!of_uid(*ids, uid)) {
      continue;
    }
    if (ids->zombie) {
      reap_if_ours(pidfd.get());
      continue;
    }
    ++pass.alive;
    if (pidfd_kill(pidfd.get()) == -1 && errno != ESRCH) {
      return unexpected("pidfd_send_signal(" + std::to_string(pid) + "): " + errno_text(errno));
    }
    if (pass.dying.size() < kWaitedPerPass) {
      pass.dying.push_back(std::move(pidfd));
    }
  }
}

// Waits until every process of `pidfds` has exited (a pidfd turns readable then), without
// polling on a timer.
Expected<void> wait_until_dead(const std::vector<Fd>& pidfds, uid_t uid) {
  std::vector<pollfd> waiting;
  waiting.reserve(pidfds.size());
  for (const Fd& fd : pidfds) {
    waiting.push_back(pollfd{fd.get(), POLLIN, 0});
  }
  const auto deadline = std::chrono::steady_clock::now() + kDeathTimeout;
  while (!waiting.empty()) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return unexpected(std::to_string(waiting.size()) + " process(es) of uid " +
                        std::to_string(uid) + " still alive " +
                        std::to_string(kDeathTimeout.count()) + " s after SIGKILL");
    }
    if (::poll(waiting.data(), waiting.size(), static_cast<int>(left.count())) == -1) {
      if (errno == EINTR) {
        continue;
      }
      return unexpected("poll: " + errno_text(errno));
    }
    std::erase_if(waiting, [](const pollfd& p) { return p.revents != 0; });
  }
  return {};
}

}  // namespace

Expected<void> sweep_uid(uid_t uid) {
  if (uid == 0 || uid == ::getuid() || uid == ::geteuid()) {
    return unexpected("refusing to sweep uid " + std::to_string(uid) + ": the grader's own");
  }
  // Usually nothing is left (the tracer killed what it saw): kill(-1) as the uid says so with
  // one fork, cheaper than reading every process's status in /proc. No process of the uid can
  // appear from nowhere: the lease keeps other graders off it, so only a live process of the
  // uid could make another.
  for (;;) {
    auto found = kill_as(uid);
    if (!found) {
      return unexpected(found.error());
    }
    if (!*found) {
      return {};
    }
    auto pass = kill_pass(uid);
    if (!pass) {
      return unexpected(pass.error());
    }
    if (pass->alive == 0) {
      return {};
    }
    if (auto dead = wait_until_dead(pass->dying, uid); !dead) {
      return dead;
    }
    for (const Fd& pidfd : pass->dying) {
      reap_if_ours(pidfd.get());
    }
  }
}

}  // namespace grade::isolate

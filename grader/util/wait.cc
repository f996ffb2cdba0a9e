#include "util/wait.h"

#include <cerrno>
#include <system_error>
#include <thread>

#include <signal.h>  // NOLINT: pthread_sigmask() is not in <csignal>
#include <sys/wait.h>

namespace grade {

pid_t wait_for_pid(pid_t pid, int* status, int options, rusage* usage) noexcept {
  pid_t got = -1;
  do {
    got = ::wait4(pid, status, options, usage);
  } while (got == -1 && errno == EINTR);
  return got;
}

void reap_in_background(pid_t pid) {
  // The thread inherits this mask: a signal the grader reads from a signalfd must never find
  // a thread where it is unblocked (its default action would end the grader).
  sigset_t all{};
  sigset_t old{};
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  try {
    std::thread([pid] { (void)wait_for_pid(pid); }).detach();
  } catch (const std::system_error&) {
    (void)wait_for_pid(pid);
  }
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace grade

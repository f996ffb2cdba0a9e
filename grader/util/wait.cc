#include "util/wait.h"

#include <cerrno>

#include <sys/wait.h>

namespace grade {

pid_t wait_for_pid(pid_t pid, int* status, int options, rusage* usage) noexcept {
  pid_t got = -1;
  do {
    got = ::wait4(pid, status, options, usage);
  } while (got == -1 && errno == EINTR);
  return got;
}

}  // namespace grade

// Waiting for a child process, going on after EINTR.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

namespace grade {

// wait4(pid, status, options, usage), called again while it fails with EINTR: the PID waited
// for (0 with WNOHANG and nothing to report), or -1 with errno (never EINTR). `status` and
// `usage` may be null. Neither allocates nor locks: safe in a forked child.
pid_t wait_for_pid(pid_t pid, int* status = nullptr, int options = 0,
                   rusage* usage = nullptr) noexcept;

}  // namespace grade

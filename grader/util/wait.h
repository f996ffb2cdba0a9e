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

// Reaps the child `pid` on a thread of its own, with every signal blocked, for a child whose
// end the caller need not wait for: a probe's exit tears down the namespaces it made, which
// takes the kernel half a millisecond. Waits in place if no thread can be started.
void reap_in_background(pid_t pid);

}  // namespace grade

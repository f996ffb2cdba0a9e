// The seccomp filter that keeps a traced run traced. PTRACE_SEIZE with the TRACEFORK/VFORK/
// CLONE options attaches every new task before it runs, except a clone() with CLONE_UNTRACED:
// such a child would escape the tracer and, after setsid, the final kill too.
//
// The filter, on the native architecture (x86_64 or aarch64 alike: clone's flags are its
// first argument there):
// - clone() with CLONE_UNTRACED in its flags fails with EPERM;
// - clone3() fails with ENOSYS: its flags are in a struct in memory, which seccomp cannot
//   read. glibc (2.34 and later) then falls back to clone() for threads, fork and posix_spawn;
// - seccomp() with SECCOMP_FILTER_FLAG_NEW_LISTENER fails with EPERM: a filter of the run's own
//   whose listener answers its system calls (SECCOMP_RET_USER_NOTIF outranks RET_TRACE) would
//   write or kill unseen by the tracer;
// - ioctl TIOCSTI (typed input, echoed onto the output), TIOCSETD and the termios setters
//   (TCSETS*, TCSETA*: tabs expanded, "\n" made "\r\n") fail with EPERM, on any descriptor
//   and whatever the request's upper 32 bits: the run's terminal stays raw, so its bytes are
//   exactly the writes the tracer counted;
// - for the tracer's signal-sending filter only (observed_run_filter()): kill, tkill, tgkill,
//   rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal and prctl(PR_SET_PDEATHSIG) stop
//   for the tracer
//   (SECCOMP_RET_TRACE, seen with PTRACE_O_TRACESECCOMP), so that it knows every signal the
//   run sends and can tell a signal from outside the run (run/signal_origin.h). Without a
//   tracer the kernel fails such a call with ENOSYS: only for runs whose tracer attached;
// - for that filter too: every system call that writes to a descriptor (write, writev,
//   pwrite64, pwritev, pwritev2, sendfile, splice, tee, vmsplice, copy_file_range) stops for
//   the tracer, which lets writes to the run's output happen one at a time and notes their
//   authors (run/write_order.h); io_setup and io_uring_setup fail with ENOSYS, since their
//   writes would need no system call the filter sees (programs fall back to plain writes);
// - every other system call is allowed;
// - a system call of another ABI (i386 through int 0x80, x32) kills the process: the filter
//   does not know that ABI's numbers, so it cannot check it.
#pragma once

#include <optional>

#include <linux/filter.h>  // sock_fprog

#include "util/expected.h"

namespace grade::isolate {

// The filter as a classic BPF program, built with libseccomp on the first call and kept for
// the life of the process (the same pointer every time; thread-safe). The program never
// changes or moves, so a forked child can install it without allocating (see
// install_syscall_filter). An error says why it could not be built (and stays the answer).
Expected<const sock_fprog*> untraced_clone_filter();

// The same, and the kill family stops for the tracer: for runs that are traced. Built once,
// like untraced_clone_filter().
Expected<const sock_fprog*> observed_run_filter();

// The filter to use instead of `filter` when the run turns out not to be traced after all:
// untraced_clone_filter() for observed_run_filter(), `filter` itself otherwise.
const sock_fprog* without_signal_tracing(const sock_fprog* filter);

// For a system call of the write family (see above): which of its arguments is the
// descriptor written to. nullopt for any other call.
std::optional<unsigned> written_fd_argument(long syscall);

// Installs `filter` on the calling thread, for it and everything it execs or creates; it can
// never be removed. Needs PR_SET_NO_NEW_PRIVS first unless the caller has CAP_SYS_ADMIN.
// Async-signal-safe. Returns false with errno set on failure.
bool install_syscall_filter(const sock_fprog& filter) noexcept;

}  // namespace grade::isolate

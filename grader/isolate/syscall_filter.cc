#include "isolate/syscall_filter.h"

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <asm/ioctls.h>     // TIOCSTI, TCSETS2 and the other termios setters
#include <asm/termbits.h>   // struct termios2, which TCSETS2 names
#include <linux/seccomp.h>  // SECCOMP_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER
#include <sched.h>          // CLONE_UNTRACED
#include <seccomp.h>
#include <sys/mman.h>  // memfd_create
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"

namespace grade::isolate {
namespace {

// Which argument of the raw clone() holds the flags: the first everywhere but on cris and
// s390, where the stack comes first (CONFIG_CLONE_BACKWARDS2; man 2 clone, NOTES).
#if defined(__s390__) || defined(__CRIS__)
constexpr unsigned kCloneFlagsArgument = 1;
#else
constexpr unsigned kCloneFlagsArgument = 0;
#endif

using Context = std::unique_ptr<void, void (*)(scmp_filter_ctx)>;

// libseccomp returns -errno.
Unexpected failed(const char* what, int negative_errno) {
  return unexpected(std::string("building the system call filter: ") + what + ": " +
                    errno_text(-negative_errno));
}

// The system calls that send a signal (see the header).
constexpr int kSignalSyscalls[] = {SCMP_SYS(kill),
                                   SCMP_SYS(tkill),
                                   SCMP_SYS(tgkill),
                                   SCMP_SYS(rt_sigqueueinfo),
                                   SCMP_SYS(rt_tgsigqueueinfo),
                                   SCMP_SYS(pidfd_send_signal)};

// The write family, and which argument is the descriptor written to.
struct WriteCall {
  int syscall;
  unsigned fd_argument;
};
constexpr WriteCall kWriteSyscalls[] = {{SCMP_SYS(write), 0},    {SCMP_SYS(writev), 0},
                                        {SCMP_SYS(pwrite64), 0}, {SCMP_SYS(pwritev), 0},
                                        {SCMP_SYS(pwritev2), 0}, {SCMP_SYS(sendfile), 0},
                                        {SCMP_SYS(splice), 2},   {SCMP_SYS(tee), 1},
                                        {SCMP_SYS(vmsplice), 0}, {SCMP_SYS(copy_file_range), 2}};

// Asynchronous writes the tracer would not see one by one.
constexpr int kAsyncIoSyscalls[] = {SCMP_SYS(io_setup), SCMP_SYS(io_uring_setup)};

// The ioctls that would put bytes on the run's terminal without a write (TIOCSTI: typed input,
// echoed), or make the terminal change what is written (termios: tabs expanded, "\n" made
// "\r\n"; TIOCSETD: another line discipline), so that the bytes read no longer follow the
// writes the tracer counted (run/write_order.h).
constexpr unsigned long kTerminalIoctls[] = {TIOCSTI, TIOCSETD, TCSETS,  TCSETSW,  TCSETSF, TCSETA,
                                             TCSETAW, TCSETAF,  TCSETS2, TCSETSW2, TCSETSF2};
// The kernel reads ioctl's request as 32 bits: the upper half must not hide one.
constexpr std::uint64_t kIoctlRequestMask = 0xffffffffU;

Expected<void> add_terminal_rules(scmp_filter_ctx ctx) {
  for (const unsigned long request : kTerminalIoctls) {
    const scmp_arg_cmp is_request = {1, SCMP_CMP_MASKED_EQ, kIoctlRequestMask, request};
    if (const int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1, is_request);
        rc != 0) {
      return failed("seccomp_rule_add(ioctl)", rc);
    }
  }
  return {};
}

Expected<void> add_observed_rules(scmp_filter_ctx ctx) {
  for (const int syscall : kSignalSyscalls) {
    if (const int rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), syscall, 0); rc != 0) {
      return failed("seccomp_rule_add(kill family)", rc);
    }
  }
  // A parent-death signal is sent by the kernel on the run's behalf, without a kill call.
  const scmp_arg_cmp pdeathsig = {0, SCMP_CMP_EQ, PR_SET_PDEATHSIG, 0};
  if (const int rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), SCMP_SYS(prctl), 1, pdeathsig);
      rc != 0) {
    return failed("seccomp_rule_add(prctl)", rc);
  }
  for (const WriteCall& call : kWriteSyscalls) {
    if (const int rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), call.syscall, 0); rc != 0) {
      return failed("seccomp_rule_add(write family)", rc);
    }
  }
  for (const int syscall : kAsyncIoSyscalls) {
    if (const int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), syscall, 0); rc != 0) {
      return failed("seccomp_rule_add(asynchronous I/O)", rc);
    }
  }
  return {};
}

Expected<Context> make_rules(bool trace_signals) {
  Context ctx(seccomp_init(SCMP_ACT_ALLOW), seccomp_release);
  if (!ctx) {
    return unexpected("building the system call filter: seccomp_init failed");
  }
  // Only the native ABI is in the filter; libseccomp makes any other one (and x32 system
  // call numbers on x86_64) take this action. Kill the whole process, not just the thread.
  if (const int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
      rc != 0) {
    return failed("seccomp_attr_set(SCMP_FLTATR_ACT_BADARCH)", rc);
  }
  // The flags argument is 64 bits wide; CLONE_UNTRACED is in its low half, and libseccomp
  // compares both halves.
  const scmp_arg_cmp untraced = {kCloneFlagsArgument, SCMP_CMP_MASKED_EQ, CLONE_UNTRACED,
                                 CLONE_UNTRACED};
  if (const int rc =
          seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, untraced);
      rc != 0) {
    return failed("seccomp_rule_add(clone)", rc);
  }
  // ENOSYS, not EPERM: only "not implemented" makes glibc fall back to clone().
  if (const int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
      rc != 0) {
    return failed("seccomp_rule_add(clone3)", rc);
  }
  // A filter of the run's own may answer its system calls from a listener (USER_NOTIF), which
  // outranks this filter's SECCOMP_RET_TRACE: a write or kill the tracer never sees.
  const scmp_arg_cmp listener = {1, SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                                 SECCOMP_FILTER_FLAG_NEW_LISTENER};
  if (const int rc =
          seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(seccomp), 1, listener);
      rc != 0) {
    return failed("seccomp_rule_add(seccomp)", rc);
  }
  if (auto added = add_terminal_rules(ctx.get()); !added) {
    return unexpected(added.error());
  }
  if (trace_signals) {
    if (auto added = add_observed_rules(ctx.get()); !added) {
      return unexpected(added.error());
    }
  }
  return ctx;
}

// The BPF program of `ctx`. libseccomp 2.5 exports only to a file descriptor
// (seccomp_export_bpf_mem came with 2.6): so to an anonymous file, read back.
Expected<std::vector<sock_filter>> export_program(scmp_filter_ctx ctx) {
  const Fd file(::memfd_create("grade-syscall-filter", MFD_CLOEXEC));
  if (!file) {
    return unexpected("building the system call filter: memfd_create: " + errno_text(errno));
  }
  if (const int rc = seccomp_export_bpf(ctx, file.get()); rc != 0) {
    return failed("seccomp_export_bpf", rc);
  }
  struct stat info {};
  if (::fstat(file.get(), &info) == -1) {
    return unexpected("building the system call filter: fstat: " + errno_text(errno));
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0 || size % sizeof(sock_filter) != 0 || size / sizeof(sock_filter) > BPF_MAXINSNS) {
    return unexpected("building the system call filter: libseccomp exported " +
                      std::to_string(size) + " bytes, not a BPF program");
  }
  std::vector<sock_filter> program(size / sizeof(sock_filter));
  auto* bytes = reinterpret_cast<char*>(program.data());
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(file.get(), bytes + done, size - done, static_cast<off_t>(done));
    if (got > 0) {
      done += static_cast<std::size_t>(got);
    } else if (got == 0) {
      return unexpected("building the system call filter: the exported program was cut short");
    } else if (errno != EINTR) {
      return unexpected("building the system call filter: pread: " + errno_text(errno));
    }
  }
  return program;
}

Expected<std::vector<sock_filter>> build(bool trace_signals) {
  auto ctx = make_rules(trace_signals);
  if (!ctx) {
    return unexpected(ctx.error());
  }
  return export_program(ctx->get());
}

struct Built {
  explicit Built(bool trace_signals) : instructions(build(trace_signals)) {}
  Expected<std::vector<sock_filter>> instructions;
  sock_fprog program{};  // points into `instructions`
};

// Never freed: a child forked by another thread may read it until it execs, even while the
// grader exits.
const Built* make_built(bool trace_signals) {
  auto* b = new Built(trace_signals);  // NOLINT(cppcoreguidelines-owning-memory)
  if (b->instructions) {
    b->program.len = static_cast<unsigned short>(b->instructions->size());
    b->program.filter = b->instructions->data();
  }
  return b;
}

Expected<const sock_fprog*> program_of(const Built& built) {
  if (!built.instructions) {
    return unexpected(built.instructions.error());
  }
  return &built.program;
}

// A static's initializer runs once, whichever thread comes first.
const Built& plain_filter() {
  static const Built* const built = make_built(false);
  return *built;
}

const Built& signal_tracing_filter() {
  static const Built* const built = make_built(true);
  return *built;
}

}  // namespace

Expected<const sock_fprog*> untraced_clone_filter() { return program_of(plain_filter()); }

Expected<const sock_fprog*> observed_run_filter() { return program_of(signal_tracing_filter()); }

const sock_fprog* without_signal_tracing(const sock_fprog* filter) {
  const Built& tracing = signal_tracing_filter();
  if (filter == nullptr || !tracing.instructions || filter != &tracing.program) {
    return filter;
  }
  const auto plain = untraced_clone_filter();
  return plain ? *plain : filter;
}

std::optional<unsigned> written_fd_argument(long syscall) {
  for (const WriteCall& call : kWriteSyscalls) {
    if (call.syscall == syscall) {
      return call.fd_argument;
    }
  }
  return std::nullopt;
}

bool install_syscall_filter(const sock_fprog& filter) noexcept {
  // prctl(2) takes the program as an unsigned long; the kernel only reads it.
  return ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, reinterpret_cast<unsigned long>(&filter), 0L,
                 0L) == 0;
}

}  // namespace grade::isolate

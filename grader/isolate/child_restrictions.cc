#include "isolate/child_restrictions.h"

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <grp.h>  // setgroups
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "isolate/landlock.h"
#include "isolate/namespaces.h"
#include "isolate/syscall_filter.h"

namespace grade::isolate {
namespace {

// Sets both soft and hard `resource` limits, each lowered to the current hard limit: without
// CAP_SYS_RESOURCE a hard limit can only go down, and a lower limit than asked for is still a
// limit, while failing would make every run of a restricted machine an error.
// (__rlimit_resource_t: glibc's enum of RLIMIT_*, what its C++ declarations take.)
bool set_limit(__rlimit_resource_t resource, std::uint64_t soft, std::uint64_t hard) noexcept {
  rlimit current{};
  if (::getrlimit(resource, &current) == -1) {
    return false;
  }
  const auto clamp = [&](std::uint64_t value) -> rlim_t {
    const rlim_t wanted = value >= RLIM_INFINITY ? RLIM_INFINITY : static_cast<rlim_t>(value);
    return current.rlim_max == RLIM_INFINITY || wanted < current.rlim_max ? wanted
                                                                          : current.rlim_max;
  };
  const rlimit next{clamp(soft), clamp(hard)};
  return ::setrlimit(resource, &next) == 0;
}

std::uint64_t plus_one(std::uint64_t value) noexcept {
  return value >= RLIM_INFINITY - 1 ? value : value + 1;
}

const char* apply_limits(const Restrictions& r) noexcept {
  // Soft below hard for CPU time: SIGXCPU at the limit names the reason (Python does not
  // catch it, so it ends the run), and a program that ignores it gets SIGKILL a second later.
  if (r.cpu_seconds && !set_limit(RLIMIT_CPU, *r.cpu_seconds, plus_one(*r.cpu_seconds))) {
    return "setrlimit(RLIMIT_CPU)";
  }
  if (r.memory_bytes && !set_limit(RLIMIT_DATA, *r.memory_bytes, *r.memory_bytes)) {
    return "setrlimit(RLIMIT_DATA)";
  }
  if (r.file_bytes && !set_limit(RLIMIT_FSIZE, *r.file_bytes, *r.file_bytes)) {
    return "setrlimit(RLIMIT_FSIZE)";
  }
  if (r.open_files && !set_limit(RLIMIT_NOFILE, *r.open_files, *r.open_files)) {
    return "setrlimit(RLIMIT_NOFILE)";
  }
  // A crash must not leave a core file of the run's size in the run folder (or in whatever
  // the system's core_pattern points at).
  if (!set_limit(RLIMIT_CORE, 0, 0)) {
    return "setrlimit(RLIMIT_CORE)";
  }
  return nullptr;
}

const char* drop_privileges(uid_t uid, gid_t gid) noexcept {
  // Groups before the group, the group before the user: once the uid is not 0 the process
  // may no longer change either.
  if (::setgroups(0, nullptr) == -1) {
    return "setgroups";
  }
  if (::setgid(gid) == -1) {
    return "setgid";
  }
  if (::setuid(uid) == -1) {
    return "setuid";
  }
  // setuid(2) as root sets real, effective and saved IDs together; check that nothing kept
  // a way back (e.g. a capability-aware securebits setting of the grader's environment).
  uid_t real = 0;
  uid_t effective = 0;
  uid_t saved = 0;
  if (::getresuid(&real, &effective, &saved) == -1) {
    return "getresuid";
  }
  gid_t real_gid = 0;
  gid_t effective_gid = 0;
  gid_t saved_gid = 0;
  if (::getresgid(&real_gid, &effective_gid, &saved_gid) == -1) {
    return "getresgid";
  }
  if (real != uid || effective != uid || saved != uid || real_gid != gid || effective_gid != gid ||
      saved_gid != gid) {
    errno = EPERM;
    return "checking the user and group after changing them";
  }
  if (uid != 0 && ::setuid(0) == 0) {
    errno = EPERM;
    return "checking that root cannot be regained (setuid(0) succeeded)";
  }
  return nullptr;
}

// Joins each cgroup by moving this (single) thread: no global lock, unlike a move by PID.
const char* join_cgroups(const Restrictions& r) noexcept {
  for (const std::string& tasks : r.join_cgroups) {
    const int fd = ::open(tasks.c_str(), O_WRONLY | O_CLOEXEC);
    const bool joined = fd != -1 && ::write(fd, "0", 1) == 1;
    const int error = errno;
    if (fd != -1) {
      ::close(fd);
    }
    if (!joined) {
      errno = error;
      return "joining the run's cgroup";
    }
  }
  return nullptr;
}

const char* enter_namespaces(const Restrictions& r) noexcept {
  if (r.user_namespace) {
    if (const char* failed = enter_user_namespace(r.uid_map, r.gid_map); failed != nullptr) {
      return failed;
    }
  }
  if (r.no_network && r.network_namespace >= 0) {
    if (::setns(r.network_namespace, CLONE_NEWNET) == -1) {
      return "setns(CLONE_NEWNET)";
    }
  } else if (r.no_network && ::unshare(CLONE_NEWNET) == -1) {
    return "unshare(CLONE_NEWNET)";
  }
  if (!r.view) {
    return nullptr;
  }
  // A private IPC namespace too: SysV objects and POSIX message queues left by the run go
  // with it, and it cannot reach another run's.
  if (::unshare(CLONE_NEWNS | CLONE_NEWIPC) == -1) {
    return "unshare(CLONE_NEWNS | CLONE_NEWIPC)";
  }
  return enter_private_view(*r.view);
}

}  // namespace

const char* apply_in_child(const Restrictions& restrictions) noexcept {
  if (restrictions.uid.has_value() != restrictions.gid.has_value()) {
    errno = EINVAL;
    return "changing the user (a uid and a gid must be given together)";
  }
  if (const char* failed = join_cgroups(restrictions); failed != nullptr) {
    return failed;
  }
  // Then: namespaces need CAP_SYS_ADMIN (in the user namespace, for a normal user), which
  // the uid change drops.
  if (const char* failed = enter_namespaces(restrictions); failed != nullptr) {
    return failed;
  }
  if (const char* failed = apply_limits(restrictions); failed != nullptr) {
    return failed;
  }
  if (restrictions.uid) {
    const uid_t uid = *restrictions.uid;
    const gid_t gid = *restrictions.gid;
    // An unprivileged grader asked to stay itself: nothing to change (setgroups would fail).
    const bool already =
        ::geteuid() != 0 && ::getuid() == uid && ::getgid() == gid && ::getegid() == gid;
    if (!already) {
      if (const char* failed = drop_privileges(uid, gid); failed != nullptr) {
        return failed;
      }
    }
  }
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1) {
    return "prctl(PR_SET_NO_NEW_PRIVS)";
  }
  // Killed when the thread that started it ends (the run's tracer, which outlives the run):
  // if the grader is killed mid-run, an untraced program does not live on. After the uid
  // change, which would clear it; before the start gate, whose end the grader's death is too.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L) == -1) {
    return "prctl(PR_SET_PDEATHSIG)";
  }
  if (restrictions.landlock_abi > 0 && !enter_landlock_domain(restrictions.landlock_abi)) {
    return "landlock_restrict_self";
  }
  if (restrictions.syscall_filter != nullptr &&
      !install_syscall_filter(*restrictions.syscall_filter)) {
    return "prctl(PR_SET_SECCOMP)";
  }
  return nullptr;
}

}  // namespace grade::isolate

// What a submission's process may use and who it runs as: decided by the grader before the
// fork, applied by the child just before exec (see apply_in_child).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "isolate/private_view.h"

struct sock_fprog;  // <linux/filter.h>

namespace grade::isolate {

struct Restrictions {
  // Resource limits per process (setrlimit); unset: left as the grader has them. A limit above
  // the grader's own hard limit is lowered to it (raising needs CAP_SYS_RESOURCE).
  std::optional<std::uint64_t> cpu_seconds;  // RLIMIT_CPU: SIGXCPU at the limit, SIGKILL 1 s on
  // RLIMIT_DATA, not RLIMIT_AS: both make allocations fail, but RLIMIT_AS also counts address
  // space that is only reserved (glibc reserves 64 MiB per malloc arena), so 512 MiB of it
  // allowed Python only 14 threads; RLIMIT_DATA allowed 63 (8 MiB of stack each). Linux >= 4.7.
  std::optional<std::uint64_t> memory_bytes;
  std::optional<std::uint64_t> file_bytes;  // RLIMIT_FSIZE
  std::optional<std::uint64_t> open_files;  // RLIMIT_NOFILE
  // Run as this user and group (only possible when the grader is root); unset: as the grader.
  // Set both or neither; supplementary groups are dropped.
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  // cgroup v1 `tasks` files the child joins first, by writing "0" (cgroup.h, child_joins).
  std::vector<std::string> join_cgroups;
  // A new, empty network namespace: no interface but a loopback that is down.
  bool no_network = false;
  // With no_network: enter this empty network namespace (a descriptor, shared_network.h)
  // instead of making one; -1: make one.
  int network_namespace = -1;
  // For a normal user: a user namespace first, so that the namespaces below need no
  // privilege; the maps ("ID ID 1") keep the user's own ids (namespaces.h).
  bool user_namespace = false;
  std::string uid_map;
  std::string gid_map;
  // Set: new mount and IPC namespaces with the run's private view of the files as root
  // (private_view.h); the run then starts in its folder there.
  std::optional<PrivateView> view;
  // Landlock ABI for scoping signals, tracing and /proc to the run's own processes
  // (landlock.h); 0: none.
  int landlock_abi = 0;
  // A seccomp filter to install last (syscall_filter.h); it must outlive the fork and not
  // change. Unset: none. The runner sets it for observed runs, so that no task can leave the
  // tracer's sight through clone(CLONE_UNTRACED).
  const sock_fprog* syscall_filter = nullptr;
};

// Applies `restrictions` to the calling process; for the forked child just before exec. In
// order: the run's cgroups (while /sys is still the machine's), the user namespace, the network,
// mount and IPC namespaces and the private view (they need CAP_SYS_ADMIN, so while still
// privileged), the rlimits (RLIMIT_CORE is always 0: no core files in the run folder), then groups,
// gid and uid (checked: regaining root must fail afterwards), then PR_SET_NO_NEW_PRIVS (no
// set-user-ID program regains privileges), then the Landlock domain, then the syscall filter (an
// unprivileged process may install one only with NO_NEW_PRIVS set; last, so that it filters none of
// the steps above). Async-signal-safe: no allocation, no locks. Returns nullptr on success, else
// the name of the step that failed with errno set.
const char* apply_in_child(const Restrictions& restrictions) noexcept;

}  // namespace grade::isolate

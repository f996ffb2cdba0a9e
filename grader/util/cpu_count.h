// How many gradings can run at once here: the CPUs this process may use, capped by a
// container's CPU quota. A Kubernetes pod limited to 2 CPUs on a 64-core node sees 64 CPUs
// in its affinity mask; a worker per CPU there would only queue on the quota.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace grade {

// The CPUs of the affinity mask, at least 1, capped by usable_cpus_from_quota() when there is
// a quota.
int usable_cpus();

// The CPUs online (sysconf(_SC_NPROCESSORS_ONLN)), at least 1: what Python's os.cpu_count()
// reports up to 3.12, and so the default size of a multiprocessing.Pool there, whatever the
// affinity mask or a CPU quota allow.
int online_cpus();

// The cgroup v2 quota of the cgroup named in `proc_self_cgroup` (the text of
// /proc/self/cgroup; its "0::/path" line) under `cgroup_root` (/sys/fs/cgroup): cpu.max
// "QUOTA PERIOD" rounded up to whole CPUs, the lowest of it and its ancestors'. nullopt when
// none has a quota ("max"), cgroup v1 only, or anything unreadable.
std::optional<int> cpus_from_quota(const std::filesystem::path& cgroup_root,
                                   std::string_view proc_self_cgroup);

}  // namespace grade

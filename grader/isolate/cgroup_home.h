// Where the run cgroups of isolate/cgroup.h are made, found once per grader process
// (cgroup_home): below the grader's own cgroup, in the hierarchy that has each controller —
// cgroup v1 where the controller is mounted as a v1 hierarchy, else cgroup v2. Where that is
// not possible (not root and nothing delegated, a read-only cgroup filesystem, a v2 cgroup
// shared with other processes) runs keep only the per-process rlimits, and Totals says so and
// why.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <sys/types.h>

namespace grade::isolate {

// What limited a run's processes together, for the report.
struct Totals {
  bool memory = false;  // all its memory, shared memory and tmpfs included, in one limit
  bool tasks = false;   // its processes and threads in one limit (pids.max)
  std::string by;       // "cgroup v1", "cgroup v2", "cgroup v1 and v2"; empty: rlimits only
  std::string reason;   // why memory or tasks were not limited per run; empty when both were

  // "memory and tasks per run (cgroup v1)", "per process (rlimits)", ...
  std::string describe() const;
};

// A cgroup of the grader, in one hierarchy: run cgroups are made in `dir`.
struct CgroupPlace {
  std::filesystem::path dir;
  bool v2 = false;
};

// Where run cgroups are made, per controller; unset: not possible here, `problem` says why.
struct CgroupHome {
  std::optional<CgroupPlace> memory;
  std::optional<CgroupPlace> pids;
  bool memsw = false;   // v1 memory with swap accounting (memory.memsw.limit_in_bytes)
  std::string problem;  // why a controller is missing; empty when both are there

  Totals totals() const;
};

// What cgroup_home() reads, as parameters so that tests can use fake cgroup trees.
struct CgroupSources {
  std::string proc_self_cgroup;  // the text of /proc/self/cgroup
  std::string mountinfo;         // the text of /proc/self/mountinfo
  // Mount points are taken under this folder: "/" for the real system, a temporary folder
  // holding fake cgroup trees in tests.
  std::filesystem::path root = "/";
  pid_t self = 0;  // the grader's PID (cgroup v2: it may have to move to a leaf); 0: getpid()
};

// Reads /proc/self/cgroup and /proc/self/mountinfo.
CgroupSources current_cgroup_sources();

// Finds where this grader can make run cgroups. Cgroup v2 forbids controllers below a cgroup
// that holds processes ("no internal processes", the root excepted): when the grader is the
// only process of its v2 cgroup and the controllers are not enabled below it yet, the grader
// moves itself into a leaf `grader` beside the runs' cgroups and enables memory and pids in
// its cgroup's cgroup.subtree_control. Nothing else is changed.
CgroupHome find_cgroup_home(const CgroupSources& sources);

// find_cgroup_home() on the real system, once per process (it may move the grader, and a
// second look would find it in its leaf), remembered: forked workers inherit the answer.
const CgroupHome& cgroup_home();

}  // namespace grade::isolate

// Totals per run: a cgroup of its own for each run, so that the memory of all its processes
// together — shared memory, memfd and tmpfs files included, which RLIMIT_DATA does not count —
// and the number of its tasks are limited for the run as a whole, and whatever is left of it
// at the end can be found and killed.
//
// Where the cgroups are made is found once per grader process (cgroup_home): below the
// grader's own cgroup, in the hierarchy that has each controller — cgroup v1 where the
// controller is mounted as a v1 hierarchy, else cgroup v2. Where that is not possible (not
// root and nothing delegated, a read-only cgroup filesystem, a v2 cgroup shared with other
// processes) runs keep only the per-process rlimits, and Totals says so and why.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "util/expected.h"

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

struct CgroupLimits {
  std::optional<std::uint64_t> memory_bytes;  // v1 memory.limit_in_bytes (+ memsw), v2 memory.max
  std::optional<std::uint64_t> tasks;         // pids.max
};

// What the kernel recorded about a run, read before its cgroup goes.
struct CgroupUsage {
  bool oom_killed = false;     // the OOM killer killed a task of the run at its memory limit
  bool tasks_refused = false;  // a fork or clone failed at pids.max
  std::optional<std::uint64_t> peak_memory_bytes;  // v1 memory.max_usage_in_bytes, v2 memory.peak
};

// The cgroup of one run, in each hierarchy of a CgroupHome, named uniquely
// ("grade-run-<grader pid>-<n>"). Put the run's first process in with add() before it runs
// anything of the submission; at the end, usage() and then end().
class RunCgroup {
 public:
  static Expected<RunCgroup> create(const CgroupHome& home, const CgroupLimits& limits);

  RunCgroup(RunCgroup&& other) noexcept;
  RunCgroup& operator=(RunCgroup&& other) noexcept;
  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;
  ~RunCgroup();  // end(), if it was not called; a failure then goes unreported

  // Moves process `pid` (and so everything it will create) into the run's v2 cgroup. The v1
  // hierarchies are joined by the child itself (child_joins): moving a process by PID takes a
  // global lock that waits for an RCU grace period (7.7 ms median here, on every run), while a
  // thread moving itself through `tasks` takes none.
  Expected<void> add(pid_t pid) const;
  // The v1 `tasks` files the forked child writes "0" to, before anything of the submission runs
  // (Restrictions::join_cgroups); the child is single-threaded then, so the thread is the process.
  std::vector<std::string> child_joins() const;
  CgroupUsage usage() const;
  // Kills every process still in the cgroup (v2: cgroup.kill; v1: SIGKILL through a pidfd to
  // each PID of cgroup.procs, checked to be still in it, never by name), waits until it is
  // empty and removes it, within `bound`. Fails when that did not happen in time.
  Expected<void> end(std::chrono::milliseconds bound = std::chrono::seconds(2));

  const Totals& totals() const { return totals_; }
  // The cgroup folders, one per hierarchy.
  std::vector<std::filesystem::path> dirs() const;

 private:
  struct Dir {
    std::filesystem::path path;
    bool v2 = false;
    bool memory = false;  // the memory controller's (usage is read here)
    bool pids = false;
  };
  RunCgroup() = default;

  std::vector<Dir> dirs_;
  Totals totals_;
  bool ended_ = true;
};

}  // namespace grade::isolate

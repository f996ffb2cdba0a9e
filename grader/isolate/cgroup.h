// Totals per run: a cgroup of its own for each run, so that the memory of all its processes
// together — shared memory, memfd and tmpfs files included, which RLIMIT_DATA does not count —
// and the number of its tasks are limited for the run as a whole, and whatever is left of it
// at the end can be found and killed.
// Where they are made: isolate/cgroup_home.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "isolate/cgroup_home.h"
#include "util/expected.h"

namespace grade::isolate {

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
//
// A run's cgroup is named grade-run-<grader PID>-<count>. The first create() of a process also
// removes the empty run cgroups of graders that are gone (killed before they could remove
// them; see remove_stale_run_cgroups).
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

// Removes, in each of `home`'s folders, the run cgroups of graders that no longer exist
// (grade-run-<PID>-<n> whose PID is not a live process). Only empty ones go: rmdir refuses a
// cgroup with a process in it. A PID reused by another process keeps its folders until it
// ends. Returns how many were removed.
std::size_t remove_stale_run_cgroups(const CgroupHome& home);

}  // namespace grade::isolate

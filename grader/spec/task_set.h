// The names of the sets of tasks (processes or threads) a spec can speak of, wherever a set
// of tasks is meant: `observed: {of: ...}`, `ended: {of: ...}`, the observed.<set> facts.
// Which tasks belong to each set is decided on a run's observation in check/task_sets.h.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace grade::spec {

enum class TaskSet {
  kProcesses,        // every process the run created, the launched one not counted
  kDirectProcesses,  // the children of the launched process
  kWorkerProcesses,  // processes created, multiprocessing's helpers not counted
  kThreads,          // threads created in the launched process
  kAllThreads,       // threads created in any process of the run
  kWorkerThreads,    // threads of the launched process created while no worker process lived
};

inline constexpr std::array<TaskSet, 6> kTaskSets = {
    TaskSet::kProcesses, TaskSet::kDirectProcesses, TaskSet::kWorkerProcesses,
    TaskSet::kThreads,   TaskSet::kAllThreads,      TaskSet::kWorkerThreads};

std::string_view task_set_name(TaskSet set);  // "worker_processes"
std::optional<TaskSet> find_task_set(std::string_view name);
// Whether the set holds processes (named by PID) rather than threads (named by TID).
bool holds_processes(TaskSet set);

}  // namespace grade::spec

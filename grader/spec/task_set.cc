#include "spec/task_set.h"

namespace grade::spec {

std::string_view task_set_name(TaskSet set) {
  switch (set) {
    case TaskSet::kProcesses:
      return "processes";
    case TaskSet::kDirectProcesses:
      return "direct_processes";
    case TaskSet::kWorkerProcesses:
      return "worker_processes";
    case TaskSet::kThreads:
      return "threads";
    case TaskSet::kAllThreads:
      return "all_threads";
    case TaskSet::kWorkerThreads:
      return "worker_threads";
  }
  return "?";
}

std::optional<TaskSet> find_task_set(std::string_view name) {
  for (const TaskSet set : kTaskSets) {
    if (task_set_name(set) == name) {
      return set;
    }
  }
  return std::nullopt;
}

bool holds_processes(TaskSet set) {
  return set == TaskSet::kProcesses || set == TaskSet::kDirectProcesses ||
         set == TaskSet::kWorkerProcesses;
}

}  // namespace grade::spec

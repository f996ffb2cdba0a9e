#include "run/observation.h"

#include <algorithm>

namespace grade::run {

std::vector<int> Observation::created_processes() const {
  std::vector<int> pids;
  for (std::size_t i = 1; i < tasks.size(); ++i) {
    if (tasks[i].kind == Task::Kind::kProcess) {
      pids.push_back(tasks[i].pid);
    }
  }
  return pids;
}

std::size_t Observation::processes_created() const {
  return created_processes().size() + omitted.processes;
}

std::size_t Observation::threads_created_in(int pid) const {
  const auto listed =
      static_cast<std::size_t>(std::count_if(tasks.begin(), tasks.end(), [pid](const Task& t) {
        return t.kind == Task::Kind::kThread && t.pid == pid;
      }));
  const bool launched = !tasks.empty() && tasks.front().pid == pid;
  return listed + (launched ? omitted.threads_in_launched : 0);
}

std::size_t Observation::threads_created() const {
  const auto listed = static_cast<std::size_t>(std::count_if(
      tasks.begin(), tasks.end(), [](const Task& t) { return t.kind == Task::Kind::kThread; }));
  return listed + omitted.threads;
}

std::vector<int> Observation::stopped_at_end() const {
  std::vector<int> pids;
  for (const Task& t : tasks) {
    if (t.kind == Task::Kind::kProcess && t.stopped_at_end) {
      pids.push_back(t.pid);
    }
  }
  return pids;
}

}  // namespace grade::run

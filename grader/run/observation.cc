#include "run/observation.h"

#include <algorithm>
#include <array>

#include "run/segment_index.h"

namespace grade::run {

std::string_view grader_kill_name(GraderKill kill) {
  switch (kill) {
    case GraderKill::kOutlivedProgram:
      return "outlived_program";
    case GraderKill::kWallTimeout:
      return "wall_timeout";
    case GraderKill::kOutputLimit:
      return "output_limit";
    case GraderKill::kTaskLimit:
      return "task_limit";
    case GraderKill::kRunEnded:
      break;
  }
  return "run_ended";
}

std::size_t StreamAttribution::attributed_bytes() const {
  std::size_t total = 0;
  for (const OutputSegment& segment : segments) {
    total += segment.length;
  }
  return total;
}

StreamAttribution::Author StreamAttribution::author_of(std::size_t begin, std::size_t end) const {
  return SegmentIndex(*this).author_of(begin, end);
}

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
    // A start-method helper ends when the program does, by itself: stopping one that was
    // still on its way out loses nothing the student wrote.
    if (t.kind == Task::Kind::kProcess && t.stopped_at_end() && !is_start_method_helper(t)) {
      pids.push_back(t.pid);
    }
  }
  return pids;
}

std::vector<const Task*> Observation::threads_outlived_process(int pid) const {
  std::vector<const Task*> found;
  for (const Task& t : tasks) {
    if (t.pid == pid && t.outlived_process) {
      found.push_back(&t);
    }
  }
  return found;
}

std::vector<const Task*> Observation::standing_at_timeout() const {
  std::vector<const Task*> found;
  for (const Task& t : tasks) {
    const Task* process = find_process(t.pid);
    if (t.at_timeout && (process == nullptr || !is_start_method_helper(*process))) {
      found.push_back(&t);
    }
  }
  return found;
}

const Task* Observation::find_process(int pid) const {
  const auto it = std::find_if(tasks.begin(), tasks.end(), [pid](const Task& t) {
    return t.kind == Task::Kind::kProcess && t.pid == pid;
  });
  return it == tasks.end() ? nullptr : &*it;
}

const Task* Observation::find_task(int tid) const {
  const auto it =
      std::find_if(tasks.begin(), tasks.end(), [tid](const Task& t) { return t.tid == tid; });
  return it == tasks.end() ? nullptr : &*it;
}

bool is_start_method_helper(const Task& task) {
  // What multiprocessing passes to `python -c` to start each helper (Lib/multiprocessing/
  // resource_tracker.py, forkserver.py; semaphore_tracker.py until 3.7).
  static constexpr std::array<std::string_view, 3> kHelpers = {
      "from multiprocessing.resource_tracker import main",
      "from multiprocessing.forkserver import main",
      "from multiprocessing.semaphore_tracker import main"};
  return task.kind == Task::Kind::kProcess &&
         std::any_of(kHelpers.begin(), kHelpers.end(), [&](std::string_view helper) {
           return task.command_line.find(helper) != std::string::npos;
         });
}

}  // namespace grade::run

#include "run/task_table.h"

#include <algorithm>
#include <utility>

#include <sys/wait.h>

namespace grade::run {

double TaskTable::now() const {
  return std::chrono::duration<double>(Clock::now() - run_start_).count();
}

void TaskTable::add(pid_t tid, pid_t pid, pid_t parent_pid) {
  Task task;
  task.kind = tid == pid ? Task::Kind::kProcess : Task::Kind::kThread;
  task.tid = tid;
  task.pid = pid;
  task.parent_pid = parent_pid;
  task.start_seconds = now();
  alive_[tid] = tasks_.size();
  tasks_.push_back(std::move(task));
}

pid_t TaskTable::pid_of(pid_t tid) const {
  const auto it = alive_.find(tid);
  return it == alive_.end() ? 0 : tasks_[it->second].pid;
}

void TaskTable::set_parent(pid_t tid, pid_t parent_pid) {
  if (const auto it = alive_.find(tid); it != alive_.end()) {
    tasks_[it->second].parent_pid = parent_pid;
  }
}

void TaskTable::exec(pid_t pid, pid_t former_tid, std::string program) {
  if (former_tid != pid) {
    end(former_tid);  // no exit status: it did not exit, it became the main thread
  }
  if (const auto it = alive_.find(pid); it != alive_.end()) {
    tasks_[it->second].program = std::move(program);
  }
}

void TaskTable::ended(pid_t tid, int status) {
  const auto it = alive_.find(tid);
  if (it == alive_.end()) {
    return;  // not ours (or already ended): nothing to record
  }
  Task& task = tasks_[it->second];
  if (WIFEXITED(status)) {
    task.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    task.signal = WTERMSIG(status);
  }
  end(tid);
}

void TaskTable::end(pid_t tid) {
  if (const auto it = alive_.find(tid); it != alive_.end()) {
    tasks_[it->second].end_seconds = now();
    alive_.erase(it);
  }
}

std::vector<pid_t> TaskTable::alive_processes() const {
  std::vector<pid_t> pids;
  pids.reserve(alive_.size());
  for (const auto& [tid, index] : alive_) {
    pids.push_back(tasks_[index].pid);
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return pids;
}

}  // namespace grade::run

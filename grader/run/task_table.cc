#include "run/task_table.h"

#include <algorithm>
#include <utility>

#include <sys/wait.h>

namespace grade::run {

double TaskTable::now() const {
  return std::chrono::duration<double>(Clock::now() - run_start_).count();
}

void TaskTable::add(pid_t tid, pid_t pid, pid_t parent_pid, bool claimed) {
  if (launched_pid_ == 0) {
    launched_pid_ = pid;
  }
  if (tid == pid) {
    zombies_.erase(pid);  // the PID is in use again: whatever had it before is gone
  }
  Live live{pid, kUnlisted, 0};
  if (tasks_.size() < max_listed_) {
    Task task;
    task.kind = tid == pid ? Task::Kind::kProcess : Task::Kind::kThread;
    task.tid = tid;
    task.pid = pid;
    task.parent_pid = parent_pid;
    task.start_seconds = now();
    live.index = tasks_.size();
    tasks_.push_back(std::move(task));
  } else if (tid == pid) {
    ++omitted_.processes;
  } else {
    ++omitted_.threads;
    omitted_.threads_in_launched += pid == launched_pid_ ? 1 : 0;
  }
  if (claimed) {
    unclaimed_.erase(tid);
  } else {
    unclaimed_[tid] = live.index;
  }
  alive_[tid] = live;
}

bool TaskTable::claim(pid_t tid, pid_t parent_pid) {
  const auto it = unclaimed_.find(tid);
  if (it == unclaimed_.end()) {
    return false;
  }
  if (Task* task = listed(it->second)) {
    task->parent_pid = parent_pid;
  }
  unclaimed_.erase(it);
  return true;
}

pid_t TaskTable::pid_of(pid_t tid) const {
  const auto it = alive_.find(tid);
  return it == alive_.end() ? 0 : it->second.pid;
}

void TaskTable::set_parent(pid_t tid, pid_t parent_pid) {
  if (Task* task = listed_alive(tid)) {
    task->parent_pid = parent_pid;
  }
}

void TaskTable::note_start(ProcessIdentity process) {
  identities_.push_back(process);
  if (const auto it = alive_.find(process.pid); it != alive_.end()) {
    it->second.start_ticks = process.start_ticks;
  }
}

void TaskTable::exec(pid_t pid, pid_t former_tid, std::string program) {
  if (former_tid != pid) {
    end(former_tid);  // no exit status: it did not exit, it became the main thread
  }
  if (Task* task = listed_alive(pid)) {
    task->program = std::move(program);
  }
}

bool TaskTable::live_pid_is_launched(pid_t pid) const { return pid == launched_pid_; }

void TaskTable::ended(pid_t tid, int status, std::optional<GraderKill> kill) {
  const auto it = alive_.find(tid);
  if (it == alive_.end()) {
    return;  // not ours (or already ended): nothing to record
  }
  if (Task* task = listed(it->second.index)) {
    if (WIFEXITED(status)) {
      task->exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      task->signal = WTERMSIG(status);
      const auto sent = run_signals_.find(it->second.pid);
      task->signal_from_run = sent != run_signals_.end() && sent->second == *task->signal;
    }
    // A thread reaped without an exit stop of its own (exiting() sets its end) was killed
    // with its process, by another thread's exit_group (or a fatal signal): still running.
    if (tid != it->second.pid && !kill && !task->end_seconds) {
      task->outlived_process = true;
    }
    const bool survivor = kill == GraderKill::kOutlivedProgram;
    if (kill && !(survivor && live_pid_is_launched(it->second.pid))) {
      task->killed_by_grader = kill;
    }
  }
  // Without its start time a zombie could not be told from a later process with its PID:
  // such a process was gone when first seen, and is not kept.
  const Live& live = it->second;
  if (tid == live.pid && live.pid != launched_pid_ && live.start_ticks != 0) {
    zombies_[live.pid] = live.start_ticks;
  }
  if (tid == live.pid) {
    run_signals_.erase(live.pid);  // the PID may be another process's from now on
  }
  end(tid);
}

void TaskTable::signal_from_run(pid_t tid, int signal) {
  if (const auto it = alive_.find(tid); it != alive_.end()) {
    run_signals_[it->second.pid] = signal;
  }
}

void TaskTable::exiting(pid_t tid) {
  if (const auto it = alive_.find(tid); it != alive_.end() && it->second.pid != tid) {
    if (Task* task = listed(it->second.index)) {
      task->end_seconds = now();
    }
  }
}

void TaskTable::end(pid_t tid) {
  if (const auto it = alive_.find(tid); it != alive_.end()) {
    if (Task* task = listed(it->second.index); task != nullptr && !task->end_seconds) {
      task->end_seconds = now();
    }
    alive_.erase(it);
  }
}

Task* TaskTable::listed_alive(pid_t tid) {
  const auto it = alive_.find(tid);
  return it == alive_.end() ? nullptr : listed(it->second.index);
}

void TaskTable::set_command_line(pid_t tid, std::string command_line) {
  if (Task* task = listed_alive(tid)) {
    task->command_line = std::move(command_line);
  }
}

void TaskTable::set_cpu(pid_t tid, double seconds) {
  if (Task* task = listed_alive(tid)) {
    task->cpu_seconds = seconds;
  }
}

void TaskTable::set_name(pid_t tid, std::string name) {
  if (Task* task = listed_alive(tid)) {
    task->name = std::move(name);
  }
}

void TaskTable::outlived_process(pid_t tid) {
  if (Task* task = listed_alive(tid); task != nullptr && tid != task->pid) {
    task->outlived_process = true;
  }
}

void TaskTable::set_standing(pid_t tid, Standing standing) {
  if (Task* task = listed_alive(tid)) {
    task->at_timeout = standing;
  }
}

std::vector<pid_t> TaskTable::alive_tasks() const {
  std::vector<pid_t> tids;
  tids.reserve(alive_.size());
  for (const auto& entry : alive_) {
    tids.push_back(entry.first);
  }
  return tids;
}

std::vector<pid_t> TaskTable::alive_tasks_of(pid_t pid) const {
  std::vector<pid_t> tids;
  for (const auto& [tid, live] : alive_) {
    if (live.pid == pid) {
      tids.push_back(tid);
    }
  }
  return tids;
}

std::vector<pid_t> TaskTable::alive_processes() const {
  std::vector<pid_t> pids;
  pids.reserve(alive_.size());
  for (const auto& [tid, live] : alive_) {
    pids.push_back(live.pid);
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return pids;
}

}  // namespace grade::run

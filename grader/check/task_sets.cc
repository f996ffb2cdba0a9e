#include "check/task_sets.h"

#include <algorithm>

#include <fmt/format.h>

namespace grade::check {

namespace {

using run::Task;

bool is_process(const Task& t) { return t.kind == Task::Kind::kProcess; }

int launched_pid(const run::Observation& observation) {
  return observation.tasks.empty() ? 0 : observation.tasks.front().pid;
}

// The processes the run created: every listed process but the launched one (tasks[0]).
std::vector<const Task*> created_processes(const run::Observation& observation) {
  std::vector<const Task*> out;
  for (std::size_t i = 1; i < observation.tasks.size(); ++i) {
    if (is_process(observation.tasks[i])) {
      out.push_back(&observation.tasks[i]);
    }
  }
  return out;
}

// Whether a worker process was alive when `t` was created. A worker whose end was not seen
// counts as alive to the end: a thread is then left out rather than counted by mistake.
bool worker_alive_at(const std::vector<const Task*>& workers, double t) {
  return std::any_of(workers.begin(), workers.end(), [t](const Task* w) {
    return w->start_seconds <= t && (!w->end_seconds || t < *w->end_seconds);
  });
}

// Listed tasks are in order of creation, so the processes created before any listed thread
// are listed too, and whether a worker was alive when a listed thread was created is known.
void select_worker_threads(const run::Observation& observation, TaskSelection& s) {
  std::vector<const Task*> workers;
  for (const Task* p : created_processes(observation)) {
    if (!run::is_start_method_helper(*p)) {
      workers.push_back(p);
    }
  }
  const int launched = launched_pid(observation);
  for (const Task& t : observation.tasks) {
    if (!is_process(t) && t.pid == launched && !worker_alive_at(workers, t.start_seconds)) {
      s.tasks.push_back(&t);
    }
  }
  s.maybe_omitted = observation.omitted.threads_in_launched;
}

void select_processes(const run::Observation& observation, TaskSelection& s) {
  const int launched = launched_pid(observation);
  for (const Task* p : created_processes(observation)) {
    if (s.set == spec::TaskSet::kDirectProcesses && p->parent_pid != launched) {
      continue;
    }
    if (s.set == spec::TaskSet::kWorkerProcesses && run::is_start_method_helper(*p)) {
      s.helpers.push_back(p);
      continue;
    }
    s.tasks.push_back(p);
  }
  if (s.set == spec::TaskSet::kProcesses) {
    s.omitted = observation.omitted.processes;
  } else {
    s.maybe_omitted = observation.omitted.processes;
  }
}

void select_threads(const run::Observation& observation, TaskSelection& s) {
  const bool all = s.set == spec::TaskSet::kAllThreads;
  const int launched = launched_pid(observation);
  for (const Task& t : observation.tasks) {
    if (!is_process(t) && (all || t.pid == launched)) {
      s.tasks.push_back(&t);
    }
  }
  s.omitted = all ? observation.omitted.threads : observation.omitted.threads_in_launched;
}

std::string describe_helper(const Task& t) {
  const std::string_view name =
      t.command_line.find("forkserver") != std::string::npos          ? "fork server"
      : t.command_line.find("semaphore_tracker") != std::string::npos ? "semaphore tracker"
                                                                      : "resource tracker";
  return fmt::format("multiprocessing's {} (PID {})", name, t.pid);
}

std::string incomplete_reason() {
  return fmt::format("the run created more processes and threads than the grader lists ({})",
                     run::Observation::kMaxListedTasks);
}

std::string task_word(const Task& t) {
  return is_process(t) ? fmt::format("process {}", t.pid) : fmt::format("thread {}", t.tid);
}

}  // namespace

std::vector<int> TaskSelection::ids() const {
  std::vector<int> out;
  for (const Task* t : tasks) {
    out.push_back(spec::holds_processes(set) ? t->pid : t->tid);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TaskSelection select_tasks(const run::Observation& observation, spec::TaskSet set) {
  TaskSelection s;
  s.set = set;
  switch (set) {
    case spec::TaskSet::kProcesses:
    case spec::TaskSet::kDirectProcesses:
    case spec::TaskSet::kWorkerProcesses:
      select_processes(observation, s);
      break;
    case spec::TaskSet::kThreads:
    case spec::TaskSet::kAllThreads:
      select_threads(observation, s);
      break;
    case spec::TaskSet::kWorkerThreads:
      select_worker_threads(observation, s);
      break;
  }
  return s;
}

std::optional<int> creator_of(const run::Observation& observation, int pid) {
  const Task* task = observation.find_process(pid);
  if (task == nullptr || pid == launched_pid(observation)) {
    return std::nullopt;
  }
  int parent = task->parent_pid;
  // Fork servers are few and each has a parent: the loop ends (a guard against a cycle of
  // reused PIDs all the same).
  for (std::size_t hops = 0; hops < observation.tasks.size(); ++hops) {
    const Task* p = observation.find_process(parent);
    if (p == nullptr || !run::is_start_method_helper(*p) || p->parent_pid == 0) {
      break;
    }
    parent = p->parent_pid;
  }
  return parent;
}

Seconds span_of(const TaskSelection& selection) {
  if (!selection.whole()) {
    return {std::nullopt, incomplete_reason()};
  }
  if (selection.tasks.empty()) {
    return {0.0, ""};
  }
  double first = selection.tasks.front()->start_seconds;
  double last = first;
  for (const Task* t : selection.tasks) {
    if (!t->end_seconds) {
      return {std::nullopt, fmt::format("the grader did not see {} end", task_word(*t))};
    }
    first = std::min(first, t->start_seconds);
    last = std::max(last, *t->end_seconds);
    // A worker that a fork server forked was asked for when the program started the fork
    // server: starting it is part of creating the workers, and a program's timer holds it.
    for (const Task* helper : selection.helpers) {
      if (helper->pid == t->parent_pid) {
        first = std::min(first, helper->start_seconds);
      }
    }
  }
  return {last - first, ""};
}

Seconds shortest_life(const TaskSelection& selection) {
  Seconds span = span_of(selection);  // the same tasks must be whole and ended
  if (!span.value || selection.tasks.empty()) {
    return span;
  }
  double shortest = *span.value;
  for (const Task* t : selection.tasks) {
    shortest = std::min(shortest, *t->end_seconds - t->start_seconds);
  }
  return {shortest, ""};
}

Seconds cpu_of(const TaskSelection& selection) {
  if (!selection.whole()) {
    return {std::nullopt, incomplete_reason()};
  }
  double total = 0;
  for (const Task* t : selection.tasks) {
    if (!t->cpu_seconds) {
      return {std::nullopt, fmt::format("the CPU time of {} could not be read", task_word(*t))};
    }
    total += *t->cpu_seconds;
  }
  return {total, ""};
}

std::string set_noun(spec::TaskSet set) {
  switch (set) {
    case spec::TaskSet::kProcesses:
      return "new processes";
    case spec::TaskSet::kDirectProcesses:
      return "processes started by the main program itself";
    case spec::TaskSet::kWorkerProcesses:
      return "worker processes";
    case spec::TaskSet::kThreads:
      return "new threads in the main program";
    case spec::TaskSet::kAllThreads:
      return "new threads";
    case spec::TaskSet::kWorkerThreads:
      return "worker threads in the main program";
  }
  return "tasks";
}

std::string describe_task(const run::Observation& observation, int tid, int pid) {
  const int launched = launched_pid(observation);
  if (pid == launched) {
    return tid == pid ? fmt::format("the main thread (TID {})", tid)
                      : fmt::format("thread {} of the main program", tid);
  }
  if (tid != pid) {
    return fmt::format("thread {} of process {}", tid, pid);
  }
  const Task* task = observation.find_process(pid);
  if (task != nullptr && run::is_start_method_helper(*task)) {
    return describe_helper(*task);
  }
  return fmt::format("process {}", pid);
}

}  // namespace grade::check

// Which tasks of an observed run belong to each set a spec names (spec/task_set.h), and
// what can be said of a set: its span and CPU time. Pure functions over run::Observation,
// so they are tested on canned observations.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "run/observation.h"
#include "spec/task_set.h"

namespace grade::check {

struct TaskSelection {
  spec::TaskSet set = spec::TaskSet::kProcesses;
  std::vector<const run::Task*> tasks;  // the listed members, in order of creation
  // Tasks past the observation's cap (not listed): those known to be members, and those
  // that may be (nothing but their number is known, so whether a helper or a worker is not).
  std::size_t omitted = 0;
  std::size_t maybe_omitted = 0;
  // worker_processes: multiprocessing's helpers that were left out, for messages.
  std::vector<const run::Task*> helpers;

  std::size_t least() const { return tasks.size() + omitted; }
  std::size_t most() const { return least() + maybe_omitted; }
  bool whole() const { return omitted == 0 && maybe_omitted == 0; }  // every member listed
  // PIDs of a process set, TIDs of a thread set, sorted.
  std::vector<int> ids() const;
};

TaskSelection select_tasks(const run::Observation& observation, spec::TaskSet set);

// The process that created process `pid`: its parent, except that a process a
// multiprocessing fork server forked was asked for by the process that started the fork
// server, which is then its creator. Unset when `pid` is not a listed process or is the
// launched one (which the grader started).
std::optional<int> creator_of(const run::Observation& observation, int pid);

// Seconds, or why they are not known.
struct Seconds {
  std::optional<double> value;
  std::string unknown;
};

// From the first start to the last end of the set's tasks; 0 for an empty set. Workers a
// fork server forked start with the fork server (TaskSelection::helpers).
Seconds span_of(const TaskSelection& selection);
// The shortest life of one task of the set, start to end; 0 for an empty set.
Seconds shortest_life(const TaskSelection& selection);
// The CPU time of the set's tasks together.
Seconds cpu_of(const TaskSelection& selection);

// How messages name the tasks of a set: "worker processes", "threads the program started".
std::string set_noun(spec::TaskSet set);
// "process 4101", "the main thread (TID 4100)", "multiprocessing's resource tracker (PID 4102)".
std::string describe_task(const run::Observation& observation, int tid, int pid);

}  // namespace grade::check

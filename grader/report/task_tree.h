// What ran, as a tree a beginner can read: the processes of an observed run and their threads,
// each with when it lived, the CPU time it used and how it ended. Shown for failed gradings,
// where "my child never ran" or "it was still running" is usually the question.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/color.h"
#include "run/run_result.h"

namespace grade::report {

struct TaskTreeLimits {
  // A fork bomb or a pool of hundreds must not bury the rest of the report; the first
  // processes (depth first, in creation order) show what the program did.
  std::size_t max_processes = 20;
  std::size_t max_threads_per_process = 10;
  std::size_t max_command_width = 28;  // columns of a command line before it is cut
};

// The tree, one line per task (no newline, not indented), for example
//   PID 4100  python3 ex1.py       0.000–0.412  cpu 0.05  exited 0
//   ├─ thread 4103                 0.120–0.130  cpu 0.00  ended
//   ├─ thread 4104 "worker-1"      0.121–0.131  cpu 0.00  ended
//   └─ PID 4101  (fork of 4100)    0.101–0.300  cpu 0.19  exited 0
// then "… and 37 more threads" under a process past its limit and "… and 3 more processes"
// at the end. A thread's name is shown when it differs from its process's. Untrusted text
// (command lines, names) is escaped; `paint` colors only how tasks ended.
// Empty when the run was not observed or lists no task.
std::vector<std::string> task_tree(const run::RunResult& run, const Painter& paint,
                                   const TaskTreeLimits& limits = {});

// How a task ended, in words: "exited 0", "killed by SIGSEGV", "stopped by grade: still
// running when your program ended", "ended" (a thread), "end not seen".
std::string describe_task_end(const run::Task& task);

}  // namespace grade::report

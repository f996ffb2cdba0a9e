// What /proc says about a task: which process it belongs to, its parent, the program it runs,
// its user. The tracer reads these only while the task is in a ptrace-stop, so it cannot exit
// (and its id cannot be reused) during the read; the uid sweep holds a pidfd instead.
#pragma once

#include <string>

#include <sys/types.h>

#include "util/expected.h"

namespace grade {

struct TaskIds {
  pid_t tgid = 0;  // the process; == tid for a process's main thread
  pid_t ppid = 0;  // the process's (real) parent
};

// From /proc/<tid>/status: works for any thread id, listed in /proc or not.
Expected<TaskIds> read_task_ids(pid_t tid);

// When the process started, in clock ticks since boot (/proc/<pid>/stat field 22): with the
// PID, it names one process for good, where the PID alone may be reused. Zombies have it too.
Expected<unsigned long long> read_start_ticks(pid_t pid);

struct ProcessUids {
  uid_t real = 0;
  uid_t effective = 0;
  uid_t saved = 0;
  bool zombie = false;  // State: Z: dead, waiting to be reaped
};

// From /proc/<pid>/status: the "Uid:" line (real, effective, saved, filesystem) and "State:".
Expected<ProcessUids> read_process_uids(pid_t pid);

// The target of /proc/<pid>/exe: an absolute path.
Expected<std::string> read_program(pid_t pid);

}  // namespace grade

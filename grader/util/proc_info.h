// What /proc says about a task: which process it belongs to, its parent, the program it runs,
// its user. The tracer reads these only while the task is in a ptrace-stop, so it cannot exit
// (and its id cannot be reused) during the read; the uid sweep holds a pidfd instead.
#pragma once

#include <cstddef>
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

// /proc/<pid>/cmdline, its arguments joined by spaces, cut at `max_bytes`.
Expected<std::string> read_command_line(pid_t pid, std::size_t max_bytes);

// The name task `tid` has now (/proc/<tid>/task/<tid>/comm, without its newline): the
// program's file name after an exec, or what a thread set with pthread_setname_np or
// prctl(PR_SET_NAME). The kernel keeps at most kMaxTaskName bytes of it.
inline constexpr std::size_t kMaxTaskName = 15;
Expected<std::string> read_task_name(pid_t tid);

// The CPU time task `tid` has used so far, in seconds (/proc/<tid>/task/<tid>/schedstat,
// nanoseconds: a short thread's few microseconds count, where the tick-based stat says 0).
Expected<double> read_task_cpu_seconds(pid_t tid);

// Which file a descriptor of task `tid` is open on: device and inode, so that a dup'd or
// reopened descriptor of the same pipe or terminal is known as such.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};
Expected<FileIdentity> read_fd_identity(pid_t tid, int fd);
// The same, for a descriptor of our own.
Expected<FileIdentity> fd_identity(int fd);

}  // namespace grade

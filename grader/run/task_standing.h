// Where a task stood when the wall-time limit hit: computing, or blocked, and on what. Read
// from /proc just before the grader kills the run, so a report can say "all computing: too
// slow, not stuck" or "waiting for a process to end" instead of guessing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace grade::run {

enum class Standing {
  kComputing,        // running, or ready to run (state R)
  kReadingStdin,     // blocked reading descriptor 0
  kWaitingForChild,  // wait4 / waitid / waitpid
  kWaitingOnLock,    // futex: a lock, a join, a condition, a semaphore
  kSleeping,         // nanosleep, clock_nanosleep, pause, or a poll with no descriptors
  kWaitingOnPipe,    // read or poll on a pipe, queue or socket
  kStopped,          // stopped by a signal (state T)
  kOther,            // in another system call, or unknown
};

std::string_view standing_name(Standing standing);  // "computing", "waiting_for_child", ...

// Classifies a task from its /proc/<tid>/stat state letter and its /proc/<tid>/syscall line
// ("running", "-1 sp pc", or "NR arg1 ... arg6 sp pc"); `fd_target` gives the link of one of
// its descriptors ("pipe:[123]", "/dev/null"; empty when unknown).
Standing classify_standing(char state, std::string_view syscall_line,
                           const std::function<std::string(int fd)>& fd_target);

// The same, read from /proc for live task `tid` of process `pid`; nullopt when it is gone.
std::optional<Standing> read_standing(pid_t pid, pid_t tid);

// The system call task `tid` is in (/proc/<tid>/syscall's first field), for a task in a
// ptrace-stop; -1 when it is in none; nullopt when that cannot be read.
std::optional<long> read_syscall_number(pid_t tid);

}  // namespace grade::run

// Starting the child: fork and exec through Boost.Process, with the child-side setup the
// runner relies on (own process group, exact stdio, cwd and environment, no leaked fds).
#pragma once

#include <filesystem>

#include <boost/process/child.hpp>

#include "run/command.h"
#include "util/expected.h"

namespace grade::run {

// The grader's fds that become the child's 0, 1 and 2; all must be >= 3.
struct ChildStdio {
  int in = -1;
  int out = -1;
  int err = -1;
};

// Starts `exe` with `command`'s argv (argv[0] passed as given), environment (exactly, nothing
// inherited) and cwd (empty: the grader's). The child is the leader of a new process group
// whose number is its PID, has default signal dispositions and an empty signal mask whatever
// the grader had, and holds no fds but 0, 1, 2. When this returns, the child has exec'd:
// Boost waits for exec before returning, so the group exists and can be killed.
// Exec failures (ENOENT, EACCES, ENOEXEC, ...) are an error, with the failed child reaped.
Expected<boost::process::child> spawn(const std::filesystem::path& exe, const Command& command,
                                      const ChildStdio& stdio);

}  // namespace grade::run

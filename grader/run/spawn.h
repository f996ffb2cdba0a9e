// Starting the child: fork and exec through Boost.Process, with the child-side setup the
// runner relies on (own process group, exact stdio, cwd and environment, no leaked fds) and a
// gate before the exec, so that the tracer can attach first.
#pragma once

#include <filesystem>

#include <sys/types.h>

#include "run/command.h"
#include "run/start_gate.h"
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
// the grader had, and holds no fds but 0, 1, 2. When this returns the child is forked and
// waits at `gate` (StartGate::open lets it exec); its group may not exist yet (the child makes
// it with setsid before the gate), so a kill until then goes to the PID as well. The caller owns
// the child: it must wait for it. An exec failure (ENOENT, EACCES, ENOEXEC, ...) is reported
// through the gate and the child exits with 127; an error here means the fork failed.
Expected<pid_t> spawn(const std::filesystem::path& exe, const Command& command,
                      const ChildStdio& stdio, const ChildGate& gate);

}  // namespace grade::run

// The two channels between the grader and a forked child before its exec. The child waits at
// the gate for a "go" byte, so that the tracer can attach before the program runs a single
// instruction; and since Boost no longer waits for the exec, the child reports a failed exec
// itself, as its errno on a close-on-exec pipe.
#pragma once

#include <optional>

#include "util/expected.h"
#include "util/fd.h"

namespace grade::run {

// What a child that never ran the program says on the exec-error pipe, in one write (atomic
// on a pipe): the step that failed before exec, or an empty step when execve itself failed.
struct ChildFailure {
  int error = 0;
  char step[124] = {};
};

// The child's view: plain fds, used between fork and exec (see spawn.h).
struct ChildGate {
  int go = -1;          // read one byte from it before exec; end of file: the grader gave up
  int parent_go = -1;   // the grader's end, closed by the child so that end of file can happen
  int exec_error = -1;  // write a ChildFailure here when preparing or execve fails; close-on-exec
};

class StartGate {
 public:
  static Expected<StartGate> create();

  ChildGate child_side() const;
  // After the fork: the grader's copies of the child's ends must go, or a failed exec could
  // not be told from a slow one, and the child would never see end of file.
  void close_child_side();
  // Lets the child exec. Fails (EPIPE) if the child has died already; never raises SIGPIPE.
  Expected<void> open();
  // After the child has exited: why it never ran the program, if it did not. Never blocks.
  std::optional<ChildFailure> exec_error() const;

 private:
  StartGate() = default;

  Fd parent_go_;
  Fd child_go_;
  Fd error_read_;
  Fd error_write_;
};

}  // namespace grade::run

// The channel a child writes one output stream into: a pipe, or a pseudo-terminal when the
// program should behave as it does when the student runs it by hand.
#pragma once

#include "util/expected.h"
#include "util/fd.h"

namespace grade::run {

struct ChildOutput {
  Fd parent_end;  // read by the grader; non-blocking, close-on-exec
  Fd child_end;   // becomes fd 1 or 2 of the child; close-on-exec, numbered >= 3
  bool terminal = false;
};

Expected<ChildOutput> make_output_pipe();

// A pseudo-terminal in raw mode: no "\n" -> "\r\n" translation, no echo. Reading the master
// fails with EIO once every copy of the slave is closed; readers treat that as end of file.
Expected<ChildOutput> make_output_terminal();

// An fd for /dev/null, the child's stdin (a program waiting for input sees end of file at
// once instead of hanging until the time limit). Close-on-exec, numbered >= 3.
Expected<Fd> open_dev_null();

}  // namespace grade::run

// Watches a running child: its exit (an fd that becomes readable then) and its output, against
// the wall-time deadline and the output limit. One thread, one poll loop, no sleeping.
#pragma once

#include <chrono>

#include "run/output_collector.h"

namespace grade::run {

// After the launched process exits, output may still be in flight (its last write, or a
// child that flushes on its way out). This long we keep reading; then the run ends even if
// some grandchild still holds a stream open, as a daemonised one may do forever.
inline constexpr std::chrono::milliseconds kOutputGrace{100};

struct WatchOutcome {
  enum class End {
    kExited,       // exited, and the streams reached end of file or the grace passed
    kDeadline,     // still running at the wall-time deadline
    kOutputLimit,  // printed more than the output limit
    kPollFailed,   // ppoll failed (errno in `error`); the run must be ended
    kCancelled,    // `cancel_fd` turned readable: the grader was asked to stop
  };
  End end = End::kExited;
  std::chrono::steady_clock::time_point ended_at;  // its exit, or when watching gave up on it
  int error = 0;
};

// Returns when the launched process has exited (`exit_fd` turned readable: the tracer's
// Tracer::exit_fd(), or a pidfd) and its output is collected, or the deadline passed, or the
// output limit was hit, or `cancel_fd` (-1: none) turned readable. Kills nothing: the caller
// ends the run right after.
WatchOutcome watch(int exit_fd, OutputCollector& output,
                   std::chrono::steady_clock::time_point deadline, int cancel_fd = -1);

}  // namespace grade::run

// SIGINT and SIGTERM taken out of their default action (ending the process at once) and read
// from a signalfd instead, so that the grader can end what it started first: `grade batch`'s
// pool (batch/worker_pool.h) and one grading's Ctrl-C (cli/interrupt.h).
#pragma once

#include <signal.h>

#include "util/fd.h"

namespace grade {

class BlockedSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread (and so in the threads it starts later)
  // and opens a non-blocking signalfd for them. Throws grade::Error when either cannot be done;
  // `what` names the work in that message ("the batch").
  explicit BlockedSignals(const char* what);
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  // A signal that came after the last look would be delivered on unblocking, with its default
  // action: the work would die before its last words. It is over; the signal is dropped.
  ~BlockedSignals();

  int fd() const { return fd_.get(); }

 private:
  sigset_t mask_{};
  sigset_t old_{};
  Fd fd_;
};

}  // namespace grade

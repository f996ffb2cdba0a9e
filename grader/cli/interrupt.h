// Ctrl-C (SIGINT) and SIGTERM while one submission is graded. The first ends the run in progress
// as a timeout would (the runner polls cancel_fd: every process of it killed, its uid swept),
// the grading stops and the caller prints one line; a second one, should the first not be
// enough, ends the grader at once with the same status (traced processes die with it,
// PTRACE_O_EXITKILL). As in a batch (batch/worker_pool.h), the signals are blocked and read
// from a signalfd, here by a thread of its own, so no system call of the grader sees EINTR.
#pragma once

#include <atomic>
#include <thread>

#include "util/blocked_signals.h"
#include "util/fd.h"

namespace grade::cli {

class InterruptWatch {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it starts later:
  // make it before any other thread exists. Throws grade::Error when that cannot be done.
  InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;
  // Stops watching; a signal that came after the last look is dropped, and the mask restored.
  ~InterruptWatch();

  // Readable from the first signal on (an eventfd): for check::GradeRequest::cancel_fd.
  int cancel_fd() const { return cancel_.get(); }
  bool interrupted() const { return signal_.load() != 0; }
  // 128 + the first signal's number, as `grade batch` exits (130 for Ctrl-C).
  int exit_code() const { return 128 + signal_.load(); }

 private:
  void watch();

  Fd cancel_;
  Fd stop_;
  BlockedSignals signals_{"the grading"};
  std::atomic<int> signal_{0};  // the first that came; 0: none
  std::thread thread_;
};

}  // namespace grade::cli

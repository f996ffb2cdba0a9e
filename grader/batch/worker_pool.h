// Runs tasks in worker processes, at most `jobs` at a time, so that whatever happens while
// one task runs — a crash of the grader on a strange submission, a hang, an out-of-memory
// kill — ends that task alone and the batch goes on.
//
// Each task is forked from this (single-threaded) process: the child runs the task's work
// function, writes its result to a pipe and exits; the parent waits with one ppoll over the
// pipes of all running workers and a signalfd, with the nearest task deadline as timeout.
// No sleeping, no polling loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace grade::batch {

struct Task {
  std::size_t index = 0;  // the caller's number for the task, handed back with its outcome
  // Runs in the worker process. Its return value is the task's result; an exception becomes
  // a failed outcome with its message. It must not touch what the parent owns (a database
  // connection, the terminal's progress line).
  std::function<std::string()> work;
  // A worker still running after this long is killed (a hung grader, not a slow
  // submission: the grader enforces the submission's own limits).
  std::chrono::milliseconds deadline{std::chrono::minutes(10)};
};

struct Outcome {
  enum class Kind {
    kDone,       // the work function returned; `output` is its result
    kFailed,     // the work function threw; `output` is the message
    kDied,       // the worker exited or was killed without finishing
    kTimedOut,   // killed at the deadline
    kCancelled,  // killed because the batch was aborted (second interrupt)
  };
  Kind kind = Kind::kDied;
  std::string output;
  int exit_code = -1;  // of the worker, when it exited
  int signal = 0;      // that killed the worker, when one did
  double seconds = 0;  // wall time from fork to the end

  // For a report: "the worker was killed by signal 11 (SIGSEGV)", "timed out after 600 s".
  std::string describe() const;
};

struct PoolOptions {
  int jobs = 1;
  // When set: each worker gets a folder of its own in it as TMPDIR, removed when the worker
  // ends, so a killed worker leaves no run folder behind. It must be searchable by the users
  // runs run as.
  std::filesystem::path scratch_root;
  // Called on SIGINT/SIGTERM with how many have arrived: the first stops new tasks and lets
  // running ones finish; the second kills the running workers.
  std::function<void(int signal, int count)> on_interrupt;
};

struct PoolStats {
  std::size_t started = 0;
  std::size_t finished = 0;  // every outcome but kCancelled
  bool interrupted = false;  // a signal stopped the batch before its end
  int last_signal = 0;
};

class WorkerPool {
 public:
  explicit WorkerPool(PoolOptions options);

  // Starts tasks from `next` (nullopt: no more) while fewer than `jobs` run (fewer while the
  // system is out of processes or memory: a task that cannot start waits for a running one
  // to end; with none running, that is an error), hands each
  // outcome to `finished` in the parent, and returns when every started task has ended.
  // SIGINT and SIGTERM are blocked and read from a signalfd while it runs (and stay blocked
  // in the workers). The process becomes a child subreaper: whatever a worker that was
  // killed or died leaves behind is re-parented to it, then killed and reaped.
  PoolStats run(const std::function<std::optional<Task>()>& next,
                const std::function<void(const Task&, const Outcome&)>& finished);

 private:
  PoolOptions options_;
};

}  // namespace grade::batch

#include "batch/worker_pool.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <exception>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run_result.h"
#include "util/blocked_signals.h"
#include "util/errno_text.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/wait.h"

namespace grade::batch {

namespace {

using Clock = std::chrono::steady_clock;

// Exit codes of a worker, seen only by the pool.
constexpr int kWorkerDone = 0;
constexpr int kWorkerThrew = 3;
constexpr int kWorkerCannotReport = 4;

struct Running {
  Task task;
  pid_t pid = -1;
  Fd out;  // read end of the worker's result pipe
  std::string output;
  Clock::time_point start;
  Clock::time_point deadline;
  std::filesystem::path scratch;  // the worker's TMPDIR; empty: none
};

[[noreturn]] void worker_main(const Task& task, Fd out, pid_t parent,
                              const std::filesystem::path& scratch) {
  // An orphaned worker would grade on for nobody; with the parent gone, die.
  (void)::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) {
    ::_exit(kWorkerCannotReport);
  }
  // The parent's terminal Ctrl-C reaches the parent only; it decides what workers do.
  (void)::setpgid(0, 0);
  (void)::signal(SIGPIPE, SIG_IGN);  // a dead parent gives EPIPE, not a silent death
  // SIGINT and SIGTERM stay blocked, as the parent blocked them: a scheduler signals every
  // process of a job, and the parent alone decides whether running gradings finish. (Runs
  // start with an empty mask: run/spawn.cc.)
  if (!scratch.empty()) {
    // Run folders go here, so that the parent can remove what a killed worker leaves.
    (void)::setenv("TMPDIR", scratch.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): one thread
  }
  std::string result;
  int code = kWorkerDone;
  try {
    result = task.work();
  } catch (const std::exception& e) {
    result = e.what();
    code = kWorkerThrew;
  } catch (...) {
    result = "unknown exception";
    code = kWorkerThrew;
  }
  if (!write_all(out.get(), result)) {
    ::_exit(kWorkerCannotReport);
  }
  // _exit, not exit: the parent's atexit handlers, buffered streams and database connection
  // belong to the parent.
  ::_exit(code);
}

// Out of processes or memory for the moment (a pids cgroup, RLIMIT_NPROC, a full machine):
// worth trying again once a running worker has ended.
bool transient(int err) { return err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE; }

// The worker's TMPDIR in `scratch_root`; none (empty) without a root.
std::filesystem::path make_scratch(const std::filesystem::path& scratch_root, std::size_t index) {
  if (scratch_root.empty()) {
    return {};
  }
  std::filesystem::path scratch = scratch_root / ("task-" + std::to_string(index));
  std::error_code ec;
  std::filesystem::create_directory(scratch, ec);
  // Searchable by the run users, who own the run folders inside.
  std::filesystem::permissions(scratch,
                               std::filesystem::perms::owner_all |
                                   std::filesystem::perms::group_exec |
                                   std::filesystem::perms::others_exec,
                               ec);
  if (ec) {
    throw Error(ErrorKind::kInternal,
                fmt::format("cannot make {}: {}", scratch.string(), ec.message()));
  }
  return scratch;
}

// Starts the task's worker. False when the system is short of processes, memory or file
// descriptors for now (errno tells which); throws for anything else.
bool start(const Task& task, const std::filesystem::path& scratch_root,
           std::vector<Running>& running) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    if (transient(errno)) {
      return false;
    }
    throw Error(ErrorKind::kInternal, "cannot make a pipe for a worker: " + errno_text(errno));
  }
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);
  std::filesystem::path scratch = make_scratch(scratch_root, task.index);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    std::error_code ec;
    std::filesystem::remove(scratch, ec);
    errno = err;
    if (transient(err)) {
      return false;
    }
    throw Error(ErrorKind::kInternal, "cannot start a worker: " + errno_text(err));
  }
  if (pid == 0) {
    read_end.reset();
    for (Running& other : running) {
      other.out.reset();
    }
    worker_main(task, std::move(write_end), parent, scratch);
  }
  // Also here, so that a kill of the group right after fork cannot miss it.
  (void)::setpgid(pid, pid);
  Running r;
  r.task = task;
  r.pid = pid;
  r.out = std::move(read_end);
  r.start = Clock::now();
  r.deadline = r.start + task.deadline;
  r.scratch = std::move(scratch);
  running.push_back(std::move(r));
  return true;
}

void kill_worker(pid_t pid) {
  // The worker leads its own group; its runs have sessions of their own and die with their
  // tracer (PTRACE_O_EXITKILL) or are swept with their uid.
  (void)::kill(-pid, SIGKILL);
  (void)::kill(pid, SIGKILL);
}

// This process's children, from /proc/self/task/<tid>/children (the parent is
// single-threaded, so its one task has them all).
std::vector<pid_t> children() {
  std::ifstream in(fmt::format("/proc/self/task/{}/children", ::getpid()));
  std::vector<pid_t> pids;
  pid_t pid = 0;
  while (in >> pid) {
    pids.push_back(pid);
  }
  return pids;
}

// What a worker that was killed or died leaves: its runs and whatever they started, which
// the kernel re-parents to this process (a child subreaper, see WorkerPool::run). Killed by
// pid, which is safe: a child's pid cannot be reused before it is reaped. Repeated, because
// each killed process hands its own children on.
void reap_strays(const std::vector<Running>& running) {
  for (int round = 0; round < 1000; ++round) {
    std::vector<pid_t> strays;
    for (pid_t pid : children()) {
      const bool worker = std::any_of(running.begin(), running.end(),
                                      [pid](const Running& r) { return r.pid == pid; });
      if (!worker) {
        strays.push_back(pid);
      }
    }
    if (strays.empty()) {
      return;
    }
    for (pid_t pid : strays) {
      (void)::kill(pid, SIGKILL);
    }
    for (pid_t pid : strays) {
      (void)wait_for_pid(pid);
    }
  }
}

void remove_scratch(const Running& r) {
  if (!r.scratch.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(r.scratch, ec);  // best effort: the batch's folder goes at the end
  }
}

// Waits for the worker to end and fills in how it did.
Outcome reap(Running& r, Outcome::Kind forced) {
  int status = 0;
  const pid_t got = wait_for_pid(r.pid, &status);
  Outcome o;
  o.seconds = std::chrono::duration<double>(Clock::now() - r.start).count();
  o.output = std::move(r.output);
  if (got == r.pid && WIFEXITED(status)) {
    o.exit_code = WEXITSTATUS(status);
  } else if (got == r.pid && WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  }
  if (forced != Outcome::Kind::kDone) {
    o.kind = forced;
  } else if (o.exit_code == kWorkerDone) {
    o.kind = Outcome::Kind::kDone;
  } else if (o.exit_code == kWorkerThrew) {
    o.kind = Outcome::Kind::kFailed;
  } else {
    o.kind = Outcome::Kind::kDied;
  }
  return o;
}

// When the caller's callback throws (the gradebook's disk is full), the workers still running
// are killed and reaped before the exception leaves the pool: none outlives the batch.
class Reaper {
 public:
  explicit Reaper(std::vector<Running>& running) : running_(running) {}
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;
  ~Reaper() {
    for (Running& r : running_) {
      kill_worker(r.pid);
      (void)wait_for_pid(r.pid);
    }
    for (Running& r : running_) {
      remove_scratch(r);
    }
    running_.clear();
    reap_strays(running_);
  }

 private:
  std::vector<Running>& running_;
};

using NextTask = std::function<std::optional<Task>()>;
using OnFinished = std::function<void(const Task&, const Outcome&)>;

// How long ppoll may wait: until the nearest deadline of a running worker, or not at all once
// one has passed.
timespec time_until(Clock::time_point deadline) {
  const auto wait = std::max(Clock::duration::zero(), deadline - Clock::now());
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(wait);
  return timespec{
      static_cast<time_t>(secs.count()),
      static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(wait - secs).count())};
}

// One call of WorkerPool::run: the workers running and what the batch has seen so far. Each
// round starts what may start, waits for something to happen, and acts on it.
class Batch {
 public:
  Batch(const PoolOptions& options, int signal_fd, const OnFinished& finished)
      : options_(options), signal_fd_(signal_fd), finished_(finished) {}

  PoolStats run(const NextTask& next) {
    for (;;) {
      start_tasks(next);
      if (running_.empty()) {
        break;
      }
      const std::vector<pollfd> fds = wait_for_workers();
      if ((fds[0].revents & POLLIN) != 0 && read_signals() >= 2) {
        cancel_all();
        break;
      }
      collect_results(fds);
      kill_overdue();
    }
    return stats_;
  }

 private:
  // Starts tasks while fewer than `jobs` run, no signal came and `next` has more.
  void start_tasks(const NextTask& next) {
    while (more_ && interrupts_ == 0 && static_cast<int>(running_.size()) < options_.jobs) {
      std::optional<Task> task = waiting_ ? std::exchange(waiting_, std::nullopt) : next();
      if (!task) {
        more_ = false;
        return;
      }
      if (!start(*task, options_.scratch_root, running_)) {
        if (running_.empty()) {  // nothing will end and free what is missing
          throw Error(ErrorKind::kInternal, "cannot start a worker: " + errno_text(errno));
        }
        waiting_ = std::move(task);
        return;  // until a running worker ends
      }
      ++stats_.started;
    }
  }

  // One ppoll over the signalfd (first) and the result pipes, in the order of running_, until
  // something is ready or the nearest deadline.
  std::vector<pollfd> wait_for_workers() const {
    std::vector<pollfd> fds;
    fds.push_back({signal_fd_, POLLIN, 0});
    Clock::time_point nearest = Clock::time_point::max();
    for (const Running& r : running_) {
      fds.push_back({r.out.get(), POLLIN, 0});
      nearest = std::min(nearest, r.deadline);
    }
    const timespec timeout = time_until(nearest);
    if (::ppoll(fds.data(), fds.size(), &timeout, nullptr) < 0 && errno != EINTR) {
      throw Error(ErrorKind::kInternal, "cannot wait for the workers: " + errno_text(errno));
    }
    return fds;
  }

  // Reads the signals that arrived and tells the caller of each; returns how many came so far.
  int read_signals() {
    signalfd_siginfo info{};
    while (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      ++interrupts_;
      stats_.interrupted = true;
      stats_.last_signal = static_cast<int>(info.ssi_signo);
      if (options_.on_interrupt) {
        options_.on_interrupt(stats_.last_signal, interrupts_);
      }
    }
    return interrupts_;
  }

  void cancel_all() {
    for (const Running& r : running_) {
      kill_worker(r.pid);
    }
    while (!running_.empty()) {
      end(running_.size() - 1, Outcome::Kind::kCancelled);
    }
  }

  // Reads what the ready workers wrote; a worker whose pipe closed has exited and is ended.
  // Back to front, so that ending one does not move the ones still to look at.
  void collect_results(const std::vector<pollfd>& fds) {
    for (std::size_t i = running_.size(); i-- > 0;) {
      if ((fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      char buffer[65536];
      const ssize_t n = ::read(running_[i].out.get(), buffer, sizeof buffer);
      if (n > 0) {
        running_[i].output.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        end(i, Outcome::Kind::kDone);  // the pipe closes when the worker exits
      }
    }
  }

  void kill_overdue() {
    const Clock::time_point now = Clock::now();
    for (std::size_t i = running_.size(); i-- > 0;) {
      if (now >= running_[i].deadline) {
        kill_worker(running_[i].pid);
        end(i, Outcome::Kind::kTimedOut);
      }
    }
  }

  // Reaps worker `i`, cleans up after it and hands its outcome to the caller.
  void end(std::size_t i, Outcome::Kind forced) {
    Running r = std::move(running_[i]);
    running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
    r.out.reset();
    const Outcome outcome = reap(r, forced);
    if (outcome.kind != Outcome::Kind::kDone && outcome.kind != Outcome::Kind::kFailed) {
      reap_strays(running_);
    }
    remove_scratch(r);
    if (outcome.kind != Outcome::Kind::kCancelled) {
      ++stats_.finished;
    }
    finished_(r.task, outcome);
  }

  const PoolOptions& options_;
  int signal_fd_;
  const OnFinished& finished_;
  std::vector<Running> running_;
  const Reaper reaper_{running_};  // after running_, so destroyed first; empty at a normal end
  PoolStats stats_;
  bool more_ = true;  // `next` may have more tasks
  int interrupts_ = 0;
  std::optional<Task> waiting_;  // could not start for want of resources; tried again later
};

}  // namespace

std::string Outcome::describe() const {
  switch (kind) {
    case Kind::kDone:
      return "finished";
    case Kind::kFailed:
      return output;
    case Kind::kTimedOut:
      return fmt::format(
          "the grading worker did not finish within its deadline and was "
          "killed after {:.0f} s",
          seconds);
    case Kind::kCancelled:
      return "cancelled: the batch was aborted";
    case Kind::kDied:
      break;
  }
  if (signal != 0) {
    return fmt::format("the grading worker was killed by signal {} ({})", signal,
                       run::signal_name(signal));
  }
  return fmt::format("the grading worker exited with code {} without a result", exit_code);
}

WorkerPool::WorkerPool(PoolOptions options) : options_(std::move(options)) {
  options_.jobs = std::max(options_.jobs, 1);
}

PoolStats WorkerPool::run(const std::function<std::optional<Task>()>& next,
                          const std::function<void(const Task&, const Outcome&)>& finished) {
  const BlockedSignals signals("the batch");
  // Orphans of a worker that dies come to this process instead of init, to be killed.
  (void)::prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
  Batch batch(options_, signals.fd(), finished);
  return batch.run(next);
}

}  // namespace grade::batch

#include "batch/worker_pool.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <exception>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run_result.h"
#include "util/errno_text.h"
#include "util/error.h"
#include "util/fd.h"

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
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

[[noreturn]] void worker_main(const Task& task, Fd out, pid_t parent, const sigset_t& old_mask) {
  // An orphaned worker would grade on for nobody; with the parent gone, die.
  (void)::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) {
    ::_exit(kWorkerCannotReport);
  }
  // The parent's terminal Ctrl-C reaches the parent only; it decides what workers do.
  (void)::setpgid(0, 0);
  (void)::signal(SIGPIPE, SIG_IGN);  // a dead parent gives EPIPE, not a silent death
  (void)::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
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

void start(const Task& task, const sigset_t& old_mask, std::vector<Running>& running) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(ErrorKind::kInternal, "cannot make a pipe for a worker: " + errno_text(errno));
  }
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw Error(ErrorKind::kInternal, "cannot start a worker: " + errno_text(errno));
  }
  if (pid == 0) {
    read_end.reset();
    for (Running& other : running) {
      other.out.reset();
    }
    worker_main(task, std::move(write_end), parent, old_mask);
  }
  // Also here, so that a kill of the group right after fork cannot miss it.
  (void)::setpgid(pid, pid);
  Running r;
  r.task = task;
  r.pid = pid;
  r.out = std::move(read_end);
  r.start = Clock::now();
  r.deadline = r.start + task.deadline;
  running.push_back(std::move(r));
}

void kill_worker(pid_t pid) {
  // The worker leads its own group; its runs have sessions of their own and die with their
  // tracer (PTRACE_O_EXITKILL) or are swept with their uid.
  (void)::kill(-pid, SIGKILL);
  (void)::kill(pid, SIGKILL);
}

// Waits for the worker to end and fills in how it did.
Outcome reap(Running& r, Outcome::Kind forced) {
  int status = 0;
  pid_t got = 0;
  do {
    got = ::waitpid(r.pid, &status, 0);
  } while (got < 0 && errno == EINTR);
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
      int status = 0;
      while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

 private:
  std::vector<Running>& running_;
};

class SignalGuard {
 public:
  SignalGuard() {
    sigemptyset(&mask_);
    sigaddset(&mask_, SIGINT);
    sigaddset(&mask_, SIGTERM);
    if (::pthread_sigmask(SIG_BLOCK, &mask_, &old_) != 0) {
      throw Error(ErrorKind::kInternal, "cannot block signals for the batch");
    }
    fd_ = Fd(::signalfd(-1, &mask_, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd_) {
      const int err = errno;
      (void)::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
      throw Error(ErrorKind::kInternal, "cannot watch for signals: " + errno_text(err));
    }
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
  ~SignalGuard() {
    fd_.reset();
    (void)::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  int fd() const { return fd_.get(); }
  const sigset_t& old_mask() const { return old_; }

 private:
  sigset_t mask_{};
  sigset_t old_{};
  Fd fd_;
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
  SignalGuard signals;
  std::vector<Running> running;
  const Reaper reaper(running);  // empty at a normal end
  PoolStats stats;
  bool more = true;
  int interrupts = 0;

  auto end = [&](std::size_t i, Outcome::Kind forced) {
    Running r = std::move(running[i]);
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
    r.out.reset();
    const Outcome outcome = reap(r, forced);
    if (outcome.kind != Outcome::Kind::kCancelled) {
      ++stats.finished;
    }
    finished(r.task, outcome);
  };

  for (;;) {
    while (more && interrupts == 0 && static_cast<int>(running.size()) < options_.jobs) {
      std::optional<Task> task = next();
      if (!task) {
        more = false;
        break;
      }
      start(*task, signals.old_mask(), running);
      ++stats.started;
    }
    if (running.empty()) {
      break;
    }

    std::vector<pollfd> fds;
    fds.push_back({signals.fd(), POLLIN, 0});
    Clock::time_point nearest = Clock::time_point::max();
    for (const Running& r : running) {
      fds.push_back({r.out.get(), POLLIN, 0});
      nearest = std::min(nearest, r.deadline);
    }
    const auto wait = std::max(Clock::duration::zero(), nearest - Clock::now());
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(wait);
    const timespec timeout{
        static_cast<time_t>(secs.count()),
        static_cast<long>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(wait - secs).count())};
    if (::ppoll(fds.data(), fds.size(), &timeout, nullptr) < 0 && errno != EINTR) {
      throw Error(ErrorKind::kInternal, "cannot wait for the workers: " + errno_text(errno));
    }

    if ((fds[0].revents & POLLIN) != 0) {
      signalfd_siginfo info{};
      while (::read(signals.fd(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        ++interrupts;
        stats.interrupted = true;
        stats.last_signal = static_cast<int>(info.ssi_signo);
        if (options_.on_interrupt) {
          options_.on_interrupt(stats.last_signal, interrupts);
        }
      }
      if (interrupts >= 2) {
        for (const Running& r : running) {
          kill_worker(r.pid);
        }
        while (!running.empty()) {
          end(running.size() - 1, Outcome::Kind::kCancelled);
        }
        break;
      }
    }

    // Back to front, so that ending one does not move the ones still to look at.
    for (std::size_t i = running.size(); i-- > 0;) {
      const short revents = fds[i + 1].revents;
      if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      char buffer[65536];
      const ssize_t n = ::read(running[i].out.get(), buffer, sizeof buffer);
      if (n > 0) {
        running[i].output.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        end(i, Outcome::Kind::kDone);  // the pipe closes when the worker exits
      }
    }
    const Clock::time_point now = Clock::now();
    for (std::size_t i = running.size(); i-- > 0;) {
      if (now >= running[i].deadline) {
        kill_worker(running[i].pid);
        end(i, Outcome::Kind::kTimedOut);
      }
    }
  }
  return stats;
}

}  // namespace grade::batch

#include "batch/worker_pool.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::batch {
namespace {

using Kind = Outcome::Kind;

// Feeds `tasks` to the pool and collects the outcomes by task index.
std::map<std::size_t, Outcome> run_all(WorkerPool& pool, std::vector<Task> tasks,
                                       PoolStats* stats = nullptr) {
  std::size_t next = 0;
  std::map<std::size_t, Outcome> outcomes;
  const PoolStats s = pool.run(
      [&]() -> std::optional<Task> {
        if (next == tasks.size()) {
          return std::nullopt;
        }
        return tasks[next++];
      },
      [&](const Task& task, const Outcome& outcome) { outcomes[task.index] = outcome; });
  if (stats != nullptr) {
    *stats = s;
  }
  return outcomes;
}

PoolOptions options(int jobs, std::function<void(int, int)> on_interrupt = {}) {
  PoolOptions o;
  o.jobs = jobs;
  o.on_interrupt = std::move(on_interrupt);
  return o;
}

Task task(std::size_t index, std::function<std::string()> work) {
  Task t;
  t.index = index;
  t.work = std::move(work);
  return t;
}

double monotonic_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

TEST(WorkerPool, RunsEveryTaskInAProcessOfItsOwn) {
  WorkerPool pool(options(2));
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < 6; ++i) {
    tasks.push_back(task(i, [i] { return std::to_string(i) + ":" + std::to_string(::getpid()); }));
  }
  PoolStats stats;
  const auto outcomes = run_all(pool, tasks, &stats);
  ASSERT_EQ(outcomes.size(), 6U);
  EXPECT_EQ(stats.started, 6U);
  EXPECT_EQ(stats.finished, 6U);
  EXPECT_FALSE(stats.interrupted);
  std::vector<std::string> pids;
  for (const auto& [index, outcome] : outcomes) {
    ASSERT_EQ(outcome.kind, Kind::kDone) << outcome.describe();
    const std::string prefix = std::to_string(index) + ":";
    ASSERT_EQ(outcome.output.rfind(prefix, 0), 0U) << outcome.output;
    const std::string pid = outcome.output.substr(prefix.size());
    EXPECT_NE(pid, std::to_string(::getpid()));
    pids.push_back(pid);
  }
  std::sort(pids.begin(), pids.end());
  EXPECT_EQ(std::unique(pids.begin(), pids.end()), pids.end()) << "a worker ran two tasks";
}

TEST(WorkerPool, NeverRunsMoreThanJobsAtOnceAndDoesRunThemTogether) {
  WorkerPool pool(options(2));
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < 6; ++i) {
    tasks.push_back(task(i, [] {
      const double start = monotonic_seconds();
      ::usleep(150'000);  // NOLINT: the task's own work, not a wait for an event
      return std::to_string(start) + " " + std::to_string(monotonic_seconds());
    }));
  }
  const auto outcomes = run_all(pool, tasks);
  std::vector<std::pair<double, int>> events;  // +1 at a start, -1 at an end
  for (const auto& [index, outcome] : outcomes) {
    ASSERT_EQ(outcome.kind, Kind::kDone);
    double start = 0;
    double end = 0;
    std::istringstream(outcome.output) >> start >> end;
    events.emplace_back(start, 1);
    events.emplace_back(end, -1);
  }
  std::sort(events.begin(), events.end());
  int now = 0;
  int most = 0;
  for (const auto& [time, delta] : events) {
    now += delta;
    most = std::max(most, now);
  }
  EXPECT_EQ(most, 2);
}

TEST(WorkerPool, ACrashingWorkerEndsItsTaskAloneAndTheOthersGoOn) {
  WorkerPool pool(options(2));
  std::vector<Task> tasks;
  tasks.push_back(task(0, [] { return std::string("before"); }));
  tasks.push_back(task(1, []() -> std::string {
    // The default action, whatever handler is installed (AddressSanitizer's would report the
    // signal and exit instead of dying of it).
    (void)::signal(SIGSEGV, SIG_DFL);
    (void)::raise(SIGSEGV);
    return "unreachable";
  }));
  tasks.push_back(task(2, []() -> std::string { ::_exit(7); }));
  tasks.push_back(task(3, []() -> std::string { throw std::runtime_error("no such spec"); }));
  tasks.push_back(task(4, [] { return std::string("after"); }));
  const auto outcomes = run_all(pool, tasks);
  ASSERT_EQ(outcomes.size(), 5U);
  EXPECT_EQ(outcomes.at(0).kind, Kind::kDone);
  EXPECT_EQ(outcomes.at(0).output, "before");
  EXPECT_EQ(outcomes.at(1).kind, Kind::kDied);
  EXPECT_EQ(outcomes.at(1).signal, SIGSEGV);
  EXPECT_NE(outcomes.at(1).describe().find("SIGSEGV"), std::string::npos)
      << outcomes.at(1).describe();
  EXPECT_EQ(outcomes.at(2).kind, Kind::kDied);
  EXPECT_EQ(outcomes.at(2).exit_code, 7);
  EXPECT_EQ(outcomes.at(3).kind, Kind::kFailed);
  EXPECT_EQ(outcomes.at(3).describe(), "no such spec");
  EXPECT_EQ(outcomes.at(4).output, "after");
}

TEST(WorkerPool, KillsAHungWorkerAtItsDeadline) {
  const TempDir dir = TempDir::create("grade-pool-").value();
  const std::filesystem::path pid_file = dir.path() / "pid";
  WorkerPool pool(options(2));
  Task hung = task(0, [pid_file]() -> std::string {
    std::ofstream(pid_file) << ::getpid() << '\n';
    for (;;) {
      ::pause();
    }
  });
  hung.deadline = std::chrono::milliseconds(300);
  const auto outcomes = run_all(pool, {hung, task(1, [] { return std::string("fine"); })});
  EXPECT_EQ(outcomes.at(0).kind, Kind::kTimedOut);
  EXPECT_GE(outcomes.at(0).seconds, 0.3);
  EXPECT_NE(outcomes.at(0).describe().find("deadline"), std::string::npos);
  EXPECT_EQ(outcomes.at(1).output, "fine");
  pid_t pid = 0;
  std::ifstream(pid_file) >> pid;
  ASSERT_GT(pid, 0);
  EXPECT_EQ(::kill(pid, 0), -1) << "the hung worker survived";
}

TEST(WorkerPool, ReadsLargeResultsWhole) {
  WorkerPool pool(options(2));
  const std::string big(5 << 20, 'r');
  const auto outcomes = run_all(
      pool, {task(0, [&big] { return std::string(big); }), task(1, [&big] { return big + "!"; })});
  EXPECT_EQ(outcomes.at(0).output, big);
  EXPECT_EQ(outcomes.at(1).output, big + "!");
}

TEST(WorkerPool, FirstInterruptFinishesRunningTasksAndStartsNoMore) {
  std::vector<int> seen;
  WorkerPool pool(
      options(1, [&seen](int signal, int count) { seen.push_back(signal * 100 + count); }));
  std::vector<Task> tasks;
  tasks.push_back(task(0, [] {
    ::kill(::getppid(), SIGINT);
    ::usleep(100'000);  // NOLINT: let the parent see the signal while this task still runs
    return std::string("finished anyway");
  }));
  for (std::size_t i = 1; i < 5; ++i) {
    tasks.push_back(task(i, [] { return std::string("should not start"); }));
  }
  PoolStats stats;
  const auto outcomes = run_all(pool, tasks, &stats);
  EXPECT_TRUE(stats.interrupted);
  EXPECT_EQ(stats.last_signal, SIGINT);
  EXPECT_EQ(stats.started, 1U);
  ASSERT_EQ(outcomes.size(), 1U);
  EXPECT_EQ(outcomes.at(0).kind, Kind::kDone);
  EXPECT_EQ(outcomes.at(0).output, "finished anyway");
  EXPECT_EQ(seen, std::vector<int>{SIGINT * 100 + 1});
}

TEST(WorkerPool, SecondInterruptCancelsRunningTasks) {
  int interrupts = 0;
  WorkerPool pool(options(2, [&interrupts](int, int count) { interrupts = count; }));
  const auto hang = []() -> std::string {
    for (;;) {
      ::pause();
    }
  };
  Task signaller = task(0, [] {
    ::kill(::getppid(), SIGTERM);
    ::usleep(50'000);  // NOLINT: two separate deliveries, not one merged pending signal
    ::kill(::getppid(), SIGTERM);
    for (;;) {
      ::pause();
    }
    return std::string();
  });
  PoolStats stats;
  const auto outcomes = run_all(pool, {signaller, task(1, hang), task(2, hang)}, &stats);
  EXPECT_EQ(interrupts, 2);
  EXPECT_EQ(stats.started, 2U);
  EXPECT_EQ(stats.finished, 0U);
  ASSERT_EQ(outcomes.size(), 2U);
  EXPECT_EQ(outcomes.at(0).kind, Kind::kCancelled);
  EXPECT_EQ(outcomes.at(1).kind, Kind::kCancelled);
}

TEST(WorkerPool, AThrowingCallbackKillsTheWorkersStillRunning) {
  const TempDir dir = TempDir::create("grade-pool-").value();
  const std::filesystem::path pid_file = dir.path() / "pid";
  WorkerPool pool(options(2));
  Task hung = task(1, [pid_file]() -> std::string {
    std::ofstream(pid_file) << ::getpid() << '\n';
    for (;;) {
      ::pause();
    }
  });
  std::vector<Task> tasks{task(0,
                               [] {
                                 ::usleep(200'000);  // NOLINT: the hung one writes its pid first
                                 return std::string("done");
                               }),
                          hung};
  std::size_t next = 0;
  EXPECT_THROW(pool.run(
                   [&]() -> std::optional<Task> {
                     if (next == tasks.size()) {
                       return std::nullopt;
                     }
                     return tasks[next++];
                   },
                   [](const Task&, const Outcome&) { throw std::runtime_error("disk full"); }),
               std::runtime_error);
  pid_t pid = 0;
  std::ifstream(pid_file) >> pid;
  ASSERT_GT(pid, 0);
  EXPECT_EQ(::kill(pid, 0), -1) << "a worker outlived the pool";
}

TEST(WorkerPool, WhatAKilledWorkerLeftBehindIsKilledToo) {
  const TempDir dir = TempDir::create("grade-pool-").value();
  const std::filesystem::path pid_file = dir.path() / "pid";
  WorkerPool pool(options(1));
  Task leaves_a_daemon = task(0, [pid_file]() -> std::string {
    const pid_t daemon = ::fork();
    if (daemon == 0) {
      (void)::setsid();  // out of the worker's process group, as a run is
      for (;;) {
        ::pause();
      }
    }
    std::ofstream(pid_file) << daemon << '\n';
    for (;;) {
      ::pause();
    }
  });
  leaves_a_daemon.deadline = std::chrono::milliseconds(300);
  const auto outcomes = run_all(pool, {leaves_a_daemon});
  EXPECT_EQ(outcomes.at(0).kind, Kind::kTimedOut);
  pid_t daemon = 0;
  std::ifstream(pid_file) >> daemon;
  ASSERT_GT(daemon, 0);
  EXPECT_EQ(::kill(daemon, 0), -1) << "the worker's child survived it";
  EXPECT_EQ(errno, ESRCH) << "not even a zombie may be left";
}

TEST(WorkerPool, EachWorkerHasATmpdirOfItsOwnRemovedWhenItEnds) {
  const TempDir root = TempDir::create("grade-pool-").value();
  PoolOptions o = options(2);
  o.scratch_root = root.path();
  WorkerPool pool(o);
  const auto where = [] {
    const char* tmp = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): a worker
    if (tmp == nullptr) {
      return std::string("no TMPDIR");
    }
    std::ofstream(std::string(tmp) + "/left-behind") << "x";
    return std::string(tmp);
  };
  const auto crash = [where]() -> std::string {
    (void)where();
    ::abort();
  };
  const auto outcomes = run_all(pool, {task(0, where), task(1, crash)});
  ASSERT_EQ(outcomes.at(0).kind, Kind::kDone);
  EXPECT_EQ(std::filesystem::path(outcomes.at(0).output).parent_path(), root.path());
  EXPECT_EQ(outcomes.at(1).kind, Kind::kDied);
  EXPECT_TRUE(std::filesystem::is_empty(root.path())) << "a worker's folder was left";
}

TEST(WorkerPool, ATaskThatCannotForkWaitsForARunningWorkerToEnd) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to become a user with a process limit";
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A uid no account or other test uses, allowed two processes: this one and one worker,
    // so the second fork of a 3-job pool fails with EAGAIN.
    constexpr uid_t kLonelyUid = 59998;
    const rlimit two{2, 2};
    if (::setgid(kLonelyUid) != 0 || ::setuid(kLonelyUid) != 0 ||
        ::setrlimit(RLIMIT_NPROC, &two) != 0) {
      ::_exit(10);
    }
    WorkerPool pool(options(3));
    std::vector<Task> tasks;
    for (std::size_t i = 0; i < 5; ++i) {
      tasks.push_back(task(i, [] {
        ::usleep(20'000);  // NOLINT: the task's own work
        return std::string("ok");
      }));
    }
    PoolStats stats;
    const auto outcomes = run_all(pool, tasks, &stats);
    const bool all_done = outcomes.size() == 5 && stats.started == 5 &&
                          std::all_of(outcomes.begin(), outcomes.end(), [](const auto& entry) {
                            return entry.second.output == "ok";
                          });
    ::_exit(all_done ? 0 : 12);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: could not set up; 12: a task was lost";
}

TEST(WorkerPool, RestoresTheSignalMaskWhenDone) {
  sigset_t before;
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, nullptr, &before), 0);
  WorkerPool pool(options(1));
  (void)run_all(pool, {task(0, [] { return std::string(); })});
  sigset_t after;
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, nullptr, &after), 0);
  EXPECT_EQ(sigismember(&before, SIGINT), sigismember(&after, SIGINT));
  EXPECT_EQ(sigismember(&before, SIGTERM), sigismember(&after, SIGTERM));
}

}  // namespace
}  // namespace grade::batch

// watch(): the exit, the streams, the deadline and the output limit, first on plain pipes
// standing in for a child, then on real children through a pidfd.
#include "run/supervisor.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/pipe.h"
#include "util/fd.h"
#include "util/wait.h"

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace grade::run {
namespace {

using Clock = std::chrono::steady_clock;
using End = WatchOutcome::End;

// A bound for watches that must end long before it; reaching it is a failure.
constexpr std::chrono::seconds kFarAway{20};

using grade::testing::Pipe;
using grade::testing::ReadEnd;

Pipe make_pipe() { return grade::testing::make_pipe(ReadEnd::kNonBlocking); }

// The captures of a watched child and the collector that fills them from two pipes.
class Watched {
 public:
  const Capture& out() const { return out_capture_; }
  const Capture& err() const { return err_capture_; }

 protected:
  // The pipes' write ends, for the child: stdout, then stderr.
  std::pair<Fd, Fd> collect(std::size_t limit) {
    Pipe out = make_pipe();
    Pipe err = make_pipe();
    collector_.emplace(std::move(out.read), std::move(err.read), out_capture_, err_capture_, limit);
    return {std::move(out.write), std::move(err.write)};
  }
  WatchOutcome watch_until(int exit_fd, Clock::time_point deadline, int cancel_fd = -1) {
    return run::watch(exit_fd, *collector_, deadline, cancel_fd);
  }

 private:
  Capture out_capture_;
  Capture err_capture_;
  std::optional<OutputCollector> collector_;
};

// Plain pipes standing in for a child: its stdout and stderr, and an fd that turns readable
// when "it exits".
class FakeChild : public Watched {
 public:
  explicit FakeChild(std::size_t limit = 1 << 20) { std::tie(out_, err_) = collect(limit); }

  void print(const std::string& text) { ASSERT_TRUE(write_all(out_.get(), text)); }
  void print_error(const std::string& text) { ASSERT_TRUE(write_all(err_.get(), text)); }
  void close_streams() {
    out_.reset();
    err_.reset();
  }
  void exit() { exit_.write.reset(); }  // end of file: readable
  WatchOutcome watch(Clock::time_point deadline, int cancel_fd = -1) {
    return watch_until(exit_.read.get(), deadline, cancel_fd);
  }

 private:
  Pipe exit_ = make_pipe();
  Fd out_;
  Fd err_;
};

TEST(Supervisor, ReturnsWhenTheChildHasExitedAndItsStreamsEnded) {
  FakeChild child;
  child.print("one\n");
  child.print_error("two\n");
  child.close_streams();
  child.exit();
  const Clock::time_point before = Clock::now();
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kExited);
  EXPECT_GE(outcome.ended_at, before);
  EXPECT_LE(outcome.ended_at, Clock::now());
  EXPECT_EQ(child.out().data, "one\n");
  EXPECT_EQ(child.err().data, "two\n");
  EXPECT_FALSE(child.out().truncated);
}

TEST(Supervisor, AfterTheExitAStreamHeldOpenIsReadForTheGraceOnly) {
  FakeChild child;
  child.print("last words\n");
  child.exit();  // streams stay open, as when a grandchild holds them
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kExited);
  EXPECT_EQ(child.out().data, "last words\n");
  // The run ended at the exit, not when watching gave up on the streams.
  EXPECT_GE(Clock::now() - outcome.ended_at, kOutputGrace);
}

TEST(Supervisor, ADeadlineAlreadyPassedEndsTheWatchAtOnce) {
  FakeChild child;
  const Clock::time_point deadline = Clock::now() - std::chrono::milliseconds(1);
  const WatchOutcome outcome = child.watch(deadline);
  EXPECT_EQ(outcome.end, End::kDeadline);
  EXPECT_GE(outcome.ended_at, deadline);
}

TEST(Supervisor, AChildStillRunningAtTheDeadlineEndsTheWatchThere) {
  FakeChild child;
  child.print("working\n");
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(50);
  const WatchOutcome outcome = child.watch(deadline);
  EXPECT_EQ(outcome.end, End::kDeadline);
  EXPECT_GE(outcome.ended_at, deadline);
  EXPECT_EQ(child.out().data, "working\n");  // read while waiting
}

TEST(Supervisor, OutputBeyondTheLimitEndsTheWatchAtOnce) {
  FakeChild child(8);
  child.print(std::string(100, 'x'));
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kOutputLimit);
  EXPECT_EQ(child.out().data, std::string(8, 'x'));
  EXPECT_TRUE(child.out().truncated);
}

TEST(Supervisor, TheLimitCountsStderrToo) {
  FakeChild child(8);
  child.print("1234");
  child.print_error("56789");
  child.close_streams();
  child.exit();
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kOutputLimit);
  EXPECT_EQ(child.out().data.size() + child.err().data.size(), 8U);
}

TEST(Supervisor, AReadableCancelFdEndsTheWatchOfARunningChild) {
  FakeChild child;
  child.print("working\n");
  Pipe cancel = make_pipe();
  ASSERT_TRUE(write_all(cancel.write.get(), "x"));
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway, cancel.read.get());
  EXPECT_EQ(outcome.end, End::kCancelled);
}

TEST(Supervisor, AQuietCancelFdChangesNothing) {
  FakeChild child;
  child.print("done\n");
  child.close_streams();
  child.exit();
  Pipe cancel = make_pipe();
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway, cancel.read.get());
  EXPECT_EQ(outcome.end, End::kExited);
  EXPECT_EQ(child.out().data, "done\n");
}

TEST(Supervisor, AnExitWithoutOutputIsAnExit) {
  FakeChild child;
  child.close_streams();
  child.exit();
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kExited);
  EXPECT_EQ(child.out().data, "");
  EXPECT_EQ(child.err().data, "");
}

TEST(Supervisor, APollFailureEndsTheWatchWithItsErrno) {
  FakeChild child;
  // ppoll refuses more fds than RLIMIT_NOFILE allows (EINVAL): here 3 (exit, stdout, stderr)
  // with a soft limit of 2. Already open fds stay open.
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old), 0);
  rlimit two = old;
  two.rlim_cur = 2;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &two), 0);
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &old), 0);
  EXPECT_EQ(outcome.end, End::kPollFailed);
  EXPECT_EQ(outcome.error, EINVAL);
}

// A real child, in a process group of its own, with its stdout and stderr on the collector's
// pipes and a pidfd that turns readable when it exits.
class RealChild : public Watched {
 public:
  explicit RealChild(const std::string& script) {
    const auto [out, err] = collect(1 << 20);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.get(), STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::string sh = "/bin/sh";
    std::string dash_c = "-c";
    std::string text = script;
    char* argv[] = {sh.data(), dash_c.data(), text.data(), nullptr};
    const int rc = ::posix_spawn(&pid_, "/bin/sh", &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    pidfd_ = pidfd_of(pid_);
  }
  RealChild(const RealChild&) = delete;
  RealChild& operator=(const RealChild&) = delete;
  ~RealChild() {
    (void)::kill(-pid_, SIGKILL);  // the group: a grandchild too
    (void)wait_for_pid(pid_);
  }

  static Fd pidfd_of(pid_t pid) { return Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))); }
  WatchOutcome watch(Clock::time_point deadline) { return watch_until(pidfd_.get(), deadline); }

 private:
  pid_t pid_ = -1;
  Fd pidfd_;
};

class SupervisorOfARealChild : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RealChild::pidfd_of(::getpid())) {
      GTEST_SKIP() << "no pidfd_open here";
    }
  }
};

TEST_F(SupervisorOfARealChild, WatchesItToItsEnd) {
  RealChild child("echo out; echo err >&2");
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kExited);
  EXPECT_EQ(child.out().data, "out\n");
  EXPECT_EQ(child.err().data, "err\n");
}

TEST_F(SupervisorOfARealChild, AGrandchildHoldingStdoutDoesNotKeepTheWatchGoing) {
  RealChild child("sleep 30 & echo started");
  const WatchOutcome outcome = child.watch(Clock::now() + kFarAway);
  EXPECT_EQ(outcome.end, End::kExited);
  EXPECT_EQ(child.out().data, "started\n");
}

TEST_F(SupervisorOfARealChild, OneStillRunningAtTheDeadlineIsReportedSo) {
  RealChild child("exec sleep 30");
  const WatchOutcome outcome = child.watch(Clock::now() + std::chrono::milliseconds(200));
  EXPECT_EQ(outcome.end, End::kDeadline);
}

}  // namespace
}  // namespace grade::run

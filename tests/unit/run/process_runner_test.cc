// The runner against real processes: exit, signals, limits, and what is left afterwards.
#include "run/process_runner.h"

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "run_test_support.h"
#include "util/fd.h"

namespace grade::run {
namespace {

using namespace std::chrono_literals;
using testing::expect_nothing_left;
using testing::python_command;
using testing::seconds_since;
using testing::shell_command;

class ProcessRunnerTest : public ::testing::Test {
 protected:
  ProcessRunner runner_;
};

TEST_F(ProcessRunnerTest, CapturesHelloWorld) {
  const RunResult result = runner_.run(python_command("hello.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << "\n" << result.err.data;
  EXPECT_EQ(result.out.data, "hello\n");
  EXPECT_EQ(result.err.data, "");
  EXPECT_GT(result.pid, 0);
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, ReportsExitStatus) {
  const RunResult result = runner_.run(shell_command("echo failing; exit 3"));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_FALSE(result.signal.has_value());
  EXPECT_FALSE(result.clean_exit());
  EXPECT_EQ(result.out.data, "failing\n");
  EXPECT_EQ(describe_end(result), "exited with status 3");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, ReportsDeathBySignal) {
  const RunResult result = runner_.run(shell_command("kill -SEGV $$"));
  EXPECT_EQ(result.signal, SIGSEGV);
  EXPECT_FALSE(result.exit_code.has_value());
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(describe_end(result), "was killed by signal 11 (SIGSEGV)");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, StopsBusyLoopAtWallLimit) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(shell_command("echo started; while :; do :; done", 500ms));
  EXPECT_LT(seconds_since(start), 1.5);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_GE(result.wall_seconds, 0.5);
  EXPECT_LT(result.wall_seconds, 1.0);
  EXPECT_EQ(result.out.data, "started\n");  // output before the kill is kept
  EXPECT_EQ(describe_end(result), "was stopped after the 0.5 s time limit");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, StopsSleepingGroupAtWallLimit) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(shell_command("sleep 30 & sleep 30", 300ms));
  EXPECT_LT(seconds_since(start), 1.3);
  EXPECT_TRUE(result.timed_out);
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, AReadableCancelFdEndsTheRunAndEverythingItStarted) {
  int ends[2];
  ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
  const Fd read_end(ends[0]);
  const Fd write_end(ends[1]);
  ASSERT_TRUE(write_all(write_end.get(), "x"));  // as the user's Ctrl-C would make it
  Command command = shell_command("sleep 30 & sleep 30", 20s);
  command.cancel_fd = read_end.get();
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(command);
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(result.timed_out);
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, EndsSelfStoppedProcessAtWallLimit) {
  const RunResult result =
      runner_.run(shell_command("echo before; kill -STOP $$; echo after", 400ms));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.out.data, "before\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, EndsProcessIgnoringSigterm) {
  const RunResult result = runner_.run(python_command("ignore_sigterm.py", 1000ms));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.out.data, "ignoring SIGTERM\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, CutsOutputFloodExactlyAtLimit) {
  for (const bool terminal : {false, true}) {
    Command command = shell_command("yes 0123456789");
    command.output_limit = 10000;
    command.stdout_is_terminal = terminal;
    const auto start = std::chrono::steady_clock::now();
    const RunResult result = runner_.run(command);
    EXPECT_LT(seconds_since(start), 1.0) << "terminal: " << terminal;
    EXPECT_TRUE(result.output_limit_hit);
    EXPECT_FALSE(result.timed_out);
    EXPECT_TRUE(result.out.truncated);
    EXPECT_EQ(result.out.data.size(), 10000U);
    EXPECT_EQ(result.out.data.substr(0, 22), "0123456789\n0123456789\n");
    EXPECT_EQ(describe_end(result), "printed more than 10000 bytes of output and was stopped");
    expect_nothing_left(result);
  }
}

TEST_F(ProcessRunnerTest, OutputLimitCountsBothStreams) {
  Command command = shell_command("echo 12345; echo 67890 >&2; echo more >&2");
  command.output_limit = 8;
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.output_limit_hit);
  EXPECT_EQ(result.out.data.size() + result.err.data.size(), 8U);
  EXPECT_TRUE(result.out.truncated || result.err.truncated);
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, OutputExactlyAtLimitIsNotCut) {
  Command command = shell_command("printf 1234567890");
  command.output_limit = 10;
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, "1234567890");
  EXPECT_FALSE(result.out.truncated);
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, ReturnsWhenLaunchedProcessExitsThoughGrandchildHoldsStdout) {
  for (const bool terminal : {false, true}) {
    Command command = shell_command("(sleep 30 &) ; echo done", 10'000ms);
    command.stdout_is_terminal = terminal;
    const auto start = std::chrono::steady_clock::now();
    const RunResult result = runner_.run(command);
    EXPECT_LT(seconds_since(start), 2.0) << "terminal: " << terminal;
    EXPECT_TRUE(result.clean_exit()) << describe_end(result);
    EXPECT_EQ(result.out.data, "done\n");
    EXPECT_LT(result.wall_seconds, 1.0);
    expect_nothing_left(result);  // the sleeping grandchild was killed and reaped
  }
}

TEST_F(ProcessRunnerTest, KeepsAllOutputOfAProcessThatExitsAtOnce) {
  for (const bool terminal : {false, true}) {
    Command command = python_command("big_output.py");
    command.stdout_is_terminal = terminal;
    const RunResult result = runner_.run(command);
    EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
    EXPECT_EQ(result.out.data.size(), 200000U) << "terminal: " << terminal;
    expect_nothing_left(result);
  }
}

TEST_F(ProcessRunnerTest, StdinIsAtEndOfFile) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(python_command("read_stdin.py"));
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, "read 0 bytes\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, CapturesStderrSeparately) {
  const RunResult result = runner_.run(shell_command("echo out; echo err >&2; echo out2"));
  EXPECT_EQ(result.out.data, "out\nout2\n");
  EXPECT_EQ(result.err.data, "err\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTest, MeasuresWallTimeOfTheRun) {
  const RunResult result = runner_.run(shell_command("sleep 0.3"));
  EXPECT_TRUE(result.clean_exit());
  EXPECT_GE(result.wall_seconds, 0.3);
  EXPECT_LT(result.wall_seconds, 1.0);
  expect_nothing_left(result);
}

// Each run reaps only its own group: concurrent runs keep their own exit statuses and output,
// and their daemonised grandchildren are all gone afterwards.
TEST_F(ProcessRunnerTest, RunsConcurrentlyFromSeveralThreads) {
  constexpr int kThreads = 4;
  std::vector<RunResult> results(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([this, i, &results] {
      Command command = shell_command("(sleep 30 &); sleep 0.$1; echo $1; exit $1", 5000ms);
      command.argv.insert(command.argv.end(), {"sh", std::to_string(i + 1)});
      results[static_cast<std::size_t>(i)] = runner_.run(command);
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (int i = 0; i < kThreads; ++i) {
    const RunResult& result = results[static_cast<std::size_t>(i)];
    EXPECT_EQ(result.exit_code, i + 1) << describe_end(result);
    EXPECT_EQ(result.out.data, std::to_string(i + 1) + "\n");
    expect_nothing_left(result);
  }
}

}  // namespace
}  // namespace grade::run

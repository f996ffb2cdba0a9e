// Observed runs end everything they created: daemons, other groups and sessions, fork bombs.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/process_runner.h"

namespace grade::run {
namespace {

using namespace std::chrono_literals;
using testing::contains;
using testing::expect_everything_gone;
using testing::pids_after;
using testing::python_command;
using testing::seconds_since;
using testing::shell_command;

class ContainmentTest : public ::testing::Test {
 protected:
  ProcessRunner runner_;
};

TEST_F(ContainmentTest, KillsADaemonInASessionOfItsOwn) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(python_command("daemon.py", 5000ms));
  EXPECT_LT(seconds_since(start), 2.0);  // the daemon holds stdout: only the grace is waited
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const std::vector<int> daemons = pids_after(result.out.data, "daemon");
  ASSERT_EQ(daemons.size(), 1U) << result.out.data;
  EXPECT_TRUE(contains(result.observed.created_processes(), daemons[0]));
  EXPECT_EQ(result.observed.created_processes().size(), 2U);
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, KillsAChildThatMovedToAnotherGroup) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(python_command("own_group_child.py", 5000ms));
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const std::vector<int> children = pids_after(result.out.data, "child");
  ASSERT_EQ(children.size(), 1U) << result.out.data;
  EXPECT_TRUE(contains(result.observed.created_processes(), children[0]));
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, KillsAGrandchildHoldingStdout) {
  const RunResult result = runner_.run(shell_command("(sleep 30 &) ; echo done", 5000ms));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, "done\n");
  EXPECT_GE(result.observed.created_processes().size(), 2U);  // the subshell and sleep
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, EndsAProgramIgnoringSigterm) {
  const RunResult result = runner_.run(python_command("ignore_sigterm.py", 500ms));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_EQ(result.out.data, "ignoring SIGTERM\n");
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, SelfStoppedProgramEndsAtTheWallLimit) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult result =
      runner_.run(shell_command("echo before; kill -STOP $$; echo after", 400ms));
  EXPECT_LT(seconds_since(start), 1.5);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.out.data, "before\n");
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, StoppedProgramContinuedByItsChildGoesOn) {
  const RunResult result = runner_.run(
      shell_command("(sleep 0.2; kill -CONT $$) & kill -STOP $$; echo resumed; wait", 5000ms));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "resumed\n");
  EXPECT_GE(result.wall_seconds, 0.2);
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, ForkBombEndsAtTheTaskLimit) {
  for (const char* variant : {"", "setsid"}) {
    Command command = python_command("fork_bomb.py", 5000ms);
    if (*variant != '\0') {
      command.argv.push_back(variant);
    }
    command.task_limit = 64;
    const auto start = std::chrono::steady_clock::now();
    const RunResult result = runner_.run(command);
    EXPECT_LT(seconds_since(start), 3.0) << variant;
    EXPECT_TRUE(result.task_limit_hit) << variant << ": " << describe_end(result);
    EXPECT_FALSE(result.timed_out) << variant;
    EXPECT_FALSE(result.clean_exit());
    EXPECT_GT(result.observed.tasks.size(), 64U) << variant;
    expect_everything_gone(result);
  }
}

TEST_F(ContainmentTest, ForkBombWithoutTaskLimitEndsAtTheWallLimit) {
  Command command = python_command("fork_bomb.py", 1000ms);
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runner_.run(command);
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_TRUE(result.timed_out) << describe_end(result);
  EXPECT_FALSE(result.task_limit_hit);
  expect_everything_gone(result);
}

TEST_F(ContainmentTest, TaskLimitCountsThreads) {
  Command command = python_command("five_threads.py");
  command.task_limit = 3;
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.task_limit_hit) << describe_end(result);
  expect_everything_gone(result);
}

// Three processes forking short-lived children one at a time: never more than six alive, yet
// thousands made. The count must follow each end, even an end the tracer's wait reports
// before the creator's fork event (which once added the ended child again, alive for ever).
TEST_F(ContainmentTest, ChurningChildrenOneAtATimeStaysUnderTheTaskLimit) {
  for (int attempt = 1; attempt <= 3; ++attempt) {
    Command command = python_command("fork_churn.py", 10'000ms);
    command.argv.push_back("1.5");
    command.task_limit = 16;
    const RunResult result = runner_.run(command);
    EXPECT_FALSE(result.task_limit_hit) << "attempt " << attempt << ": " << describe_end(result);
    EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
    EXPECT_GT(result.observed.processes_created(), 100U) << "attempt " << attempt;
    expect_everything_gone(result);
  }
}

// A child that exited is a zombie until its parent waits: the kernel still holds its PID, so
// it counts, or a program that never waits could fill the PID space under any task limit.
TEST_F(ContainmentTest, ZombiesCountUntilTheirParentReapsThem) {
  Command keep = python_command("zombies.py");
  keep.argv.insert(keep.argv.end(), {"40", "keep"});
  keep.task_limit = 16;
  const RunResult kept = runner_.run(keep);
  EXPECT_TRUE(kept.task_limit_hit) << describe_end(kept) << kept.err.data;
  expect_everything_gone(kept);

  Command reap = python_command("zombies.py");
  reap.argv.insert(reap.argv.end(), {"40", "reap"});
  reap.task_limit = 16;
  const RunResult reaped = runner_.run(reap);
  EXPECT_FALSE(reaped.task_limit_hit) << describe_end(reaped);
  EXPECT_TRUE(reaped.clean_exit()) << describe_end(reaped) << reaped.err.data;
  EXPECT_EQ(reaped.out.data, "forked 40\n");
  expect_everything_gone(reaped);
}

}  // namespace
}  // namespace grade::run

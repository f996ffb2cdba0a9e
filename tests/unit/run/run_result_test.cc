#include "run/run_result.h"

#include <csignal>

#include <gtest/gtest.h>

namespace grade::run {
namespace {

TEST(RunResultTest, DescribesEachWayOfEnding) {
  RunResult exited;
  exited.exit_code = 1;
  EXPECT_EQ(describe_end(exited), "exited with status 1");

  RunResult crashed;
  crashed.signal = SIGSEGV;
  EXPECT_EQ(describe_end(crashed), "was killed by signal 11 (SIGSEGV)");

  RunResult slow;
  slow.timed_out = true;
  slow.signal = SIGKILL;  // our own kill is not what the student needs to hear about
  slow.wall_seconds = 10.004;
  EXPECT_EQ(describe_end(slow), "was stopped after the 10.0 s time limit");

  RunResult chatty;
  chatty.output_limit_hit = true;
  chatty.signal = SIGKILL;
  chatty.out.data.assign(1048000, 'x');
  chatty.err.data.assign(576, 'y');
  EXPECT_EQ(describe_end(chatty), "printed more than 1048576 bytes of output and was stopped");

  RunResult missing;
  missing.spawn_error = "\"python4\" was not found on PATH (/usr/bin)";
  EXPECT_EQ(describe_end(missing),
            "could not be started: \"python4\" was not found on PATH (/usr/bin)");

  RunResult lost;
  lost.pid = 4242;
  lost.spawn_error =
      "the grader lost track of it: waiting for PID 4242 failed: No child "
      "processes (ECHILD)";
  EXPECT_EQ(describe_end(lost), "was started, but " + lost.spawn_error);
}

TEST(RunResultTest, NamesSignals) {
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(SIGKILL), "SIGKILL");
  EXPECT_EQ(signal_name(SIGPIPE), "SIGPIPE");
  EXPECT_EQ(signal_name(77), "signal 77");
}

TEST(RunResultTest, CleanExitNeedsStatusZeroWithinLimits) {
  RunResult ok;
  ok.exit_code = 0;
  EXPECT_TRUE(ok.clean_exit());
  ok.output_limit_hit = true;
  EXPECT_FALSE(ok.clean_exit());
}

}  // namespace
}  // namespace grade::run

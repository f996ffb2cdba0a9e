// Where each task stood when the time limit hit, and threads stopped with their process: the
// classification on /proc's texts, and what the tracer records of real programs.
#include "run/task_standing.h"

#include <string>

#include <fmt/format.h>
#include <sys/syscall.h>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/process_runner.h"

namespace grade::run {
namespace {

using namespace std::chrono_literals;
using testing::pids_after;
using testing::python_command;

std::string no_fd(int /*fd*/) { return ""; }

std::string line(long nr, std::uint64_t first = 0, std::uint64_t second = 0,
                 std::uint64_t third = 0) {
  return fmt::format("{} {:#x} {:#x} {:#x} 0x0 0x0 0x0 0x7ffd1000 0x7f001000\n", nr, first, second,
                     third);
}

TEST(TaskStanding, StateFirst) {
  EXPECT_EQ(classify_standing('R', "running\n", no_fd), Standing::kComputing);
  EXPECT_EQ(classify_standing('S', "running\n", no_fd), Standing::kComputing);
  EXPECT_EQ(classify_standing('T', line(SYS_futex), no_fd), Standing::kStopped);
}

TEST(TaskStanding, BlockedCalls) {
  EXPECT_EQ(classify_standing('S', line(SYS_wait4, 123), no_fd), Standing::kWaitingForChild);
  EXPECT_EQ(classify_standing('S', line(SYS_waitid, 1), no_fd), Standing::kWaitingForChild);
  EXPECT_EQ(classify_standing('S', line(SYS_futex), no_fd), Standing::kWaitingOnLock);
  EXPECT_EQ(classify_standing('S', line(SYS_clock_nanosleep), no_fd), Standing::kSleeping);
  EXPECT_EQ(classify_standing('S', line(SYS_pselect6, 0), no_fd), Standing::kSleeping);
  EXPECT_EQ(classify_standing('S', line(SYS_pselect6, 5), no_fd), Standing::kWaitingOnPipe);
  EXPECT_EQ(classify_standing('S', line(SYS_ppoll, 0x7f00, 0), no_fd), Standing::kSleeping);
  EXPECT_EQ(classify_standing('S', line(SYS_ppoll, 0x7f00, 2), no_fd), Standing::kWaitingOnPipe);
  EXPECT_EQ(classify_standing('S', line(SYS_epoll_pwait, 3), no_fd), Standing::kWaitingOnPipe);
  EXPECT_EQ(classify_standing('S', line(SYS_getpid), no_fd), Standing::kOther);
  EXPECT_EQ(classify_standing('D', "-1 0x7ffd 0x7f00\n", no_fd), Standing::kOther);
  EXPECT_EQ(classify_standing('S', "", no_fd), Standing::kOther);
}

TEST(TaskStanding, AReadIsKnownByItsDescriptor) {
  const auto targets = [](int fd) {
    return fd == 3 ? std::string("pipe:[4242]") : fd == 4 ? "socket:[7]" : "/home/x/data";
  };
  EXPECT_EQ(classify_standing('S', line(SYS_read, 0), targets), Standing::kReadingStdin);
  EXPECT_EQ(classify_standing('S', line(SYS_read, 3), targets), Standing::kWaitingOnPipe);
  EXPECT_EQ(classify_standing('S', line(SYS_recvfrom, 4), targets), Standing::kWaitingOnPipe);
  EXPECT_EQ(classify_standing('S', line(SYS_read, 5), targets), Standing::kOther);
}

TEST(TaskStanding, Names) {
  EXPECT_EQ(standing_name(Standing::kWaitingForChild), "waiting_for_child");
  EXPECT_EQ(standing_name(Standing::kOther), "other");
}

const Task* task_with_tid(const Observation& o, int tid) { return o.find_task(tid); }

TEST(TaskStanding, TheTracerReadsWhereEveryTaskStoodAtTheTimeLimit) {
  ProcessRunner runner;
  const RunResult result = runner.run(python_command("where_at_timeout.py", 3000ms));
  ASSERT_TRUE(result.timed_out) << describe_end(result) << result.err.data;
  const Observation& o = result.observed;
  ASSERT_TRUE(o.observed());
  const Task* main = o.find_process(result.pid);
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(main->at_timeout, Standing::kWaitingForChild);
  const std::vector<int> children = pids_after(result.out.data, "child");
  ASSERT_EQ(children.size(), 1U) << result.out.data;
  const Task* child = o.find_process(children[0]);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->at_timeout, Standing::kWaitingOnPipe);
  const std::vector<int> sleepers = pids_after(result.out.data, "sleeper");
  const std::vector<int> locked = pids_after(result.out.data, "locked");
  ASSERT_EQ(sleepers.size(), 1U);
  ASSERT_EQ(locked.size(), 1U);
  ASSERT_NE(task_with_tid(o, sleepers[0]), nullptr);
  EXPECT_EQ(task_with_tid(o, sleepers[0])->at_timeout, Standing::kSleeping);
  ASSERT_NE(task_with_tid(o, locked[0]), nullptr);
  EXPECT_EQ(task_with_tid(o, locked[0])->at_timeout, Standing::kWaitingOnLock);
  testing::expect_everything_gone(result);
}

TEST(TaskStanding, AComputingProgramIsComputing) {
  ProcessRunner runner;
  const RunResult result = runner.run(python_command("busy_at_timeout.py", 1000ms));
  ASSERT_TRUE(result.timed_out) << describe_end(result) << result.err.data;
  ASSERT_FALSE(result.observed.tasks.empty());
  EXPECT_EQ(result.observed.tasks[0].at_timeout, Standing::kComputing);
}

TEST(TaskStanding, NoStandingWithoutATimeLimit) {
  ProcessRunner runner;
  const RunResult result = runner.run(python_command("hello.py"));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_TRUE(result.observed.standing_at_timeout().empty());
}

TEST(TaskStanding, ADaemonThreadStillRunningAtTheEndOutlivedItsProcess) {
  ProcessRunner runner;
  const RunResult result = runner.run(python_command("daemon_thread.py"));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const std::vector<const Task*> outlived = result.observed.threads_outlived_process(result.pid);
  ASSERT_EQ(outlived.size(), 1U);
  EXPECT_EQ(outlived[0]->kind, Task::Kind::kThread);
  EXPECT_FALSE(result.observed.tasks[0].outlived_process);  // the main thread ended it
}

// Only threads that are gone before the program ends: one merely joined may still be ending
// when the main thread's exit_group kills it, and is then rightly said to have outlived it.
TEST(TaskStanding, ThreadsThatEndedBeforeTheirProcessDidNotOutliveIt) {
  ProcessRunner runner;
  const RunResult result = runner.run(python_command("five_threads_gone.py"));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  ASSERT_GE(result.observed.threads_created(), 5U);
  EXPECT_TRUE(result.observed.threads_outlived_process(result.pid).empty());
}

TEST(TaskStanding, TheRunKnowsWhoStartedTheProgram) {
  ProcessRunner runner;
  Command command = testing::shell_command("echo $PPID");
  const RunResult result = runner.run(command);
  ASSERT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, std::to_string(result.parent_pid) + "\n");
  EXPECT_GT(result.parent_pid, 0);
}

}  // namespace
}  // namespace grade::run

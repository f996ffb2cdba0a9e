// The tracer's bookkeeping, without processes.
#include "run/task_table.h"

#include <chrono>
#include <csignal>
#include <thread>

#include <sys/wait.h>

#include <gtest/gtest.h>

namespace grade::run {
namespace {

// Wait statuses as the kernel encodes them (see W* macros in <sys/wait.h>).
int exited(int code) { return code << 8; }
int killed(int sig) { return sig; }

TEST(TaskTableTest, RecordsProcessesThreadsAndTheirEnds) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(101, 100, 100);  // a thread of 100
  table.add(200, 200, 100);  // a child process
  EXPECT_EQ(table.alive_count(), 3U);
  EXPECT_EQ(table.alive_processes(), (std::vector<pid_t>{100, 200}));
  EXPECT_EQ(table.pid_of(101), 100);
  table.ended(101, exited(0));
  table.ended(200, killed(SIGKILL));
  table.ended(999, exited(1));  // not ours: ignored
  EXPECT_FALSE(table.alive(200));
  EXPECT_EQ(table.alive_processes(), (std::vector<pid_t>{100}));
  const std::vector<Task> tasks = table.take();
  ASSERT_EQ(tasks.size(), 3U);
  EXPECT_EQ(tasks[1].kind, Task::Kind::kThread);
  EXPECT_EQ(tasks[1].exit_code, 0);
  EXPECT_EQ(tasks[2].signal, SIGKILL);
  EXPECT_FALSE(tasks[2].exit_code.has_value());
  EXPECT_TRUE(tasks[2].end_seconds.has_value());
  EXPECT_FALSE(tasks[0].end_seconds.has_value());
}

TEST(TaskTableTest, ASignalFromTheRunThatEndsAProcessIsMarkedAsSuch) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(200, 200, 100);
  table.add(201, 200, 200);  // a thread of 200: a process-wide signal may land on any thread
  table.add(300, 300, 100);
  table.add(400, 400, 100);
  table.signal_from_run(201, SIGTERM);
  table.signal_from_run(300, SIGTERM);  // handled: the process then crashed on its own
  table.signal_from_run(999, SIGTERM);  // not ours: ignored
  table.ended(201, killed(SIGTERM));
  table.ended(200, killed(SIGTERM));
  table.ended(300, killed(SIGSEGV));
  table.ended(400, killed(SIGTERM));  // from outside the run: never noted
  const std::vector<Task> tasks = table.take();
  ASSERT_EQ(tasks.size(), 5U);
  EXPECT_TRUE(tasks[1].signal_from_run);
  EXPECT_TRUE(tasks[2].signal_from_run);
  EXPECT_FALSE(tasks[3].signal_from_run);
  EXPECT_FALSE(tasks[4].signal_from_run);
}

TEST(TaskTableTest, AThreadReapedWithoutAnExitStopOutlivedItsProcess) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(101, 100, 100);  // ends by itself: an exit stop first
  table.add(102, 100, 100);  // killed by 100's exit_group: no exit stop
  table.add(103, 100, 100);  // stopped in another call at its exit stop (older kernels)
  table.add(104, 100, 100);  // killed by the grader
  table.exiting(101);
  table.ended(101, exited(0));
  table.ended(102, exited(0));
  table.outlived_process(103);
  table.exiting(103);
  table.ended(103, exited(0));
  table.ended(104, killed(SIGKILL), GraderKill::kWallTimeout);
  table.exiting(100);
  table.ended(100, exited(0));
  const std::vector<Task> tasks = table.take();
  ASSERT_EQ(tasks.size(), 5U);
  EXPECT_FALSE(tasks[0].outlived_process);
  EXPECT_FALSE(tasks[1].outlived_process);
  EXPECT_TRUE(tasks[2].outlived_process);
  EXPECT_TRUE(tasks[3].outlived_process);
  EXPECT_FALSE(tasks[4].outlived_process);
}

TEST(TaskTableTest, AThreadEndsAtItsExitStopAProcessWhenReaped) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(101, 100, 100);
  table.add(200, 200, 100);
  table.exiting(101);
  table.exiting(200);  // a process: its other threads may go on, so this is not its end
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  table.ended(101, exited(0));
  table.ended(200, exited(0));
  const std::vector<Task> tasks = table.take();
  ASSERT_TRUE(tasks[1].end_seconds && tasks[2].end_seconds);
  EXPECT_GE(*tasks[2].end_seconds - *tasks[1].end_seconds, 0.03);
}

TEST(TaskTableTest, ExecByAnotherThreadEndsThatThread) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(101, 100, 100);
  table.exec(100, 101, "/bin/echo");
  EXPECT_FALSE(table.alive(101));
  EXPECT_TRUE(table.alive(100));
  const std::vector<Task> tasks = table.take();
  EXPECT_EQ(tasks[0].program, "/bin/echo");
  EXPECT_TRUE(tasks[1].end_seconds.has_value());
  EXPECT_FALSE(tasks[1].exit_code.has_value());
}

TEST(TaskTableTest, ANameIsKeptForALiveTaskTheLastOneWins) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(101, 100, 100);
  table.set_name(101, "main");      // read when its process began to exit
  table.set_name(101, "worker-1");  // read again at its own exit stop
  table.set_name(100, "ex2");
  table.ended(101, exited(0));
  table.set_name(101, "late");  // ended: nothing to record it on
  const std::vector<Task> tasks = table.take();
  EXPECT_EQ(tasks[0].name, "ex2");
  EXPECT_EQ(tasks[1].name, "worker-1");
}

TEST(TaskTableTest, ParentFromTheCreatorsLateEvent) {
  TaskTable table(TaskTable::Clock::now());
  table.add(300, 300, 1);  // seen first through its own stop: parent from /proc
  table.set_parent(300, 100);
  EXPECT_EQ(table.take()[0].parent_pid, 100);
}

// The tracer's wait reports the newest task first: a child's first stop, and even its end,
// can come before its creator's fork event. That event must not add the child again.
TEST(TaskTableTest, ACreatorsLateEventDoesNotReviveAnEndedTask) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(300, 300, 100, /*claimed=*/false);  // its own first stop
  table.ended(300, exited(0));
  EXPECT_TRUE(table.claim(300, 100));
  EXPECT_FALSE(table.claim(300, 100));  // once
  EXPECT_EQ(table.alive_count(), 1U);
  EXPECT_FALSE(table.claim(301, 100));  // never seen: the tracer adds it
  const std::vector<Task> tasks = table.take();
  ASSERT_EQ(tasks.size(), 2U);
  EXPECT_EQ(tasks[1].parent_pid, 100);
  EXPECT_EQ(tasks[1].exit_code, 0);
}

TEST(TaskTableTest, AnEndedProcessCountsUntilItsZombieIsGone) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.note_start(ProcessIdentity{100, 7});
  table.add(101, 100, 100);  // a thread: released when the tracer reaps it
  table.add(200, 200, 100);
  table.note_start(ProcessIdentity{200, 9});
  table.add(201, 201, 100);  // its start time unknown: gone when first seen
  EXPECT_EQ(table.counted(), 4U);
  table.ended(101, exited(0));
  table.ended(200, exited(0));
  table.ended(201, killed(SIGKILL));
  EXPECT_EQ(table.alive_count(), 1U);
  EXPECT_EQ(table.counted(), 2U);  // 100, and 200 until its parent reaps it
  table.forget_zombies([](const ProcessIdentity& p) { return p.pid == 200; });
  EXPECT_EQ(table.counted(), 2U);
  table.forget_zombies([](const ProcessIdentity&) { return false; });
  EXPECT_EQ(table.counted(), 1U);
  table.ended(100, exited(0));  // the launched process: the tracer reaps it for good
  EXPECT_EQ(table.counted(), 0U);
}

TEST(TaskTableTest, AReusedPidIsNoLongerAZombie) {
  TaskTable table(TaskTable::Clock::now());
  table.add(100, 100, 0);
  table.add(200, 200, 100);
  table.note_start(ProcessIdentity{200, 9});
  table.ended(200, exited(0));
  EXPECT_EQ(table.zombie_count(), 1U);
  table.add(200, 200, 100);  // a new process with the same PID: the zombie was reaped
  EXPECT_EQ(table.zombie_count(), 0U);
  EXPECT_EQ(table.counted(), 2U);
}

TEST(TaskTableTest, ListsUpToItsCapAndCountsTheRest) {
  TaskTable table(TaskTable::Clock::now(), 2);
  table.add(100, 100, 0);
  table.add(200, 200, 100);
  table.add(101, 100, 100);  // past the cap: a thread of the launched process
  table.add(201, 200, 200);  // a thread of another
  table.add(300, 300, 200);  // a process
  EXPECT_EQ(table.alive_count(), 5U);
  EXPECT_EQ(table.pid_of(201), 200);
  table.exec(300, 300, "/bin/true");
  table.ended(101, exited(0));
  table.ended(300, exited(0));
  EXPECT_EQ(table.alive_processes(), (std::vector<pid_t>{100, 200}));
  const Observation::Omitted& omitted = table.omitted();
  EXPECT_EQ(omitted.processes, 1U);
  EXPECT_EQ(omitted.threads, 2U);
  EXPECT_EQ(omitted.threads_in_launched, 1U);
  EXPECT_EQ(table.take().size(), 2U);
}

}  // namespace
}  // namespace grade::run

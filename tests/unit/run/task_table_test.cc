// The tracer's bookkeeping, without processes.
#include "run/task_table.h"

#include <csignal>

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

TEST(TaskTableTest, ParentFromTheCreatorsLateEvent) {
  TaskTable table(TaskTable::Clock::now());
  table.add(300, 300, 1);  // seen first through its own stop: parent from /proc
  table.set_parent(300, 100);
  EXPECT_EQ(table.take()[0].parent_pid, 100);
}

}  // namespace
}  // namespace grade::run

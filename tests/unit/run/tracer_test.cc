// Observed runs: the tracer records every process and thread a run creates.
#include <cerrno>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/process_runner.h"

namespace grade::run {
namespace {

using namespace std::chrono_literals;
using testing::contains;
using testing::expect_everything_gone;
using testing::kPython;
using testing::pids_after;
using testing::python_command;
using testing::shell_command;

class TracerTest : public ::testing::Test {
 protected:
  ProcessRunner runner_;
};

TEST_F(TracerTest, HelloWorldIsOneProcess) {
  const RunResult result = runner_.run(python_command("hello.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "hello\n");
  const Observation& observed = result.observed;
  EXPECT_EQ(observed.state, Observation::State::kObserved);
  ASSERT_EQ(observed.tasks.size(), 1U);
  const Task& task = observed.tasks[0];
  EXPECT_EQ(task.kind, Task::Kind::kProcess);
  EXPECT_EQ(task.pid, result.pid);
  EXPECT_EQ(task.tid, result.pid);
  EXPECT_EQ(task.parent_pid, 0);
  EXPECT_EQ(task.program, std::filesystem::canonical(kPython).string());
  EXPECT_EQ(task.exit_code, 0);
  ASSERT_TRUE(task.end_seconds.has_value());
  EXPECT_LE(task.start_seconds, *task.end_seconds);
  EXPECT_TRUE(observed.created_processes().empty());
  EXPECT_EQ(observed.threads_created(), 0U);
  expect_everything_gone(result);
}

TEST_F(TracerTest, SeesEveryMultiprocessingWorkerAndHelper) {
  // spawn adds a resource tracker; forkserver a resource tracker and the fork server.
  const struct {
    const char* method;
    std::size_t at_least;
  } cases[] = {{"fork", 3}, {"spawn", 4}, {"forkserver", 5}};
  for (const auto& c : cases) {
    Command command = python_command("mp_children.py", 10'000ms);
    command.argv.push_back(c.method);
    const RunResult result = runner_.run(command);
    EXPECT_TRUE(result.clean_exit()) << c.method << ": " << describe_end(result) << result.err.data;
    const std::vector<int> workers = pids_after(result.out.data, "worker");
    ASSERT_EQ(workers.size(), 3U) << c.method << ": " << result.out.data;
    const std::vector<int> created = result.observed.created_processes();
    for (const int pid : workers) {
      EXPECT_TRUE(contains(created, pid)) << c.method << ": worker " << pid << " not seen";
    }
    EXPECT_GE(created.size(), c.at_least) << c.method;
    expect_everything_gone(result);
  }
}

TEST_F(TracerTest, SeesThreads) {
  const RunResult result = runner_.run(python_command("five_threads.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_GE(result.observed.threads_created_in(result.pid), 5U);
  EXPECT_TRUE(result.observed.created_processes().empty());
  for (const Task& task : result.observed.tasks) {
    if (task.kind == Task::Kind::kThread) {
      EXPECT_EQ(task.pid, result.pid);
      EXPECT_NE(task.tid, result.pid);
    }
  }
  expect_everything_gone(result);
}

TEST_F(TracerTest, RecordsWhatChildrenExec) {
  const RunResult result = runner_.run(shell_command("echo hi | /bin/cat"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, "hi\n");
  bool saw_cat = false;
  for (const Task& task : result.observed.tasks) {
    saw_cat = saw_cat || (task.program == std::filesystem::canonical("/bin/cat").string() &&
                          task.parent_pid == result.pid);
  }
  EXPECT_TRUE(saw_cat);
  expect_everything_gone(result);
}

TEST_F(TracerTest, ExecFromAThreadKeepsTheProcess) {
  const RunResult result = runner_.run(python_command("exec_from_thread.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "exec'd from a thread\n");
  EXPECT_EQ(result.observed.tasks[0].program, std::filesystem::canonical("/bin/echo").string());
  EXPECT_EQ(result.observed.threads_created_in(result.pid), 1U);
  expect_everything_gone(result);
}

TEST_F(TracerTest, SignalsReachTheProgramsHandler) {
  const RunResult result = runner_.run(python_command("sigusr1_handler.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "handled SIGUSR1\nafter\n");
  expect_everything_gone(result);
}

TEST_F(TracerTest, DeathBySignalIsReported) {
  const RunResult result = runner_.run(shell_command("kill -SEGV $$"));
  EXPECT_EQ(result.signal, SIGSEGV);
  ASSERT_FALSE(result.observed.tasks.empty());
  EXPECT_EQ(result.observed.tasks[0].signal, SIGSEGV);
  expect_everything_gone(result);
}

TEST_F(TracerTest, ObserveOffRecordsNothing) {
  Command command = python_command("hello.py");
  command.observe = false;
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, "hello\n");
  EXPECT_EQ(result.observed.state, Observation::State::kOff);
  EXPECT_EQ(result.observed.reason, "observation is turned off");
  EXPECT_TRUE(result.observed.tasks.empty());
  testing::expect_nothing_left(result);
}

long refuse_seize(pid_t /*pid*/, unsigned long /*options*/) {
  errno = EPERM;
  return -1;
}

TEST(TracerUnavailableTest, RunCompletesUnobservedWithAReason) {
  ProcessRunner runner(refuse_seize);
  const RunResult result = runner.run(python_command("print_before_fork.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  EXPECT_EQ(result.out.data, "before fork\nchild\nparent\n");
  EXPECT_EQ(result.observed.state, Observation::State::kUnavailable);
  EXPECT_EQ(result.observed.reason,
            "the system does not allow tracing processes here (ptrace: Operation not permitted)");
  EXPECT_TRUE(result.observed.tasks.empty());
  testing::expect_nothing_left(result);
}

TEST(TracerUnavailableTest, ExecFailureIsStillASpawnError) {
  ProcessRunner runner(refuse_seize);
  Command command = shell_command("");
  command.argv = {"/nonexistent/program"};
  const RunResult result = runner.run(command);
  EXPECT_EQ(result.spawn_error, "/nonexistent/program: No such file or directory");
  EXPECT_EQ(result.pid, 0);
  testing::expect_nothing_left(result);
}

}  // namespace
}  // namespace grade::run

// Observed runs: the tracer records every process and thread a run creates.
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <unistd.h>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/process_runner.h"
#include "run/verdict.h"
#include "util/temp_dir.h"

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

TEST_F(TracerTest, EveryTaskHasItsCpuTimeEvenAThreadKilledByTheProgramsEnd) {
  const RunResult result = runner_.run(python_command("daemon_thread.py"));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  ASSERT_EQ(result.observed.tasks.size(), 2U);
  for (const Task& task : result.observed.tasks) {
    ASSERT_TRUE(task.cpu_seconds.has_value()) << "task " << task.tid;
    EXPECT_GE(*task.cpu_seconds, 0.0);
    EXPECT_FALSE(task.killed_by_grader.has_value()) << "the program's own end, not the grader's";
  }
  EXPECT_GT(*result.observed.tasks[0].cpu_seconds, 0.0);  // the interpreter's start-up
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

// Processes that outlive the program are stopped by the grader, and the observation says which:
// their output after that point is lost, which the report tells the student.
TEST_F(TracerTest, MarksTheProcessesStoppedBecauseTheyOutlivedTheProgram) {
  const RunResult result = runner_.run(python_command("outlived_by_children.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  std::vector<int> sleepers;
  std::istringstream printed(result.out.data);
  for (int pid = 0; printed >> pid;) {
    sleepers.push_back(pid);
  }
  ASSERT_EQ(sleepers.size(), 2U) << result.out.data;
  std::vector<int> stopped = result.observed.stopped_at_end();
  std::sort(stopped.begin(), stopped.end());
  std::sort(sleepers.begin(), sleepers.end());
  EXPECT_EQ(stopped, sleepers) << "the two sleepers, not the quick child nor the program";
  for (const Task& task : result.observed.tasks) {
    if (task.stopped_at_end()) {
      EXPECT_EQ(task.signal, SIGKILL);
    }
  }
  expect_everything_gone(result);
  const RunResult hello = runner_.run(python_command("hello.py"));
  EXPECT_TRUE(hello.observed.stopped_at_end().empty()) << "nothing outlived it";
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

TEST_F(TracerTest, ListsAtMostTheCapAndCountsTheRest) {
  Command command = python_command("fork_churn.py", 10'000ms);
  command.argv.push_back("1.5");
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const Observation& observed = result.observed;
  ASSERT_EQ(observed.tasks.size(), Observation::kMaxListedTasks)
      << "the program made too few processes to reach the cap";
  EXPECT_FALSE(observed.complete());
  EXPECT_GT(observed.omitted.processes, 0U);
  EXPECT_EQ(observed.omitted.threads, 0U);
  EXPECT_EQ(observed.processes_created(),
            observed.created_processes().size() + observed.omitted.processes);
  expect_everything_gone(result);
}

// Runs `command` (wait_for_signal.py) on another thread and sends its launched process
// `signal` from this process, which is not part of the run, once it has written its PID.
RunResult run_and_signal_from_outside(ProcessRunner& runner, Command command, int signal,
                                      int& target) {
  auto dir = TempDir::create("grade-tracer-test-");
  EXPECT_TRUE(dir) << dir.error();
  const std::filesystem::path pid_file = dir->path() / "pid";
  command.argv.push_back(pid_file.string());
  RunResult result;
  std::thread run([&] { result = runner.run(command); });
  target = 0;
  for (int i = 0; i < 500 && target == 0; ++i) {
    std::ifstream(pid_file) >> target;
    if (target == 0) {
      std::this_thread::sleep_for(10ms);
    }
  }
  EXPECT_GT(target, 0) << "the program never wrote its PID";
  if (target > 0) {
    EXPECT_EQ(::kill(target, signal), 0);
  }
  run.join();
  return result;
}

TEST_F(TracerTest, SigtermFromOutsideNamesItsSender) {
  int target = 0;
  const RunResult result = run_and_signal_from_outside(
      runner_, python_command("wait_for_signal.py", 10'000ms), SIGTERM, target);
  EXPECT_EQ(result.signal, SIGTERM) << describe_end(result);
  ASSERT_TRUE(result.outside_signal.has_value());
  const OutsideSignal& outside = *result.outside_signal;
  EXPECT_EQ(outside.signal, SIGTERM);
  EXPECT_EQ(outside.target_pid, target);
  EXPECT_EQ(outside.sender_pid, ::getpid());
  EXPECT_EQ(outside.sender_uid, static_cast<int>(::getuid()));
  EXPECT_EQ(classify(result, {}), Verdict::kOutsideSignal);
  EXPECT_NE(explain_verdict(Verdict::kOutsideSignal, result)
                .find("SIGTERM from PID " + std::to_string(::getpid())),
            std::string::npos)
      << explain_verdict(Verdict::kOutsideSignal, result);
  expect_everything_gone(result);
}

TEST_F(TracerTest, SigkillFromOutsideIsToldFromTheProgramsOwn) {
  int target = 0;
  const RunResult result = run_and_signal_from_outside(
      runner_, python_command("wait_for_signal.py", 10'000ms), SIGKILL, target);
  EXPECT_EQ(result.signal, SIGKILL) << describe_end(result);
  ASSERT_TRUE(result.outside_signal.has_value());
  EXPECT_EQ(result.outside_signal->signal, SIGKILL);
  EXPECT_EQ(result.outside_signal->target_pid, target);
  EXPECT_FALSE(result.outside_signal->sender_pid.has_value());  // the kernel does not say
  EXPECT_EQ(classify(result, {}), Verdict::kOutsideSignal);
  expect_everything_gone(result);
}

TEST_F(TracerTest, SigkillTheProgramSendsItselfIsItsOwn) {
  const RunResult result = runner_.run(shell_command("kill -KILL $$"));
  EXPECT_EQ(result.signal, SIGKILL) << describe_end(result);
  EXPECT_FALSE(result.outside_signal.has_value()) << describe(*result.outside_signal);
  EXPECT_EQ(classify(result, {}), Verdict::kSignal);
  expect_everything_gone(result);
}

TEST_F(TracerTest, SignalsTheProgramSendsItsOwnProcessesAreItsOwn) {
  const RunResult result = runner_.run(python_command("sigkill_child.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "child killed by SIGKILL\ncaught SIGTERM\n");
  EXPECT_FALSE(result.outside_signal.has_value()) << describe(*result.outside_signal);
  expect_everything_gone(result);
}

TEST_F(TracerTest, ParentDeathSignalsAreTheRunsOwn) {
  const RunResult result = runner_.run(python_command("parent_death_signal.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "parent deaths signalled\n");
  EXPECT_FALSE(result.outside_signal.has_value()) << describe(*result.outside_signal);
  int killed = 0;
  int terminated = 0;
  for (const Task& task : result.observed.tasks) {
    killed += task.signal == SIGKILL ? 1 : 0;
    terminated += task.signal == SIGTERM ? 1 : 0;
  }
  EXPECT_EQ(killed, 1);
  EXPECT_EQ(terminated, 1);
  expect_everything_gone(result);
}

TEST_F(TracerTest, TheGradersOwnKillIsNotFromOutside) {
  const RunResult result = runner_.run(python_command("ignore_sigterm.py", 500ms));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_FALSE(result.outside_signal.has_value()) << describe(*result.outside_signal);
  expect_everything_gone(result);
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

// The observed run's filter stops the kill family for a tracer; when none could attach, the
// program runs without that rule, or every kill() would fail with ENOSYS.
TEST(TracerUnavailableTest, KillWorksWhenTracingIsRefused) {
  ProcessRunner runner(refuse_seize);
  const RunResult result = runner.run(shell_command("kill -0 $$ && kill -USR1 $$"));
  EXPECT_EQ(result.observed.state, Observation::State::kUnavailable);
  EXPECT_EQ(result.signal, SIGUSR1) << describe_end(result) << result.err.data;
  EXPECT_FALSE(result.outside_signal.has_value());
  EXPECT_NE(explain_verdict(classify(result, {}), result).find("who sent the signal is unknown"),
            std::string::npos);
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

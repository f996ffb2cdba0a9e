#include "report/task_tree.h"

#include <csignal>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/text.h"

namespace grade::report {
namespace {

using run::GraderKill;
using run::Task;

Task process(int pid, int parent, double start, double end, double cpu) {
  Task t;
  t.tid = t.pid = pid;
  t.parent_pid = parent;
  t.start_seconds = start;
  t.end_seconds = end;
  t.cpu_seconds = cpu;
  t.exit_code = 0;
  return t;
}

Task thread(int tid, int pid, double start, double end) {
  Task t = process(pid, pid, start, end, 0.0);
  t.kind = Task::Kind::kThread;
  t.tid = tid;
  return t;
}

run::RunResult observed(std::vector<Task> tasks) {
  run::RunResult run;
  run.pid = tasks.empty() ? 0 : tasks.front().pid;
  run.observed.state = run::Observation::State::kObserved;
  run.observed.tasks = std::move(tasks);
  return run;
}

std::string tree(const run::RunResult& run, const TaskTreeLimits& limits = {}) {
  return text::join(task_tree(run, Painter(false), limits), "\n");
}

// The launched program, a thread and two forks, one of them stopped because it outlived it.
run::RunResult forks_and_a_survivor() {
  Task launched = process(4100, 0, 0.0, 0.412, 0.05);
  launched.command_line = "/usr/bin/python3 /tmp/grade-run-x1/ex1.py";
  Task first = process(4101, 4100, 0.101, 0.300, 0.19);
  Task second = process(4102, 4100, 0.103, 0.412, 0.0);
  second.exit_code.reset();
  second.signal = SIGKILL;
  second.killed_by_grader = GraderKill::kOutlivedProgram;
  return observed({launched, thread(4103, 4100, 0.120, 0.130), first, second});
}

TEST(TaskTree, ProcessesAndThreadsWithLifetimeCpuAndEnd) {
  EXPECT_EQ(tree(forks_and_a_survivor()),
            "PID 4100  python3 ex1.py     0.000–0.412  cpu 0.05  exited 0\n"
            "├─ thread 4103               0.120–0.130  cpu 0.00  ended\n"
            "├─ PID 4101  (fork of 4100)  0.101–0.300  cpu 0.19  exited 0\n"
            "└─ PID 4102  (fork of 4100)  0.103–0.412  cpu 0.00  stopped by grade: still "
            "running when your program ended");
}

TEST(TaskTree, AThreadsOwnNameIsShownEscapedOneItsProcessSharesIsNot) {
  Task launched = process(4100, 0, 0.0, 0.5, 0.01);
  launched.command_line = "./ex2";
  launched.name = "ex2";
  Task named = thread(4101, 4100, 0.1, 0.2);
  named.name = "worker-1";
  Task unnamed = thread(4102, 4100, 0.1, 0.2);
  unnamed.name = "ex2";
  Task hostile = thread(4103, 4100, 0.1, 0.2);
  hostile.name = "\x1b[2Jx";
  const std::string shown = tree(observed({launched, named, unnamed, hostile}));
  EXPECT_NE(shown.find("├─ thread 4101 \"worker-1\"  "), std::string::npos) << shown;
  EXPECT_NE(shown.find("├─ thread 4102  "), std::string::npos) << shown;
  EXPECT_NE(shown.find("└─ thread 4103 \"\\x1b[2Jx\"  "), std::string::npos) << shown;
  EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
}

TEST(TaskTree, GrandchildrenHangUnderTheirParent) {
  run::RunResult run = observed({process(100, 0, 0, 1, 0), process(101, 100, 0.1, 0.5, 0),
                                 process(102, 101, 0.2, 0.4, 0), process(103, 100, 0.3, 0.9, 0)});
  EXPECT_EQ(tree(run),
            "PID 100  your program         0.000–1.000  cpu 0.00  exited 0\n"
            "├─ PID 101  (fork of 100)     0.100–0.500  cpu 0.00  exited 0\n"
            "│  └─ PID 102  (fork of 101)  0.200–0.400  cpu 0.00  exited 0\n"
            "└─ PID 103  (fork of 100)     0.300–0.900  cpu 0.00  exited 0");
}

TEST(TaskTree, HelpersAreNamedAndCommandLinesCutAndEscaped) {
  Task launched = process(100, 0, 0, 1, 0);
  launched.command_line = "python3 ex2.py";
  Task tracker = process(101, 100, 0.1, 1, 0);
  tracker.command_line =
      "/usr/bin/python3 -c from multiprocessing.resource_tracker import main;main(5)";
  Task worker = process(102, 100, 0.2, 0.5, 0);
  worker.command_line = "evil\x1b[2J name that goes on and on and on";
  Task spawned = process(103, 100, 0.3, 0.5, 0);
  spawned.command_line =
      "/usr/bin/python3 -B -c from multiprocessing.spawn import spawn_main; "
      "spawn_main(tracker_fd=5, pipe_handle=7) --multiprocessing-fork";
  const std::string shown = tree(observed({launched, tracker, worker, spawned}));
  EXPECT_NE(shown.find("PID 103  (spawn of 100)  "), std::string::npos) << shown;
  EXPECT_NE(shown.find("PID 101  helper: multiprocessing's resource tracker"), std::string::npos)
      << shown;
  EXPECT_NE(shown.find("PID 102  evil\\x1b[2J name that goes …"), std::string::npos) << shown;
  EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
}

TEST(TaskTree, EachEndInWords) {
  Task t = process(100, 0, 0, 1, 0);
  EXPECT_EQ(describe_task_end(t), "exited 0");
  t.exit_code = 3;
  EXPECT_EQ(describe_task_end(t), "exited 3");
  t.exit_code.reset();
  t.signal = SIGSEGV;
  EXPECT_EQ(describe_task_end(t), "killed by SIGSEGV");
  t.signal = SIGKILL;
  t.killed_by_grader = GraderKill::kWallTimeout;
  EXPECT_EQ(describe_task_end(t), "stopped by grade: the run timed out");
  t.killed_by_grader = GraderKill::kTaskLimit;
  EXPECT_EQ(describe_task_end(t),
            "stopped by grade: the run had too many processes and threads "
            "at once");
  t.killed_by_grader.reset();
  t.signal.reset();
  t.end_seconds.reset();
  EXPECT_EQ(describe_task_end(t), "end not seen");
  EXPECT_EQ(describe_task_end(thread(101, 100, 0, 1)), "ended");
  Task daemon = thread(102, 100, 0, 1);
  daemon.outlived_process = true;  // a daemon thread at the main program's end
  EXPECT_EQ(describe_task_end(daemon), "ended with its process");
}

TEST(TaskTree, UnknownEndAndCpuShowAQuestionMark) {
  Task launched = process(100, 0, 0, 1, 0);
  launched.end_seconds.reset();
  launched.exit_code.reset();
  launched.cpu_seconds.reset();
  EXPECT_EQ(tree(observed({launched})), "PID 100  your program  0.000–?  cpu ?  end not seen");
}

TEST(TaskTree, ThreadsPerProcessAndProcessesAreCapped) {
  std::vector<Task> tasks = {process(100, 0, 0, 1, 0)};
  for (int i = 1; i <= 13; ++i) {
    tasks.push_back(thread(100 + i, 100, 0.1, 0.2));
  }
  for (int i = 0; i < 5; ++i) {
    tasks.push_back(process(200 + i, 100, 0.3, 0.4, 0));
    tasks.push_back(thread(300 + i, 200 + i, 0.3, 0.4));
  }
  run::RunResult run = observed(tasks);
  run.observed.omitted = {2, 4, 1};  // 2 processes and 4 threads counted, one in the launched
  const std::vector<std::string> lines =
      task_tree(run, Painter(false), {.max_processes = 3, .max_threads_per_process = 10});
  // The launched process, 10 threads, its first 2 children with a thread each, the rest counted.
  ASSERT_EQ(lines.size(), 1U + 10 + 4 + 2);
  EXPECT_NE(lines[1].find("├─ thread 101"), std::string::npos);
  EXPECT_NE(lines[11].find("├─ PID 200"), std::string::npos) << lines[11];
  EXPECT_NE(lines[12].find("│  └─ thread 300"), std::string::npos) << lines[12];
  EXPECT_EQ(lines[15], "└─ … and 4 more threads");  // 3 listed past the cap + 1 omitted
  // 3 listed processes past the cap and 2 omitted; their 3 threads and 3 omitted elsewhere.
  EXPECT_EQ(lines[16], "… and 5 more processes and 6 more threads");
}

TEST(TaskTree, NothingForAnUnobservedRun) {
  run::RunResult run = forks_and_a_survivor();
  run.observed.state = run::Observation::State::kUnavailable;
  EXPECT_TRUE(task_tree(run, Painter(false)).empty());
}

TEST(TaskTree, ColorsOnlyTheEndingsAndOnlyWhenAsked) {
  const std::vector<std::string> lines = task_tree(forks_and_a_survivor(), Painter(true));
  EXPECT_EQ(lines[0].find('\x1b'), std::string::npos) << lines[0];  // a normal end is plain
  EXPECT_NE(lines[3].find("\x1b["), std::string::npos) << lines[3];
  EXPECT_EQ(tree(forks_and_a_survivor()).find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace grade::report

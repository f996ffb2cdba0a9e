// Observed runs: each task's name (comm) as the kernel had it when the task ended or the
// grader stopped it, read by the tracer.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/process_runner.h"
#include "run/verdict.h"

namespace grade::run {
namespace {

using testing::expect_everything_gone;

Command thread_names(std::vector<std::string> arguments) {
  Command command;
  command.argv = {GRADE_THREAD_NAMES};
  command.argv.insert(command.argv.end(), arguments.begin(), arguments.end());
  command.cwd = "/";
  command.env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  command.wall_limit = std::chrono::milliseconds(5000);
  return command;
}

std::vector<std::string> thread_names_of(const Observation& observed) {
  std::vector<std::string> names;
  for (const Task& task : observed.tasks) {
    if (task.kind == Task::Kind::kThread) {
      names.push_back(task.name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(TaskNamesTest, ThreadsAreKnownByTheNamesTheyGaveThemselves) {
  ProcessRunner runner;
  const RunResult result = runner.run(thread_names({"threads", "alpha", "fifteen-bytes-x"}));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_NE(result.out.data.find("Thread name: fifteen-bytes-x,"), std::string::npos)
      << result.out.data;
  ASSERT_EQ(result.observed.tasks.size(), 3U);
  EXPECT_EQ(result.observed.tasks[0].name, "thread_names") << "the program's file name";
  EXPECT_EQ(thread_names_of(result.observed),
            (std::vector<std::string>{"alpha", "fifteen-bytes-x"}));
  expect_everything_gone(result);
}

TEST(TaskNamesTest, AProcessTheGraderStopsHasTheNameItGaveItself) {
  ProcessRunner runner;
  const RunResult result = runner.run(thread_names({"linger", "lingerer"}));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  ASSERT_EQ(result.observed.tasks.size(), 2U);
  const Task& child = result.observed.tasks[1];
  EXPECT_EQ(child.killed_by_grader, GraderKill::kOutlivedProgram);
  EXPECT_EQ(child.name, "lingerer") << "read before the grader killed it";
  EXPECT_EQ(result.observed.tasks[0].name, "thread_names");
  expect_everything_gone(result);
}

}  // namespace
}  // namespace grade::run

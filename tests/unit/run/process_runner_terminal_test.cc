// Stdout as a pseudo-terminal: Python behaves as when the student runs it by hand.
#include <map>
#include <regex>
#include <string>

#include <stdlib.h>  // NOLINT: setenv is not in <cstdlib>
#include <unistd.h>

#include <gtest/gtest.h>

#include "run/environment.h"
#include "run/process_runner.h"
#include "run_test_support.h"
#include "util/text.h"

extern char** environ;  // NOLINT: POSIX declares it nowhere in C++ headers

namespace grade::run {
namespace {

using testing::expect_nothing_left;
using testing::python_command;

class ProcessRunnerTerminalTest : public ::testing::Test {
 protected:
  ProcessRunner runner_;
};

TEST_F(ProcessRunnerTerminalTest, StdoutIsTerminalWithoutCarriageReturns) {
  const RunResult result = runner_.run(python_command("tty_report.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "stdout tty: True\na\nb\n");
  EXPECT_EQ(result.err.data, "stderr tty: False\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTerminalTest, StdoutIsPipeWhenNoTerminalIsWanted) {
  Command command = python_command("tty_report.py");
  command.stdout_is_terminal = false;
  const RunResult result = runner_.run(command);
  EXPECT_EQ(result.out.data, "stdout tty: False\na\nb\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTerminalTest, PrintBeforeForkIsNotRepeatedOnTerminal) {
  const RunResult result = runner_.run(python_command("print_before_fork.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "before fork\nchild\nparent\n");
  expect_nothing_left(result);
}

// Why the terminal matters: on a pipe the same program repeats its first line.
TEST_F(ProcessRunnerTerminalTest, PrintBeforeForkIsRepeatedOnPipe) {
  Command command = python_command("print_before_fork.py");
  command.stdout_is_terminal = false;
  const RunResult result = runner_.run(command);
  EXPECT_EQ(result.out.data, "before fork\nchild\nbefore fork\nparent\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerTerminalTest, LinesOfThreeProcessesNeverTear) {
  // The grader's own environment asks for unbuffered Python; the submission's must not.
  // The test's own environment, changed while no other thread of the test runs.
  ASSERT_EQ(::setenv("PYTHONUNBUFFERED", "1", 1), 0);  // NOLINT(concurrency-mt-unsafe)
  Command command = python_command("three_writers.py");
  command.env = submission_environment("/", environ);
  ASSERT_EQ(::unsetenv("PYTHONUNBUFFERED"), 0);  // NOLINT(concurrency-mt-unsafe)
  ASSERT_FALSE(find_variable(command.env, "PYTHONUNBUFFERED").has_value());

  const std::regex line(R"((parent|child-1|child-2) line (\d+) of 200 x{40})");
  for (int attempt = 0; attempt < 3; ++attempt) {
    const RunResult result = runner_.run(command);
    ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
    std::map<std::string, int> lines_per_writer;
    for (const std::string_view text : text::split_lines(result.out.data)) {
      std::match_results<std::string_view::const_iterator> match;
      ASSERT_TRUE(std::regex_match(text.begin(), text.end(), match, line))
          << "torn line: \"" << text << "\"";
      ++lines_per_writer[match[1].str()];
    }
    EXPECT_EQ(lines_per_writer["parent"], 200);
    EXPECT_EQ(lines_per_writer["child-1"], 200);
    EXPECT_EQ(lines_per_writer["child-2"], 200);
    expect_nothing_left(result);
  }
}

}  // namespace
}  // namespace grade::run

// How the child is started: failures, argv, environment, directory, fds, signals.
#include <fstream>
#include <string>

#include <fcntl.h>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <unistd.h>

#include <gtest/gtest.h>

#include "run/process_runner.h"
#include "run/program_path.h"
#include "run_test_support.h"
#include "util/fd.h"
#include "util/temp_dir.h"

namespace grade::run {
namespace {

using testing::expect_nothing_left;
using testing::shell_command;

class ProcessRunnerSpawnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::create("grade-spawn-test-");
    ASSERT_TRUE(dir) << dir.error();
    dir_.emplace(std::move(*dir));
  }

  std::filesystem::path write_file(const std::string& name, const std::string& content,
                                   std::filesystem::perms perms) {
    auto path = dir_->path() / name;
    std::ofstream(path) << content;
    std::filesystem::permissions(path, perms);
    return path;
  }

  ProcessRunner runner_;
  std::optional<TempDir> dir_;
};

TEST_F(ProcessRunnerSpawnTest, ProgramNotOnPathIsSpawnError) {
  Command command = shell_command("");
  command.argv = {"no-such-program-for-grade"};
  const RunResult result = runner_.run(command);
  EXPECT_FALSE(result.started());
  EXPECT_EQ(result.spawn_error,
            "\"no-such-program-for-grade\" was not found on PATH (/usr/bin:/bin)");
  EXPECT_EQ(result.pid, 0);
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, ExecFailuresAreSpawnErrorsWithoutZombies) {
  const auto not_executable = write_file("data.txt", "hello\n", std::filesystem::perms::owner_read);
  const auto no_shebang =
      write_file("noshebang", "\x01\x02garbage\n", std::filesystem::perms::owner_all);
  const struct {
    std::string program;
    std::string message;
  } cases[] = {
      {"/nonexistent/program", "/nonexistent/program: No such file or directory"},
      {not_executable.string(), not_executable.string() + ": Permission denied"},
      {no_shebang.string(), no_shebang.string() + ": Exec format error"},
  };
  for (const auto& c : cases) {
    Command command = shell_command("");
    command.argv = {c.program};
    const RunResult result = runner_.run(command);
    EXPECT_EQ(result.spawn_error, c.message);
    EXPECT_EQ(describe_end(result), "could not be started: " + c.message);
    expect_nothing_left(result);  // Boost does not reap a child whose exec failed; we do
  }
}

TEST_F(ProcessRunnerSpawnTest, MissingWorkingDirectoryIsSpawnError) {
  Command command = shell_command("pwd");
  command.cwd = dir_->path() / "missing";
  const RunResult result = runner_.run(command);
  EXPECT_EQ(result.spawn_error,
            "the working directory " + command.cwd.string() + " does not exist");
}

// A child that fails before exec never ran the program: a spawn error (the grader's), never
// exit status 127 (which would be graded as the program's), with the step that failed.
TEST_F(ProcessRunnerSpawnTest, AFailureBeforeExecIsASpawnErrorNamingTheStep) {
  for (int i = 0; i < 20; ++i) {  // both orders: the child dies before or after the gate opens
    Command command = shell_command("exit 0");
    command.restrictions.join_cgroups = {(dir_->path() / "no-such-cgroup" / "tasks").string()};
    const RunResult result = runner_.run(command);
    EXPECT_FALSE(result.started());
    EXPECT_EQ(result.spawn_error,
              "could not prepare the run (joining the run's cgroup): No such file or directory "
              "(ENOENT)");
  }
}

TEST_F(ProcessRunnerSpawnTest, RunsInWorkingDirectoryWithExactlyTheGivenEnvironment) {
  // The test's own environment, changed while no other thread of the test runs.
  ASSERT_EQ(::setenv("GRADE_TEST_MUST_NOT_LEAK", "1", 1), 0);  // NOLINT(concurrency-mt-unsafe)
  Command command = shell_command("pwd; echo \"[$GRADE_TEST_MUST_NOT_LEAK]\"; echo \"$FOO\"");
  command.cwd = dir_->path();
  command.env = {"PATH=/usr/bin:/bin", "FOO=bar baz"};
  const RunResult result = runner_.run(command);
  ASSERT_EQ(::unsetenv("GRADE_TEST_MUST_NOT_LEAK"), 0);  // NOLINT(concurrency-mt-unsafe)
  const auto real_dir = std::filesystem::canonical(dir_->path()).string();
  EXPECT_EQ(result.out.data, real_dir + "\n[]\nbar baz\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, FindsProgramOnThePathOfTheCommandEnvironment) {
  write_file("my-tool", "#!/bin/sh\necho \"tool ran as $0\"\n", std::filesystem::perms::owner_all);
  Command command = shell_command("");
  command.argv = {"my-tool"};
  command.env = {"PATH=relative/dir::" + dir_->path().string() + ":/usr/bin:/bin"};
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result);
  // The kernel passes the script's path to its interpreter; argv[0] itself is kept below.
  EXPECT_EQ(result.out.data, "tool ran as " + (dir_->path() / "my-tool").string() + "\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, PassesArgvAsGiven) {
  Command command = shell_command("");
  command.argv = {
      "python3", "-c",        "import sys; print(open('/proc/self/cmdline').read().split('\\0'))",
      "",        "two words", "$HOME"};
  const RunResult result = runner_.run(command);
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data.substr(0, 13), "['python3', '");
  EXPECT_NE(result.out.data.find("'', 'two words', '$HOME', '']"), std::string::npos)
      << result.out.data;
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, ResolvesRelativeProgramAgainstWorkingDirectory) {
  write_file("prog", "#!/bin/sh\necho relative\n", std::filesystem::perms::owner_all);
  Command command = shell_command("");
  command.argv = {"./prog"};
  command.cwd = dir_->path();
  const RunResult result = runner_.run(command);
  EXPECT_EQ(result.out.data, "relative\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, ChildHoldsNoFdsButStandardOnes) {
  // An fd the grader opened without O_CLOEXEC must not reach the student's program either.
  const Fd leaky(::open("/dev/null", O_RDONLY));
  ASSERT_TRUE(leaky);
  const RunResult result = runner_.run(shell_command("ls -1 /proc/$$/fd"));
  EXPECT_EQ(result.out.data, "0\n1\n2\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, ChildGetsDefaultSignalHandling) {
  // As under nohup: the grader ignores SIGINT and blocks SIGTERM; the program must not.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGINT, &ignore, &previous), 0);
  sigset_t block;
  sigset_t old_mask;
  ASSERT_EQ(::sigemptyset(&block), 0);
  ASSERT_EQ(::sigaddset(&block, SIGTERM), 0);
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &block, &old_mask), 0);
  const RunResult result = runner_.run(shell_command("grep -E '^Sig(Ign|Blk)' /proc/self/status"));
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr), 0);
  ASSERT_EQ(::sigaction(SIGINT, &previous, nullptr), 0);
  EXPECT_EQ(result.out.data, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
  expect_nothing_left(result);
}

TEST_F(ProcessRunnerSpawnTest, EmptyCommandIsSpawnError) {
  Command command;
  EXPECT_EQ(runner_.run(command).spawn_error, "the command is empty");
}

TEST(RunnerProgramPathTest, ResolvesLikeExecvpOnTheGivenPath) {
  EXPECT_EQ(*resolve_program("sh", "/nonexistent:/bin", "/w"), "/bin/sh");
  EXPECT_EQ(*resolve_program("/abs/prog", "", "/w"), "/abs/prog");
  EXPECT_EQ(*resolve_program("./prog", "", "/w"), "/w/./prog");
  EXPECT_FALSE(resolve_program("sh", "", "/w").has_value());
  EXPECT_FALSE(resolve_program("sh", "bin:.", "/").has_value());  // relative entries are skipped
  EXPECT_FALSE(resolve_program("", "/bin", "/").has_value());
}

}  // namespace
}  // namespace grade::run

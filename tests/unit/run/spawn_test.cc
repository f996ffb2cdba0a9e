// spawn() on its own: the child waits at the gate, then runs exactly what it was given, or
// says through the gate why it could not.
#include "run/spawn.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/pipe.h"
#include "util/fd.h"
#include "util/temp_dir.h"
#include "util/wait.h"

namespace grade::run {
namespace {

using grade::testing::make_pipe;
using grade::testing::Pipe;
using grade::testing::read_to_end;

Command shell(const std::string& script) {
  Command command;
  command.argv = {"/bin/sh", "-c", script};
  command.cwd = "/";
  command.env = {"PATH=/usr/bin:/bin"};
  return command;
}

// A child spawned with pipes for stdout and stderr, waiting at its gate.
class SpawnedChild {
 public:
  SpawnedChild(const std::filesystem::path& exe, const Command& command)
      : gate_(StartGate::create().value()) {
    Pipe out = make_pipe();
    Pipe err = make_pipe();
    const Fd in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    Expected<pid_t> pid =
        spawn(exe, command, {in.get(), out.write.get(), err.write.get()}, gate_->child_side());
    gate_->close_child_side();
    EXPECT_TRUE(pid.has_value()) << pid.error();
    pid_ = pid.has_value() ? *pid : -1;
    out_ = std::move(out.read);
    err_ = std::move(err.read);
  }
  SpawnedChild(const SpawnedChild&) = delete;
  SpawnedChild& operator=(const SpawnedChild&) = delete;
  ~SpawnedChild() {
    if (pid_ > 0 && !status_) {
      (void)::kill(pid_, SIGKILL);
      (void)wait_for_pid(pid_);
    }
  }

  pid_t pid() const { return pid_; }
  StartGate& gate() { return *gate_; }
  // Drops the grader's end of the gate without opening it, as a grader that gave up does.
  void abandon_gate() { gate_.reset(); }

  // Reads both streams to their end and reaps the child; returns its wait status.
  int finish() {
    out_text_ = read_to_end(out_.get());
    err_text_ = read_to_end(err_.get());
    int status = 0;
    EXPECT_EQ(wait_for_pid(pid_, &status), pid_);
    status_ = status;
    return status;
  }
  // Opens the gate and finishes.
  int run() {
    EXPECT_TRUE(gate().open().has_value());
    return finish();
  }
  const std::string& out() const { return out_text_; }
  const std::string& err() const { return err_text_; }

 private:
  std::optional<StartGate> gate_;
  pid_t pid_ = -1;
  Fd out_;
  Fd err_;
  std::string out_text_;
  std::string err_text_;
  std::optional<int> status_;
};

bool exited_with(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

TEST(Spawn, TheChildWaitsAtTheGateBeforeItsExec) {
  SpawnedChild child("/bin/sh", shell("echo ran"));
  ASSERT_GT(child.pid(), 0);
  // Until the gate opens, the child is still this program, forked: it has not exec'd.
  const auto self = std::filesystem::read_symlink("/proc/self/exe");
  EXPECT_EQ(std::filesystem::read_symlink(std::filesystem::path("/proc") /
                                          std::to_string(child.pid()) / "exe"),
            self);
  EXPECT_TRUE(exited_with(child.run(), 0));
  EXPECT_EQ(child.out(), "ran\n");
  EXPECT_EQ(child.err(), "");
  EXPECT_FALSE(child.gate().exec_error().has_value());
}

TEST(Spawn, AChildWhoseGateIsAbandonedNeverRunsTheProgram) {
  auto dir = TempDir::create("grade-spawn-unit-");
  ASSERT_TRUE(dir.has_value()) << dir.error();
  const std::filesystem::path marker = dir->path() / "ran";
  SpawnedChild child("/bin/sh", shell("touch '" + marker.string() + "'"));
  child.abandon_gate();
  EXPECT_TRUE(exited_with(child.finish(), 127));
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(Spawn, AFailedExecIsReportedThroughTheGate) {
  Command command = shell("");
  command.argv = {"/nonexistent/program"};
  SpawnedChild child("/nonexistent/program", command);
  EXPECT_TRUE(exited_with(child.run(), 127));
  const std::optional<ChildFailure> failure = child.gate().exec_error();
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ENOENT);
  EXPECT_STREQ(failure->step, "");  // execve itself failed
  EXPECT_EQ(child.err(), "");       // the grader reports it, not the child
}

TEST(Spawn, AFailedStepBeforeExecIsNamedOnTheGateAndOnStderr) {
  Command command = shell("echo ran");
  command.cwd = "/nonexistent/folder";
  SpawnedChild child("/bin/sh", command);
  // The child fails before it waits at the gate; opening may or may not find it still there.
  (void)child.gate().open();
  EXPECT_TRUE(exited_with(child.finish(), 127));
  const std::optional<ChildFailure> failure = child.gate().exec_error();
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ENOENT);
  EXPECT_STREQ(failure->step, "chdir to the working directory");
  EXPECT_EQ(child.out(), "");
  EXPECT_EQ(child.err(),
            "grade: could not prepare the program: chdir to the working directory: No such file "
            "or directory (ENOENT)\n");
}

TEST(Spawn, TheChildLeadsANewSessionAndProcessGroup) {
  // Fields 1, 5 and 6 of /proc/PID/stat: pid, process group, session.
  SpawnedChild child("/bin/sh",
                     shell("read -r pid comm state ppid pgrp session rest < /proc/$$/stat; "
                           "echo \"$pid $pgrp $session\""));
  ASSERT_TRUE(exited_with(child.run(), 0));
  const std::string pid = std::to_string(child.pid());
  EXPECT_EQ(child.out(), pid + " " + pid + " " + pid + "\n");
}

TEST(Spawn, PassesArgvZeroAsGivenAndExactlyTheEnvironment) {
  Command command = shell("");
  command.argv = {"any-name"};
  command.env = {"A=1", "A=2", "B=x y"};  // duplicates too
  SpawnedChild env("/usr/bin/env", command);
  ASSERT_TRUE(exited_with(env.run(), 0));
  EXPECT_EQ(env.out(), "A=1\nA=2\nB=x y\n");

  command = shell("tr '\\0' ' ' < /proc/$$/cmdline");
  command.argv[0] = "my-shell";
  SpawnedChild sh("/bin/sh", command);
  ASSERT_TRUE(exited_with(sh.run(), 0));
  EXPECT_EQ(sh.out().rfind("my-shell -c ", 0), 0U) << sh.out();
}

TEST(Spawn, TheChildInheritsNoOtherDescriptor) {
  const Fd leaked(::open("/dev/null", O_RDONLY));  // no O_CLOEXEC, as a careless library's
  ASSERT_TRUE(leaked.valid());
  const std::string fd = std::to_string(leaked.get());
  SpawnedChild child(
      "/bin/sh", shell("if [ -e /proc/$$/fd/" + fd + " ]; then echo open; else echo closed; fi"));
  ASSERT_TRUE(exited_with(child.run(), 0));
  EXPECT_EQ(child.out(), "closed\n");
}

TEST(Spawn, TheChildStartsWithAnEmptySignalMaskAndDefaultActions) {
  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  sigset_t old_mask;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &usr2, &old_mask), 0);
  struct sigaction ignore {};
  struct sigaction old_action {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGUSR2, &ignore, &old_action), 0);

  SpawnedChild child("/bin/sh", shell("exec grep -E '^Sig(Blk|Ign):' /proc/self/status"));
  const int status = child.run();

  ASSERT_EQ(::sigaction(SIGUSR2, &old_action, nullptr), 0);
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr), 0);
  ASSERT_TRUE(exited_with(status, 0));
  // Each line is "SigBlk:\t<hex mask>"; bit (signal - 1) is set for a blocked or ignored one.
  std::istringstream lines(child.out());
  std::string name;
  std::string mask;
  int seen = 0;
  while (lines >> name >> mask) {
    const unsigned long long bits = std::stoull(mask, nullptr, 16);
    EXPECT_EQ(bits & (1ULL << (SIGUSR2 - 1)), 0U) << name << " " << mask;
    ++seen;
  }
  EXPECT_EQ(seen, 2) << child.out();
}

}  // namespace
}  // namespace grade::run

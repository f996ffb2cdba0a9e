#include "util/wait.h"

#include <atomic>
#include <cerrno>
#include <thread>

#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/held_child.h"
#include "support/interrupter.h"

namespace grade {
namespace {

TEST(WaitForPid, GivesTheStatusOfTheChild) {
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    ::_exit(7);
  }
  int status = 0;
  rusage usage{};
  EXPECT_EQ(wait_for_pid(child, &status, 0, &usage), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(WaitForPid, FailsWithErrnoForAProcessThatIsNoChild) {
  errno = 0;
  EXPECT_EQ(wait_for_pid(::getpid()), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(WaitForPid, PassesOptionsOn) {
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  int status = 0;
  EXPECT_EQ(wait_for_pid(child, &status, WNOHANG), 0) << "still running";
  ASSERT_EQ(::kill(child, SIGSTOP), 0);
  EXPECT_EQ(wait_for_pid(child, &status, WUNTRACED), child);
  EXPECT_TRUE(WIFSTOPPED(status));
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  EXPECT_EQ(wait_for_pid(child, &status), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(WaitForPid, GoesOnAfterASignalInterruptsIt) {
  grade::testing::Interrupter interrupter;
  grade::testing::HeldChild held(5);
  const pid_t child = held.pid();
  ASSERT_NE(child, -1);

  std::atomic<bool> waited{false};
  pid_t got = 0;
  int status = 0;
  std::thread waiter([&] {
    got = wait_for_pid(child, &status);
    waited = true;
  });
  interrupter.interrupt(waiter);
  EXPECT_FALSE(waited.load()) << "an interrupted wait goes on";
  held.release();
  waiter.join();

  EXPECT_EQ(got, child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 5);
}

}  // namespace
}  // namespace grade

// A child reaped on a thread of its own (util/wait.h).
#include <cerrno>
#include <chrono>
#include <thread>

#include <signal.h>  // NOLINT: pthread_sigmask() is not in <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/held_child.h"
#include "util/wait.h"

namespace grade {
namespace {

// True once `pid` is no child of this process any more (reaped), false at the deadline.
bool reaped_within(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == -1 &&
        errno == ECHILD) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

TEST(ReapInBackground, TheChildIsReapedAndTheCallersMaskKept) {
  sigset_t before{};
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, nullptr, &before), 0);
  grade::testing::HeldChild held;
  const pid_t child = held.pid();
  ASSERT_NE(child, -1);
  reap_in_background(child);  // returns while the child still runs
  EXPECT_EQ(::kill(child, 0), 0) << "still running";
  held.release();
  EXPECT_TRUE(reaped_within(child, std::chrono::seconds(10))) << "left a zombie";

  sigset_t after{};
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, nullptr, &after), 0);
  for (int sig = 1; sig < SIGRTMIN; ++sig) {
    EXPECT_EQ(::sigismember(&after, sig), ::sigismember(&before, sig)) << "signal " << sig;
  }
}

}  // namespace
}  // namespace grade

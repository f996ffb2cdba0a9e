#include "cli/interrupt.h"

#include <csignal>

#include <poll.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace grade::cli {
namespace {

// Whether `fd` turns readable; the bound is only there so that a failure does not hang.
bool becomes_readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 10'000) == 1;
}

TEST(InterruptWatch, QuietUntilASignalComes) {
  const InterruptWatch watch;
  pollfd p{watch.cancel_fd(), POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 0), 0);
  EXPECT_FALSE(watch.interrupted());
}

TEST(InterruptWatch, TheFirstSigintMakesTheCancelFdReadable) {
  const InterruptWatch watch;
  ASSERT_EQ(::kill(::getpid(), SIGINT), 0);  // blocked: read by the watch, not fatal
  ASSERT_TRUE(becomes_readable(watch.cancel_fd()));
  EXPECT_TRUE(watch.interrupted());
  EXPECT_EQ(watch.exit_code(), 130);
}

TEST(InterruptWatch, SigtermToo) {
  const InterruptWatch watch;
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_TRUE(becomes_readable(watch.cancel_fd()));
  EXPECT_EQ(watch.exit_code(), 128 + SIGTERM);
}

TEST(InterruptWatchDeathTest, TheSecondSigintEndsTheProcessAtOnce) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        const InterruptWatch watch;
        (void)::kill(::getpid(), SIGINT);
        if (becomes_readable(watch.cancel_fd())) {
          (void)::kill(::getpid(), SIGINT);
        }
        ::pause();  // the watch's _exit ends it
      },
      ::testing::ExitedWithCode(130), "");
}

}  // namespace
}  // namespace grade::cli

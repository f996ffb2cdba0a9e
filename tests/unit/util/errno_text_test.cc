#include "util/errno_text.h"

#include <array>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace grade {
namespace {

TEST(ErrnoText, GivesDescriptionAndSymbolicName) {
  EXPECT_EQ(errno_text(ENOENT), "No such file or directory (ENOENT)");
  EXPECT_EQ(errno_text(EACCES), "Permission denied (EACCES)");
}

TEST(ErrnoText, UnknownNumbersAreNamedByValue) {
  EXPECT_EQ(errno_text(-1), "unknown error -1");
  EXPECT_EQ(errno_text(100000), "unknown error 100000");
  EXPECT_EQ(errno_description(100000), nullptr);
  EXPECT_EQ(errno_name(100000), nullptr);
}

TEST(ErrnoText, PartsAreTheStaticStrings) {
  EXPECT_STREQ(errno_description(EINTR), "Interrupted system call");
  EXPECT_STREQ(errno_name(EINTR), "EINTR");
}

// The point of the helper: concurrent callers each get their own, intact text, even for
// unknown numbers, which strerror() formats into a buffer it may share.
TEST(ErrnoText, IsSafeFromSeveralThreads) {
  constexpr std::size_t kThreads = 4;
  std::array<bool, kThreads> intact{};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &intact] {
      const int err = 100000 + static_cast<int>(t);
      const std::string want = "unknown error " + std::to_string(err);
      bool ok = true;
      for (int i = 0; i < 1000; ++i) {
        ok = ok && errno_text(err) == want;
      }
      intact[t] = ok;
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const bool ok : intact) {
    EXPECT_TRUE(ok);
  }
}

}  // namespace
}  // namespace grade

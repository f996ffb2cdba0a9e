// Where the time of a grading goes (util/timings.h).
#include "util/timings.h"

#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace grade::timings {
namespace {

TEST(Timings, MarksComeOutInOrderWithTheirTimes) {
  // Process-wide: marks of other tests may be in the table too, never between these.
  start();
  mark("before enabling: not kept");
  enable();
  mark("first phase of the test");
  std::thread([] { mark("second phase, on another thread"); }).join();
  const std::string text = table();
  EXPECT_TRUE(text.starts_with("phase (ended)")) << text;
  EXPECT_EQ(text.find("before enabling"), std::string::npos) << text;
  const auto first = text.find("first phase of the test");
  const auto second = text.find("second phase, on another thread");
  ASSERT_NE(first, std::string::npos) << text;
  ASSERT_NE(second, std::string::npos) << text;
  EXPECT_LT(first, second);
  // "phase   at   took", the times in milliseconds with two decimals.
  const std::string row = text.substr(first, text.find('\n', first) - first);
  EXPECT_NE(row.find('.'), std::string::npos) << row;
}

}  // namespace
}  // namespace grade::timings

// Test support: asserting that a message says something, and showing the whole message when
// it does not.
#pragma once

#include <string_view>

#include <gtest/gtest.h>

namespace grade::testing {

// EXPECT_TRUE(contains(error, "line 3, column 5")).
inline ::testing::AssertionResult contains(std::string_view text, std::string_view part) {
  if (text.find(part) != std::string_view::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "\"" << part << "\" is not in:\n" << text;
}

}  // namespace grade::testing

// Test support: the message of the spec error a reader throws, for asserting on wording.
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "util/error.h"

namespace grade::testing {

// The file name every reader in these tests is made with.
inline constexpr const char* kSpecFileName = "f.yaml";

// The message of the spec error `read` throws, without the leading file name, or "" if it
// throws none.
inline std::string spec_error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kSpec) << e.what();
    return std::string(e.what()).substr(std::string(kSpecFileName).size());
  }
  return "";
}

}  // namespace grade::testing

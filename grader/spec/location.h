// Where something was written in a course or exercise file, for error messages.
#pragma once

#include <string>

#include <fmt/format.h>

namespace grade::spec {

struct Location {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown

  std::string str() const {
    if (line <= 0) {
      return file;
    }
    return fmt::format("{}:{}:{}", file, line, column);
  }
};

}  // namespace grade::spec

// Test support: a pipe owned by two Fds, and reading a descriptor to its end.
#pragma once

#include <array>
#include <cerrno>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/fd.h"

namespace grade::testing {

struct Pipe {
  Fd read;
  Fd write;
};

enum class ReadEnd { kBlocking, kNonBlocking };

// Both ends close-on-exec; a non-blocking read end for code that polls it.
inline Pipe make_pipe(ReadEnd read_end = ReadEnd::kBlocking) {
  std::array<int, 2> ends{-1, -1};
  EXPECT_EQ(::pipe2(ends.data(), O_CLOEXEC), 0);
  if (read_end == ReadEnd::kNonBlocking) {
    EXPECT_EQ(::fcntl(ends[0], F_SETFL, O_NONBLOCK), 0);
  }
  return Pipe{Fd(ends[0]), Fd(ends[1])};
}

// Everything until end of file (or an error, or EAGAIN on a non-blocking fd).
inline std::string read_to_end(int fd) {
  std::string all;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == -1 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return all;
    }
    all.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace grade::testing

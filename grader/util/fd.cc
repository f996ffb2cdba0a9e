#include "util/fd.h"

#include <cerrno>

#include <unistd.h>

namespace grade {

void Fd::reset(int fd) {
  if (fd_ >= 0) {
    // close() may fail with EINTR, but on Linux the descriptor is released anyway.
    (void)::close(fd_);
  }
  fd_ = fd;
}

bool write_all(int fd, std::string_view data) noexcept {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n == -1 && errno == EINTR) {
      continue;
    }
    if (n == -1) {
      return false;
    }
    if (n == 0) {
      errno = EIO;  // no progress and no error: give up rather than spin
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool read_exactly(int fd, std::span<char> buffer) noexcept {
  while (!buffer.empty()) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n == -1 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      if (n == 0) {
        errno = 0;  // the end came first
      }
      return false;
    }
    buffer = buffer.subspan(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace grade

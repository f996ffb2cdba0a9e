// RAII owner of a POSIX file descriptor, and writing all of a buffer to one or reading one full.
#pragma once

#include <span>
#include <string_view>
#include <utility>

namespace grade {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset(std::exchange(other.fd_, -1));
    }
    return *this;
  }
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// Writes all of `data` to `fd`, going on after short writes and EINTR. False when a write
// fails (errno says why) or writes nothing (errno is EIO). Neither allocates nor locks: safe
// in a forked child before exec.
bool write_all(int fd, std::string_view data) noexcept;

// Fills all of `buffer` from `fd`, going on after short reads and EINTR. False when a read fails
// (errno says why) or the file ends first (errno is 0). Neither allocates nor locks.
bool read_exactly(int fd, std::span<char> buffer) noexcept;

}  // namespace grade

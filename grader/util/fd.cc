#include "util/fd.h"

#include <unistd.h>

namespace grade {

void Fd::reset(int fd) {
  if (fd_ >= 0) {
    // close() may fail with EINTR, but on Linux the descriptor is released anyway.
    (void)::close(fd_);
  }
  fd_ = fd;
}

}  // namespace grade

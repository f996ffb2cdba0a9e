// Test support: a forked child that runs until the test lets it go (closes its lifeline), then
// exits with the code it was given.
#pragma once

#include <sys/types.h>
#include <unistd.h>

namespace grade::testing {

class HeldChild {
 public:
  explicit HeldChild(int exit_code = 0) {
    int lifeline[2] = {-1, -1};
    if (::pipe(lifeline) != 0) {
      return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(lifeline[1]);
      char byte = 0;
      (void)!::read(lifeline[0], &byte, 1);  // until the test lets it end
      ::_exit(exit_code);
    }
    ::close(lifeline[0]);
    release_ = lifeline[1];
  }
  HeldChild(const HeldChild&) = delete;
  HeldChild& operator=(const HeldChild&) = delete;
  ~HeldChild() { release(); }

  // -1 when it could not be started.
  pid_t pid() const { return pid_; }

  // Lets it end.
  void release() {
    if (release_ != -1) {
      ::close(release_);
      release_ = -1;
    }
  }

 private:
  pid_t pid_ = -1;
  int release_ = -1;
};

}  // namespace grade::testing

#include "util/blocked_signals.h"

#include <cerrno>
#include <ctime>
#include <string>

#include <sys/signalfd.h>

#include "util/errno_text.h"
#include "util/error.h"

namespace grade {

BlockedSignals::BlockedSignals(const char* what) {
  sigemptyset(&mask_);
  sigaddset(&mask_, SIGINT);
  sigaddset(&mask_, SIGTERM);
  if (::pthread_sigmask(SIG_BLOCK, &mask_, &old_) != 0) {
    throw Error(ErrorKind::kInternal, std::string("cannot block signals for ") + what);
  }
  fd_ = Fd(::signalfd(-1, &mask_, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!fd_) {
    const int err = errno;
    (void)::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    throw Error(ErrorKind::kInternal, "cannot watch for signals: " + errno_text(err));
  }
}

BlockedSignals::~BlockedSignals() {
  fd_.reset();
  const timespec now{0, 0};
  while (::sigtimedwait(&mask_, nullptr, &now) > 0) {
  }
  (void)::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

}  // namespace grade

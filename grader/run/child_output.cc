#include "run/child_output.h"

#include <array>
#include <cerrno>
#include <string>

#include <fcntl.h>
#include <stdlib.h>  // NOLINT: posix_openpt and friends are not in <cstdlib>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "util/errno_text.h"

namespace grade::run {
namespace {

std::string failed(const char* what) { return std::string(what) + " failed: " + errno_text(errno); }

// The child dup2()s these onto 0, 1 and 2; an fd that already is 0..2 (when the grader was
// started with a standard stream closed) would be clobbered by an earlier dup2, and
// dup2(fd, fd) would keep close-on-exec set.
Expected<Fd> above_standard_fds(Fd fd) {
  if (fd.get() > STDERR_FILENO) {
    return fd;
  }
  Fd moved(::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1));
  if (!moved) {
    return unexpected(failed("fcntl(F_DUPFD_CLOEXEC)"));
  }
  return moved;
}

// The grader never blocks on a read: poll says when there is data, and the final drain after
// the run must not wait for a process that escaped the kill and still holds the stream.
Expected<void> set_nonblocking(const Fd& fd) {
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags == -1 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) == -1) {
    return unexpected(failed("fcntl(O_NONBLOCK)"));
  }
  return {};
}

// The common last steps: the child's end moved clear of fds 0-2 (so the child's dup2 onto them
// cannot clobber it), and the grader's end made non-blocking for the ppoll loop.
Expected<ChildOutput> with_child_end(ChildOutput out, Fd child) {
  auto child_end = above_standard_fds(std::move(child));
  if (!child_end) {
    return unexpected(child_end.error());
  }
  out.child_end = std::move(*child_end);
  if (auto nb = set_nonblocking(out.parent_end); !nb) {
    return unexpected(nb.error());
  }
  return out;
}

}  // namespace

Expected<ChildOutput> make_output_pipe() {
  std::array<int, 2> ends{};
  // Only the read end becomes non-blocking (set below, on its own file description): a
  // non-blocking write end would make the child's writes fail with EAGAIN.
  if (::pipe2(ends.data(), O_CLOEXEC) == -1) {
    return unexpected(failed("pipe2"));
  }
  ChildOutput out;
  out.parent_end = Fd(ends[0]);
  return with_child_end(std::move(out), Fd(ends[1]));
}

Expected<ChildOutput> make_output_terminal() {
  ChildOutput out;
  out.terminal = true;
  out.parent_end = Fd(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!out.parent_end) {
    return unexpected(failed("posix_openpt"));
  }
  if (::grantpt(out.parent_end.get()) == -1) {
    return unexpected(failed("grantpt"));
  }
  if (::unlockpt(out.parent_end.get()) == -1) {
    return unexpected(failed("unlockpt"));
  }
  std::array<char, 128> name{};
  if (const int rc = ::ptsname_r(out.parent_end.get(), name.data(), name.size()); rc != 0) {
    errno = rc;
    return unexpected(failed("ptsname_r"));
  }
  // O_NOCTTY: the terminal must not become the grader's controlling terminal.
  Fd slave(::open(name.data(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave) {
    return unexpected(failed("open(pty slave)"));
  }
  termios mode{};
  if (::tcgetattr(slave.get(), &mode) == -1) {
    return unexpected(failed("tcgetattr"));
  }
  // Raw: output bytes arrive exactly as written ("\n" stays "\n").
  ::cfmakeraw(&mode);
  if (::tcsetattr(slave.get(), TCSANOW, &mode) == -1) {
    return unexpected(failed("tcsetattr"));
  }
  // A terminal of 0x0 cells confuses programs that lay out text; 80x24 is the classic default.
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 80;
  if (::ioctl(slave.get(), TIOCSWINSZ, &size) == -1) {
    return unexpected(failed("ioctl(TIOCSWINSZ)"));
  }
  return with_child_end(std::move(out), std::move(slave));
}

Expected<Fd> open_dev_null() {
  Fd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return unexpected(failed("open(/dev/null)"));
  }
  return above_standard_fds(std::move(fd));
}

}  // namespace grade::run

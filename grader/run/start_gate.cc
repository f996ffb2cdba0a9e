#include "run/start_gate.h"

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/errno_text.h"

namespace grade::run {

Expected<StartGate> StartGate::create() {
  StartGate gate;
  // A socket pair rather than a pipe: send(MSG_NOSIGNAL) to a child that already died fails
  // with EPIPE instead of killing the grader with SIGPIPE.
  std::array<int, 2> go{-1, -1};
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go.data()) == -1) {
    return unexpected("socketpair failed: " + errno_text(errno));
  }
  gate.parent_go_.reset(go[0]);
  gate.child_go_.reset(go[1]);
  // Non-blocking read end: it is only read once the child is gone, and must not wait for
  // another run's child that inherited the write end between its fork and its exec.
  std::array<int, 2> error{-1, -1};
  if (::pipe2(error.data(), O_CLOEXEC) == -1) {
    return unexpected("pipe2 failed: " + errno_text(errno));
  }
  gate.error_read_.reset(error[0]);
  gate.error_write_.reset(error[1]);
  if (::fcntl(gate.error_read_.get(), F_SETFL, O_NONBLOCK) == -1) {
    return unexpected("fcntl failed: " + errno_text(errno));
  }
  return gate;
}

ChildGate StartGate::child_side() const {
  return ChildGate{child_go_.get(), parent_go_.get(), error_write_.get()};
}

void StartGate::close_child_side() {
  child_go_.reset();
  error_write_.reset();
}

Expected<void> StartGate::open() {
  const char go = 'g';
  for (;;) {
    const ssize_t sent = ::send(parent_go_.get(), &go, 1, MSG_NOSIGNAL);
    if (sent == 1) {
      return {};
    }
    if (sent == -1 && errno == EINTR) {
      continue;
    }
    return unexpected("could not let the program start: " + errno_text(errno));
  }
}

std::optional<ChildFailure> StartGate::exec_error() const {
  ChildFailure failure;
  // The child writes the record with one write() before it exits: all or nothing.
  ssize_t got = 0;
  do {
    got = ::read(error_read_.get(), &failure, sizeof failure);
  } while (got == -1 && errno == EINTR);
  if (got != static_cast<ssize_t>(sizeof failure)) {
    return std::nullopt;  // end of file (it exec'd) or nothing written (EAGAIN)
  }
  failure.step[sizeof failure.step - 1] = '\0';
  return failure;
}

}  // namespace grade::run

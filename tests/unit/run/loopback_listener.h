// Test support: a TCP listener on 127.0.0.1 at a free port, to see whether a restricted
// program can still reach the grader's network.
#pragma once

#include <cstdint>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "util/fd.h"

namespace grade::run::testing {

struct LoopbackListener {
  Fd fd;
  int port = 0;  // 0 when it could not be made
};

inline LoopbackListener listen_on_loopback() {
  LoopbackListener listener{Fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)), 0};
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof at;
  auto* address = reinterpret_cast<sockaddr*>(&at);
  if (!listener.fd || ::bind(listener.fd.get(), address, size) != 0 ||
      ::listen(listener.fd.get(), 4) != 0 ||
      ::getsockname(listener.fd.get(), address, &size) != 0) {
    return listener;
  }
  listener.port = ntohs(at.sin_port);
  return listener;
}

}  // namespace grade::run::testing

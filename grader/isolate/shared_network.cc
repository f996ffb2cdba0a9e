#include "isolate/shared_network.h"

#include <array>
#include <cerrno>
#include <mutex>
#include <string>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"
#include "util/wait.h"

namespace grade::isolate {
namespace {

// A forked child unshares a network namespace and stays in it until the grader has opened
// it through /proc/<child>/ns/net.
Expected<Fd> make_network_namespace() {
  std::array<int, 2> ready{};
  std::array<int, 2> release{};
  if (::pipe2(ready.data(), O_CLOEXEC) == -1) {
    return unexpected("pipe2: " + errno_text(errno));
  }
  const Fd ready_read(ready[0]);
  Fd ready_write(ready[1]);
  if (::pipe2(release.data(), O_CLOEXEC) == -1) {
    return unexpected("pipe2: " + errno_text(errno));
  }
  Fd release_read(release[0]);
  Fd release_write(release[1]);
  const pid_t child = ::fork();
  if (child == -1) {
    return unexpected("fork: " + errno_text(errno));
  }
  if (child == 0) {
    // Forked child of a possibly threaded grader: only async-signal-safe calls. Its copy of
    // the release pipe's write end goes, so that the grader's close alone ends the read.
    ::close(release[1]);
    const char made = ::unshare(CLONE_NEWNET) == 0 ? 1 : 0;
    (void)!::write(ready[1], &made, 1);
    char byte = 0;
    while (::read(release[0], &byte, 1) == -1 && errno == EINTR) {
    }
    ::_exit(0);
  }
  ready_write.reset();
  release_read.reset();
  char made = 0;
  ssize_t got = 0;
  while ((got = ::read(ready_read.get(), &made, 1)) == -1 && errno == EINTR) {
  }
  Fd ns;
  int error = 0;
  if (got == 1 && made == 1) {
    const std::string path = "/proc/" + std::to_string(child) + "/ns/net";
    ns = Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    error = errno;
  }
  release_write.reset();  // the child's read ends: it exits
  (void)wait_for_pid(child);
  if (got != 1 || made != 1) {
    return unexpected(std::string("unshare(CLONE_NEWNET) failed in the child"));
  }
  if (!ns) {
    return unexpected("opening the network namespace: " + errno_text(error));
  }
  return ns;
}

// This process's namespace and the process it belongs to (a forked child must not use it).
struct Shared {
  std::mutex mutex;
  pid_t owner = 0;
  Fd ns;
};

Shared& shared() {
  static Shared state;
  return state;
}

}  // namespace

Expected<int> shared_network_namespace() {
  Shared& state = shared();
  const std::lock_guard lock(state.mutex);
  if (state.owner != ::getpid() || !state.ns) {
    auto made = make_network_namespace();
    if (!made) {
      return unexpected(made.error());
    }
    state.ns = std::move(*made);  // one inherited from the process this one was forked from closes
    state.owner = ::getpid();
  }
  return state.ns.get();
}

void offer_network_namespace(Fd ns) {
  Shared& state = shared();
  const std::lock_guard lock(state.mutex);
  if (ns && (state.owner != ::getpid() || !state.ns)) {
    state.ns = std::move(ns);
    state.owner = ::getpid();
  }
}

}  // namespace grade::isolate

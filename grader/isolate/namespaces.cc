#include "isolate/namespaces.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolate/landlock.h"
#include "isolate/shared_network.h"
#include "util/errno_text.h"
#include "util/fd.h"
#include "util/wait.h"

namespace grade::isolate {
namespace {

bool write_file(const char* path, const char* text) noexcept {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd == -1) {
    return false;
  }
  const auto length = static_cast<ssize_t>(std::strlen(text));
  const bool ok = ::write(fd, text, static_cast<std::size_t>(length)) == length;
  const int error = errno;
  ::close(fd);
  errno = error;
  return ok;
}

// What a probe child reports: the step that failed (an index into its list) and errno.
struct Failure {
  int step = -1;
  int error = 0;
};

constexpr std::array<const char*, 6> kViewSteps = {
    "user namespace", "unshare(CLONE_NEWNS | CLONE_NEWIPC)", "mount --make-rprivate /",
    "mount tmpfs",    "mount devpts (newinstance)",          "mount proc"};

// What the probe child found: the first failing step of the private view, and of the network.
struct Findings {
  Failure view;
  Failure network;
};

// A probe child under way: it writes its Findings on `answer`, then waits until `release` is
// closed (the grader may open its namespaces meanwhile).
struct Started {
  NamespaceSupport support;  // what the child was told (the maps); its findings come later
  pid_t owner = 0;           // the process that forked it: only that one may collect it
  pid_t pid = -1;
  Fd answer;
  Fd release;
  int error = 0;  // the pipes or the fork failed
};

template <class Body>
Started in_child(NamespaceSupport support, Body body) {
  Started started;
  started.support = std::move(support);
  started.owner = ::getpid();
  std::array<int, 2> answer{};
  std::array<int, 2> release{};
  if (::pipe2(answer.data(), O_CLOEXEC) == -1 || ::pipe2(release.data(), O_CLOEXEC) == -1) {
    started.error = errno;  // (an answer pipe made without a release pipe is left: rare)
    return started;
  }
  started.answer = Fd(answer[0]);
  started.release = Fd(release[1]);
  const Fd answer_write(answer[1]);
  const Fd release_read(release[0]);
  started.pid = ::fork();
  if (started.pid == 0) {
    // Forked child of a possibly threaded grader: only async-signal-safe calls.
    ::close(release[1]);
    const Findings found = body(started.support);
    (void)!::write(answer[1], &found, sizeof found);
    char byte = 0;
    while (::read(release[0], &byte, 1) == -1 && errno == EINTR) {
    }
    ::_exit(0);
  }
  if (started.pid == -1) {
    started.error = errno;
  }
  return started;
}

// The child's findings, after `look(child, findings)` (which may open its namespaces); the
// child is then let go and reaped in the background (its end tears down its namespaces).
template <class Look>
Findings collect(Started& started, Look look) {
  Findings found{};
  ssize_t got = -1;
  if (started.pid > 0) {
    while ((got = ::read(started.answer.get(), &found, sizeof found)) == -1 && errno == EINTR) {
    }
  }
  if (got != static_cast<ssize_t>(sizeof found)) {
    const int error = started.pid > 0 ? ECHILD : started.error;
    found = {{0, error}, {0, error}};
  } else {
    look(started.pid, found);
  }
  started.release.reset();  // the child's read ends: it exits
  started.answer.reset();
  if (started.pid > 0) {
    reap_in_background(started.pid);
    started.pid = -1;
  }
  return found;
}

std::optional<std::string> describe(const Failure& failed, const char* step) {
  if (failed.step < 0) {
    return std::nullopt;
  }
  return fmt::format("{}: {}", step, errno_text(failed.error));
}

}  // namespace

const char* enter_user_namespace(const std::string& uid_map, const std::string& gid_map) noexcept {
  if (::unshare(CLONE_NEWUSER) == -1) {
    return "unshare(CLONE_NEWUSER)";
  }
  // An unprivileged process may map only its own ids, and its gid only after giving up
  // setgroups (which could otherwise drop a group that denies it access).
  if (!write_file("/proc/self/setgroups", "deny")) {
    return "writing /proc/self/setgroups";
  }
  if (!write_file("/proc/self/uid_map", uid_map.c_str())) {
    return "writing /proc/self/uid_map";
  }
  if (!write_file("/proc/self/gid_map", gid_map.c_str())) {
    return "writing /proc/self/gid_map";
  }
  return nullptr;
}

namespace {

// One child for both, as a run would do it: the user namespace first, then the network, then
// the mount and IPC namespaces and the kinds of mount the view needs.
Findings try_namespaces(const NamespaceSupport& support) noexcept {
  const auto fail = [](int step) { return Failure{step, errno}; };
  if (support.user_namespace && enter_user_namespace(support.uid_map, support.gid_map) != nullptr) {
    return {fail(0), fail(0)};
  }
  const Failure network = ::unshare(CLONE_NEWNET) == -1 ? fail(1) : Failure{};
  if (::unshare(CLONE_NEWNS | CLONE_NEWIPC) == -1) {
    return {fail(1), network};
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == -1) {
    return {fail(2), network};
  }
  if (::mount("tmpfs", "/tmp", "tmpfs", 0, "size=64k") == -1 || ::mkdir("/tmp/pts", 0755) == -1 ||
      ::mkdir("/tmp/proc", 0755) == -1) {
    return {fail(3), network};
  }
  if (::mount("devpts", "/tmp/pts", "devpts", 0, "newinstance,ptmxmode=0666,max=4") == -1) {
    return {fail(4), network};
  }
  const int proc = support.fresh_proc
                       ? ::mount("proc", "/tmp/proc", "proc", 0, "hidepid=invisible")
                       : ::mount("/proc", "/tmp/proc", nullptr, MS_BIND | MS_REC, nullptr);
  return {proc == -1 ? fail(5) : Failure{}, network};
}

Started start_probe(uid_t uid, gid_t gid) {
  NamespaceSupport support;
  support.user_namespace = uid != 0;
  support.uid_map = fmt::format("{} {} 1", uid, uid);
  support.gid_map = fmt::format("{} {} 1", gid, gid);
  support.fresh_proc = uid == 0;
  return in_child(std::move(support), try_namespaces);
}

NamespaceSupport finish_probe(Started& started, Fd* network_out) {
  const Findings found = collect(started, [&](pid_t child, const Findings& findings) {
    // The empty network namespace the probe made is as good as any for the runs: kept, it
    // saves making another (shared_network.h).
    if (network_out != nullptr && findings.network.step < 0) {
      const std::string path = fmt::format("/proc/{}/ns/net", child);
      *network_out = Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    }
  });
  NamespaceSupport support = started.support;
  support.private_view_problem =
      describe(found.view, kViewSteps.at(static_cast<std::size_t>(std::max(found.view.step, 0))));
  support.network_problem =
      describe(found.network, found.network.step == 0 ? "user namespace" : "unshare(CLONE_NEWNET)");
  support.landlock_abi = landlock_abi();
  return support;
}

// This process's probe, started on first use (start_namespace_probe or namespace_support).
Started& pending_probe() {
  static Started started = start_probe(::geteuid(), ::getegid());
  return started;
}

}  // namespace

NamespaceSupport probe_namespaces(uid_t uid, gid_t gid, Fd* network_out) {
  Started started = start_probe(uid, gid);
  return finish_probe(started, network_out);
}

void start_namespace_probe() { (void)pending_probe(); }

const NamespaceSupport& namespace_support() {
  static const NamespaceSupport support = [] {
    // Only a root grader's runs enter a namespace of the grader's (a normal user's would
    // belong to the probe's user namespace).
    Fd network;
    const uid_t uid = ::geteuid();
    Started& started = pending_probe();
    if (started.owner != ::getpid()) {
      // Started by the process this one was forked from, and that one's to collect: only
      // this copy of its pipes is closed (the child waits for every copy of the release end).
      started.answer.reset();
      started.release.reset();
      started = start_probe(uid, ::getegid());
    }
    NamespaceSupport found = finish_probe(started, uid == 0 ? &network : nullptr);
    if (network) {
      offer_network_namespace(std::move(network));
    }
    return found;
  }();
  return support;
}

}  // namespace grade::isolate

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

// Runs `body` in a forked child, which writes its Findings on the pipe and then waits until
// the grader has called `look(child, findings)` (which may open the child's namespaces).
template <class Body, class Look>
Findings in_child(Body body, Look look) {
  std::array<int, 2> pipe{};
  std::array<int, 2> release{};
  if (::pipe2(pipe.data(), O_CLOEXEC) == -1) {
    return {{0, errno}, {0, errno}};
  }
  if (::pipe2(release.data(), O_CLOEXEC) == -1) {
    const int error = errno;
    ::close(pipe[0]);
    ::close(pipe[1]);
    return {{0, error}, {0, error}};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Forked child of a possibly threaded grader: only async-signal-safe calls.
    ::close(release[1]);
    const Findings found = body();
    (void)!::write(pipe[1], &found, sizeof found);
    char byte = 0;
    while (::read(release[0], &byte, 1) == -1 && errno == EINTR) {
    }
    ::_exit(0);
  }
  ::close(pipe[1]);
  ::close(release[0]);
  Findings failed{};
  if (pid == -1 || ::read(pipe[0], &failed, sizeof failed) != sizeof failed) {
    const int error = pid == -1 ? errno : ECHILD;
    failed = {{0, error}, {0, error}};
  } else {
    look(pid, failed);
  }
  ::close(release[1]);  // the child's read ends: it exits
  ::close(pipe[0]);
  if (pid > 0) {
    reap_in_background(pid);  // its end tears down its namespaces: nothing to wait for
  }
  return failed;
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

NamespaceSupport probe_namespaces(uid_t uid, gid_t gid, Fd* network_out) {
  NamespaceSupport support;
  support.user_namespace = uid != 0;
  support.uid_map = fmt::format("{} {} 1", uid, uid);
  support.gid_map = fmt::format("{} {} 1", gid, gid);
  support.fresh_proc = uid == 0;
  const auto enter = [&support]() noexcept {
    return !support.user_namespace ||
           enter_user_namespace(support.uid_map, support.gid_map) == nullptr;
  };
  // One child for both, as a run would do it: the user namespace first, then the network,
  // then the mount and IPC namespaces and the kinds of mount the view needs.
  const Findings found = in_child(
      [&]() noexcept -> Findings {
        const auto fail = [](int step) { return Failure{step, errno}; };
        if (!enter()) {
          return {fail(0), fail(0)};
        }
        const Failure network = ::unshare(CLONE_NEWNET) == -1 ? fail(1) : Failure{};
        if (::unshare(CLONE_NEWNS | CLONE_NEWIPC) == -1) {
          return {fail(1), network};
        }
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == -1) {
          return {fail(2), network};
        }
        if (::mount("tmpfs", "/tmp", "tmpfs", 0, "size=64k") == -1 ||
            ::mkdir("/tmp/pts", 0755) == -1 || ::mkdir("/tmp/proc", 0755) == -1) {
          return {fail(3), network};
        }
        if (::mount("devpts", "/tmp/pts", "devpts", 0, "newinstance,ptmxmode=0666,max=4") == -1) {
          return {fail(4), network};
        }
        const int proc = support.fresh_proc
                             ? ::mount("proc", "/tmp/proc", "proc", 0, "hidepid=invisible")
                             : ::mount("/proc", "/tmp/proc", nullptr, MS_BIND | MS_REC, nullptr);
        return {proc == -1 ? fail(5) : Failure{}, network};
      },
      [&](pid_t child, const Findings& findings) {
        // The empty network namespace the probe made is as good as any for the runs: kept, it
        // saves making another (shared_network.h).
        if (network_out != nullptr && findings.network.step < 0) {
          const std::string path = fmt::format("/proc/{}/ns/net", child);
          *network_out = Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        }
      });
  support.private_view_problem =
      describe(found.view, kViewSteps.at(static_cast<std::size_t>(std::max(found.view.step, 0))));
  support.network_problem =
      describe(found.network, found.network.step == 0 ? "user namespace" : "unshare(CLONE_NEWNET)");
  support.landlock_abi = landlock_abi();
  return support;
}

const NamespaceSupport& namespace_support() {
  static const NamespaceSupport support = [] {
    // Only a root grader's runs enter a namespace of the grader's (a normal user's would
    // belong to the probe's user namespace).
    Fd network;
    const uid_t uid = ::geteuid();
    NamespaceSupport found = probe_namespaces(uid, ::getegid(), uid == 0 ? &network : nullptr);
    if (network) {
      offer_network_namespace(std::move(network));
    }
    return found;
  }();
  return support;
}

}  // namespace grade::isolate

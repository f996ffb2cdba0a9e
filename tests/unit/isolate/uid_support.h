// Helpers for tests of run uids: sleepers started as a given uid, and what /proc says of them.
#pragma once

#include <array>
#include <cerrno>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>  // setgroups
#include <sys/wait.h>
#include <unistd.h>

#include "run/process_group.h"  // the namespace used below, and for the includers
#include "util/proc_info.h"

namespace grade::isolate::testing {
// These tests start real runs: the runner and its test helpers are theirs to use.
using namespace ::grade::run;  // NOLINT(google-build-using-namespace)

// A test range no grading uses unless asked to (--run-uids), coordinated through the real
// lock folder all the same. The uids after it are each kept for one test alone.
inline constexpr uid_t kTestFirstUid = 61000;
inline constexpr uid_t kTestLastUid = 61096;
inline constexpr uid_t kSweptStateUid = 61097;
inline constexpr uid_t kCrashedStateUid = 61098;
inline constexpr uid_t kLeftoverUid = 61099;

// Starts `sleep 60` as `uid` (no groups, NO_NEW_PRIVS as a run has): as a child of ours, or,
// with `detach`, as a daemon (setsid and a second fork, re-parented when its parent exits).
// Returns its PID once it has exec'd (so it runs as `uid`), or -1.
inline pid_t start_sleeper(uid_t uid, bool detach) {
  std::array<int, 2> pipe_fds{};
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) == -1) {
    return -1;
  }
  const auto become_and_sleep = [&] {
    if (::setgroups(0, nullptr) == 0 && ::setresgid(uid, uid, uid) == 0 &&
        ::setresuid(uid, uid, uid) == 0) {
      ::execl("/bin/sleep", "sleep", "60", nullptr);
    }
    ::_exit(127);
  };
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    if (!detach) {
      become_and_sleep();
    }
    if (::setsid() == -1) {
      ::_exit(126);
    }
    const pid_t daemon = ::fork();
    if (daemon == 0) {
      become_and_sleep();
    }
    (void)!::write(pipe_fds[1], &daemon, sizeof daemon);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  pid_t pid = detach ? -1 : child;
  if (detach && ::read(pipe_fds[0], &pid, sizeof pid) != sizeof pid) {
    pid = -1;
  }
  // End of file once every copy of the write end is gone: the sleeper has exec'd (close on
  // exec), so it runs as `uid` now.
  char byte = 0;
  while (::read(pipe_fds[0], &byte, 1) > 0) {
  }
  ::close(pipe_fds[0]);
  if (detach && child > 0) {
    int status = 0;
    (void)::waitpid(child, &status, 0);
  }
  return child > 0 ? pid : -1;
}

// Alive: exists and is not a zombie.
inline bool alive(pid_t pid) {
  const auto ids = read_process_uids(pid);
  return ids && !ids->zombie;
}

// PIDs of the live processes whose real uid is `uid`.
inline std::vector<pid_t> live_processes_of(uid_t uid) {
  std::vector<pid_t> found;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) {
    return found;
  }
  while (const dirent* entry = ::readdir(proc)) {  // NOLINT(concurrency-mt-unsafe): our own DIR
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    const auto ids = pid > 0 ? read_process_uids(pid) : Expected<ProcessUids>(unexpected(""));
    if (ids && ids->real == uid && !ids->zombie) {
      found.push_back(pid);
    }
  }
  ::closedir(proc);
  return found;
}

}  // namespace grade::isolate::testing

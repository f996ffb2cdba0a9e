// Runs a program under Restrictions the way the runner will: fork, apply_in_child, exec. A
// small stand-in for the runner (not yet wired to the restrictions), with a wall-time bound
// and the whole process group killed at the end, so no test leaves a process behind.
#pragma once

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/child_restrictions.h"
#include "run/run_result.h"
#include "run/run_test_support.h"
#include "util/errno_text.h"
#include "util/wait.h"

namespace grade::isolate::testing {
// These tests start real runs: the runner and its test helpers are theirs to use.
using namespace ::grade::run;           // NOLINT(google-build-using-namespace)
using namespace ::grade::run::testing;  // NOLINT(google-build-using-namespace)

inline std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> array;
  array.reserve(strings.size() + 1);
  for (std::string& s : strings) {
    array.push_back(s.data());
  }
  array.push_back(nullptr);
  return array;
}

// Fills exit/signal, out, err, timed_out, wall_seconds, cpu_seconds and max_rss_bytes (from
// wait4, as the runner should). spawn_error is set when fork or the pipes fail.
inline RunResult run_restricted(std::vector<std::string> argv, const Restrictions& restrictions,
                                const std::filesystem::path& cwd,
                                std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  RunResult result;
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "PYTHONDONTWRITEBYTECODE=1",
                                  "HOME=" + cwd.string()};
  std::vector<char*> argv_c = c_strings(argv);
  std::vector<char*> env_c = c_strings(env);
  const std::string dir = cwd.string();
  std::array<int, 2> out{};
  std::array<int, 2> err{};
  if (::pipe2(out.data(), O_CLOEXEC) == -1 || ::pipe2(err.data(), O_CLOEXEC) == -1) {
    result.spawn_error = "pipe2: " + errno_text(errno);
    return result;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    if (::setpgid(0, 0) == -1 || ::dup2(out[1], 1) == -1 || ::dup2(err[1], 2) == -1 ||
        ::chdir(dir.c_str()) == -1) {
      ::_exit(126);
    }
    if (const char* step = apply_in_child(restrictions); step != nullptr) {
      const char* name = errno_name(errno);
      (void)!::write(2, step, std::strlen(step));
      (void)!::write(2, ": ", 2);
      (void)!::write(2, name != nullptr ? name : "?", std::strlen(name != nullptr ? name : "?"));
      ::_exit(127);
    }
    ::execve(argv_c[0], argv_c.data(), env_c.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  if (pid == -1) {
    result.spawn_error = "fork: " + errno_text(errno);
    ::close(out[0]);
    ::close(err[0]);
    return result;
  }
  result.pid = pid;
  std::array<pollfd, 2> fds = {pollfd{out[0], POLLIN, 0}, pollfd{err[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks = {&result.out.data, &result.err.data};
  const auto deadline = start + limit;
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const int ready =
        ::poll(fds.data(), fds.size(),
               result.timed_out ? -1 : std::max<int>(0, static_cast<int>(left.count())));
    if (ready == 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);  // the pipes then reach EOF
      continue;
    }
    if (ready == -1) {
      if (errno == EINTR) {
        continue;
      }
      ADD_FAILURE() << "poll: " << errno_text(errno);
      ::kill(-pid, SIGKILL);
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd >= 0 && fds[i].revents != 0) {
        std::array<char, 65536> buffer{};
        const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
        if (n > 0) {
          sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          ::close(fds[i].fd);
          fds[i].fd = -1;
        }
      }
    }
  }
  for (const pollfd& p : fds) {
    if (p.fd >= 0) {
      ::close(p.fd);
    }
  }
  int status = 0;
  rusage usage{};
  (void)wait_for_pid(pid, &status, 0, &usage);
  (void)::kill(-pid, SIGKILL);  // anything of the group still alive (ESRCH when none)
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  result.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  result.max_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // KiB on Linux
  return result;
}

}  // namespace grade::isolate::testing

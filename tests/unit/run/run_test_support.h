// Helpers for tests that start real processes.
#pragma once

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "run/command.h"
#include "run/run_result.h"

namespace grade::run::testing {

inline std::filesystem::path program_fixture(std::string_view name) {
  return std::filesystem::path(GRADE_TEST_FIXTURES) / "programs" / name;
}

// /usr/bin/python3 rather than whatever "python3" is on PATH: the same interpreter on every
// machine, and no pyenv shim forking helpers inside the run.
inline constexpr const char* kPython = "/usr/bin/python3";

inline Command shell_command(std::string script,
                             std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  Command command;
  command.argv = {"/bin/sh", "-c", std::move(script)};
  command.cwd = "/";
  command.env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  command.wall_limit = limit;
  return command;
}

inline Command python_command(std::string_view fixture,
                              std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  Command command;
  command.argv = {kPython, program_fixture(fixture).string()};
  command.cwd = "/";
  command.env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "PYTHONDONTWRITEBYTECODE=1"};
  command.wall_limit = limit;
  return command;
}

// The runner's promise: when run() returns, no process of the run's group is left, and the
// grader has no child left either (not even a zombie).
inline void expect_nothing_left(const RunResult& result) {
  if (result.pid > 0) {
    const int rc = ::kill(-result.pid, 0);
    const int error = errno;
    EXPECT_EQ(rc, -1) << "a process of group " << result.pid << " survived";
    EXPECT_EQ(error, ESRCH);
  }
  siginfo_t info{};
  const int rc = ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT);
  const int error = errno;
  EXPECT_EQ(rc, -1) << "child " << info.si_pid << " was left behind";
  EXPECT_EQ(error, ECHILD);
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace grade::run::testing

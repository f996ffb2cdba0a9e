// Test support: runs a shell command and captures its exit status and output (stdout and
// stderr together), for tests that hand a report to an outside validator.
#pragma once

#include <array>
#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace grade::testing {

struct ShellResult {
  int exit_status = -1;  // -1: could not run, or ended by a signal
  std::string output;
};

inline ShellResult run_shell(const std::string& command) {
  ShellResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return result;
  }
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    result.output += buffer.data();
  }
  const int status = ::pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `s` in single quotes for the shell.
inline std::string shell_quote(const std::string& s) {
  std::string quoted = "'";
  for (const char c : s) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

}  // namespace grade::testing

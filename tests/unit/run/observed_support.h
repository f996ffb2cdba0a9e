// Helpers for tests of observed (traced) runs.
#pragma once

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <signal.h>  // NOLINT: kill() is not in <csignal>

#include <gtest/gtest.h>

#include "run/run_result.h"
#include "run_test_support.h"

namespace grade::run::testing {

// The numbers after `word` at the start of lines of `text` ("worker 123").
inline std::vector<int> pids_after(std::string_view text, std::string_view word) {
  std::vector<int> pids;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(std::string(word) + " ", 0) == 0) {
      pids.push_back(std::stoi(line.substr(word.size() + 1)));
    }
  }
  return pids;
}

inline bool contains(const std::vector<int>& pids, int pid) {
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// State, PPid and TracerPid of a process, to say why it is still there.
inline std::string proc_status(int pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  std::string found;
  while (std::getline(file, line)) {
    if (line.rfind("State", 0) == 0 || line.rfind("PPid", 0) == 0 ||
        line.rfind("TracerPid", 0) == 0) {
      found += line + "; ";
    }
  }
  return found;
}

// Nothing the run created is left: every process the tracer saw is gone (not even a zombie
// of ours), and the grader has no child left.
inline void expect_everything_gone(const RunResult& result) {
  for (const Task& task : result.observed.tasks) {
    EXPECT_TRUE(task.end_seconds.has_value()) << "end of task " << task.tid << " not seen";
    const int rc = ::kill(task.pid, 0);
    const int error = errno;
    EXPECT_EQ(rc, -1) << "process " << task.pid << " survived: " << proc_status(task.pid);
    EXPECT_EQ(error, ESRCH) << "process " << task.pid;
  }
  expect_nothing_left(result);
}

}  // namespace grade::run::testing

// Test support for cli/: a small course in a temporary folder, and a Context over it that keeps
// what commands print. Exercise `alpha` (4 points, one of them a hidden check, wall time 2 s)
// has a Python starter; `beta` (2 points) takes the course's limits and repeat count.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "cli/context.h"
#include "spec/course_loader.h"
#include "util/error.h"
#include "util/temp_dir.h"

namespace grade::cli::testing {

inline constexpr const char* kCourseYaml = R"(id: cli-test
title: A course for the command line
repeat: 2
limits:
  wall_time: 4s
languages:
  python:
    extensions: [".py"]
    interpreter: python3
    run: ["{interpreter}", "{source}"]
exercises: [alpha, beta]
)";

inline constexpr const char* kAlphaYaml = R"(id: alpha
title: Print a PID
prompt: Print the PID of your process.
contract: "Process ID: <pid>"
repeat: 1
limits:
  wall_time: 2s
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
checks:
  - id: exits
    title: Exits normally
    exit: {code: 0}
  - id: one-line
    title: One PID line
    points: 2
    count: {of: pid_line, equals: 1}
  - id: secret
    title: The secret check
    points: 1
    hidden: true
    count: {of: pid_line, at_least: 1}
)";

inline constexpr const char* kBetaYaml = R"(id: beta
title: Print two PIDs
prompt: Print two PIDs.
contract: "Process ID: <pid>"
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
checks:
  - id: two-lines
    title: Two PID lines
    points: 2
    count: {of: pid_line, equals: 2}
)";

inline constexpr const char* kAlphaStarter = "# Print your PID here.\n";

// The message of the grade::Error that `run` throws, after checking its kind; "" if none.
inline std::string error_of(const std::function<void()>& run, ErrorKind kind) {
  try {
    run();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

class CliCourse {
 public:
  CliCourse() {
    std::filesystem::create_directories(root() / "exercises");
    std::filesystem::create_directories(root() / "templates" / "python");
    std::filesystem::create_directories(work());
    std::ofstream(root() / "course.yaml") << kCourseYaml;
    std::ofstream(root() / "exercises" / "alpha.yaml") << kAlphaYaml;
    std::ofstream(root() / "exercises" / "beta.yaml") << kBetaYaml;
    std::ofstream(root() / "templates" / "python" / "alpha.py") << kAlphaStarter;
  }

  std::filesystem::path root() const { return dir_.path() / "course"; }
  // The current folder of the commands: beside the course, not in it.
  std::filesystem::path work() const { return dir_.path() / "work"; }

  // Loads the course as it is on disk now.
  Context context() {
    return Context{spec::load_course(root() / "course.yaml"), work(), out_, err_};
  }

  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 private:
  TempDir dir_ = TempDir::create("grade-cli-").value();
  std::ostringstream out_;
  std::ostringstream err_;
};

}  // namespace grade::cli::testing

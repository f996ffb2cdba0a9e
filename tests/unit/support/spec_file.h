// Test support: writes YAML text to a temporary file and loads it as an exercise spec.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "spec/exercise.h"
#include "spec/exercise_loader.h"
#include "util/temp_dir.h"

namespace grade::testing {

class SpecFile {
 public:
  explicit SpecFile(const std::string& yaml, const std::string& name = "ex.yaml")
      : dir_(TempDir::create("grade-test-").value()), path_(dir_.path() / name) {
    std::ofstream(path_) << yaml;
  }
  const std::filesystem::path& path() const { return path_; }
  spec::Exercise load() const { return spec::load_exercise(path_); }

 private:
  TempDir dir_;
  std::filesystem::path path_;
};

// The head of a spec with one extractor, `pid_line` (capture `pid`): append the checks.
inline const char* const kPidLineSpecHead = R"(id: ex
title: t
prompt: p
contract: c
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
checks:
)";

// The head of a spec in the shape of ex2, with one extractor, `thread_line` (captures `name`
// and `pid`): append the checks.
inline const char* const kThreadLineSpecHead = R"(id: ex2
title: t
prompt: p
contract: c
extract:
  thread_line:
    pattern: 'Thread name: (?P<name>.+), Process ID: (?P<pid>[0-9]+)'
    label: '"Thread name: <name>, Process ID: <pid>" lines'
checks:
)";

// A small exercise in the shape of ex1, used by several test files.
inline const char* const kProcessesSpec = R"(id: ex1
title: Three processes
prompt: Start three processes.
contract: "Process ID: <pid>"
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
    label: "`Process ID: <pid>` lines"
    near: '(?i).*process.*id.*'
checks:
  - id: exits
    title: Exits normally
    exit: {code: 0}
    hint: Do not crash.
  - id: three-lines
    title: Three PID lines
    points: 2
    count: {of: pid_line, equals: 3}
    hint: One line per process.
  - id: distinct
    title: Three different PIDs
    points: 3
    distinct: {of: pid_line.pid, equals: 3}
    depends_on: [three-lines]
    hint: Use processes, not threads.
  - id: not-parent
    title: Not the parent's PID
    each: {of: pid_line.pid, op: "!=", fact: run.pid}
    depends_on: three-lines
)";

}  // namespace grade::testing

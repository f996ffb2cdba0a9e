// The one exception type of the project, and the exit codes it maps to.
//
// Low-level code returns Expected<T>; the layer that knows what the user asked
// for turns a failure into an Error with context ("file:line: message") and
// main() catches it once.
#pragma once

#include <stdexcept>
#include <string>

namespace grade {

// Documented exit codes of the `grade` binary (README.md, "Exit codes").
enum class ExitCode : int {
  kPassed = 0,    // every check of every run passed
  kFailed = 1,    // the submission was graded and did not pass
  kUsage = 2,     // bad command line, or a broken course/spec file
  kInternal = 3,  // the grader itself could not do its job
  // Ctrl-C stopped a grading: 128 + SIGINT, as a shell reports it (128 + N for signal N)
  kInterrupted = 130,
};

enum class ErrorKind {
  kUsage,     // the user asked for something that does not exist or makes no sense
  kSpec,      // a course or exercise file is invalid
  kInternal,  // a system call or invariant failed
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

  ErrorKind kind() const { return kind_; }
  ExitCode exit_code() const {
    return kind_ == ErrorKind::kInternal ? ExitCode::kInternal : ExitCode::kUsage;
  }

 private:
  ErrorKind kind_;
};

}  // namespace grade

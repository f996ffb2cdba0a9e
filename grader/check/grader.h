// Grades one submission against one exercise: builds it, runs it `repeat` times in fresh
// working folders, evaluates the checks after each run and stops at the first failing run.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "check/machine.h"
#include "check/result.h"
#include "isolate/sandbox.h"
#include "run/runner.h"
#include "spec/course.h"
#include "spec/exercise.h"

namespace grade::check {

// Where a grading is, for a progress line: before the build, the analysis, each run.
struct Progress {
  enum class Phase { kBuild, kAnalysis, kRun };
  Phase phase = Phase::kRun;
  int run = 0;  // kRun: this one (from 1) of `of`
  int of = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

// The complete environment of a submission run in `work_dir` ("KEY=VALUE" entries).
using EnvironmentFn =
    std::function<std::vector<std::string>(const std::filesystem::path& work_dir)>;

struct GradeRequest {
  const spec::Course* course = nullptr;
  const spec::Exercise* exercise = nullptr;
  const spec::Language* language = nullptr;
  std::filesystem::path submission;  // the student's file
  // Set (a batch's class folder): the submission must lie inside it with no symbolic link
  // on the way, so one student's folder cannot lead to another's. Empty: only the file
  // itself must not be a link.
  std::filesystem::path submission_root;
  std::filesystem::path interpreter;  // resolved interpreter; empty when the language has none
  std::filesystem::path compiler;     // resolved compiler; empty when the language has none
  // Who the build tool is (run/tool_identity.h), for the build cache: a changed compiler or
  // interpreter is a changed build.
  std::string tool_identity;
  int repeat = 1;
  spec::Limits limits;
  std::filesystem::path
      cache_dir;  // remembers successful builds (check/build_cache.h); empty: none
  // Trace every run to see the processes and threads it creates (run/observation.h).
  bool observe = true;
  // Who runs the submission and whether it has a network, decided once by the caller
  // (run/sandbox.h); the per-process resource limits come from `limits`.
  isolate::SandboxPlan sandbox;
  // Sentences for the report about how this grading differs from the usual one (isolation
  // not available here, another interpreter chosen); copied into GradeResult::notes.
  std::vector<std::string> notes;
  // The same on every grading of this machine; copied into GradeResult::setup_notes.
  std::vector<std::string> setup_notes;
  // The facts run.cpus and run.online_cpus of the machine the runs run on.
  Machine machine;
  // Told before each step that runs a program; empty: nobody listens.
  ProgressFn progress;
  // Not owned; -1: none. Readable: the grading stops, the run in progress ended as on a timeout
  // (run::Command::cancel_fd), and the result says interrupted.
  int cancel_fd = -1;
};

class Grader {
 public:
  Grader(run::CommandRunner& runner, EnvironmentFn environment)
      : runner_(runner), environment_(std::move(environment)) {}

  // Never throws for anything the submission does; problems of the grader itself (no temporary
  // folder, a program that cannot be started) give status kError with a message.
  GradeResult grade(const GradeRequest& request);

 private:
  run::CommandRunner& runner_;
  EnvironmentFn environment_;
};

// What the placeholders of a language's command templates stand for in one grading.
struct Placeholders {
  std::filesystem::path interpreter;
  std::filesystem::path compiler;
  std::string source;  // the submission's file name in the run folder ("ex1.cpp")

  std::string stem() const;  // "ex1"
};

// Replaces {interpreter}, {compiler}, {source} and {stem} in a command template.
std::vector<std::string> expand_command(const std::vector<std::string>& pattern,
                                        const Placeholders& values);

}  // namespace grade::check

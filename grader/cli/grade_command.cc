#include "cli/grade_command.h"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "check/grader.h"
#include "report/gradescope_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/text_report.h"
#include "run/environment.h"
#include "run/interpreter.h"
#include "run/process_runner.h"
#include "run/sandbox.h"
#include "util/error.h"

extern char** environ;  // NOLINT: POSIX global

namespace grade::cli {

namespace {

// The submission to grade: as named, or EXERCISE.<ext> in the current folder.
std::filesystem::path find_submission(const Context& ctx, const GradeOptions& options) {
  if (options.submission) {
    std::filesystem::path path = ctx.cwd / *options.submission;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw Error(ErrorKind::kUsage, fmt::format("no such file: {}", *options.submission));
    }
    return path;
  }
  for (const spec::Language& language : ctx.course.languages) {
    for (const std::string& extension : language.extensions) {
      const std::filesystem::path candidate = ctx.cwd / (options.exercise + extension);
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec)) {
        return candidate;
      }
    }
  }
  const std::string extension = ctx.course.languages.front().extensions.front();
  throw Error(
      ErrorKind::kUsage,
      fmt::format("no {}{} in this folder; start one with `grade init {}`, or name the file: "
                  "grade {} path/to/file{}",
                  options.exercise, extension, options.exercise, options.exercise, extension));
}

std::filesystem::path interpreter_for(const spec::Language& language, const GradeOptions& options,
                                      const run::InterpreterOptions& lookup) {
  if (options.interpreter) {
    // Relative to where the user typed it, not to the run's temporary folder.
    return std::filesystem::absolute(*options.interpreter);
  }
  if (language.interpreter.empty()) {
    return {};
  }
  auto resolved = run::resolve_interpreter(language.interpreter, lookup);
  if (!resolved) {
    // The machine's set-up, not the submission or the command line: exit code 3.
    throw Error(ErrorKind::kInternal,
                fmt::format("cannot use the {} interpreter '{}': {}", language.id,
                            language.interpreter, resolved.error()));
  }
  return *resolved;
}

// Who runs the submissions and with what network (run/sandbox.h), the interpreter that user
// can run, and a refusal when a submission could change the grader's own files.
void isolate(const Context& ctx, const GradeOptions& options, const spec::Language& language,
             const run::InterpreterOptions& lookup, check::GradeRequest& request) {
  auto plan = run::plan_sandbox({options.run_as, options.cut_network, options.run_uids});
  if (!plan) {
    // A --run-as or --run-uids the system cannot use is the user's mistake; a default range
    // fully taken by accounts is the machine's.
    const bool asked = !options.run_as.empty() || !options.run_uids.empty();
    throw Error(asked ? ErrorKind::kUsage : ErrorKind::kInternal,
                fmt::format("cannot isolate submissions: {}", plan.error()));
  }
  // What grading relies on: the manifest, the specs, the reference and starter files, and
  // the build cache. Not the whole course folder: a source checkout also holds build trees
  // and .git, thousands of files to look at on every grading, none of which grading reads.
  // The folders above them are checked too (renaming a folder replaces everything in it).
  std::vector<std::filesystem::path> grader_files;
  for (const char* part : {"course.yaml", "exercises", "solutions", "templates"}) {
    std::error_code ec;
    if (std::filesystem::exists(ctx.course.root / part, ec)) {
      grader_files.push_back(ctx.course.root / part);
    }
  }
  if (!request.cache_dir.empty()) {
    grader_files.push_back(request.cache_dir);
  }
  if (auto safe = run::check_grader_files(grader_files, *plan); !safe) {
    throw Error(ErrorKind::kInternal, safe.error());
  }
  // With a uid per run, plan->user stands for all of them: none has an account or a group,
  // so each has the permissions of "others" only, and what one can run, all can.
  if (plan->user && !request.interpreter.empty()) {
    auto choice = run::interpreter_for_user(
        request.interpreter, std::filesystem::path(language.interpreter).filename().string(),
        *plan->user, lookup.search_path);
    if (!choice) {
      throw Error(ErrorKind::kInternal, choice.error());
    }
    request.interpreter = choice->path;
    if (!choice->note.empty()) {
      request.notes.push_back(choice->note);
    }
  }
  request.notes.insert(request.notes.end(), plan->notes.begin(), plan->notes.end());
  request.sandbox = std::move(*plan);
}

int exit_code_for(check::GradeStatus status) {
  switch (status) {
    case check::GradeStatus::kPassed:
      return static_cast<int>(ExitCode::kPassed);
    case check::GradeStatus::kFailed:
      return static_cast<int>(ExitCode::kFailed);
    case check::GradeStatus::kError:
      break;
  }
  return static_cast<int>(ExitCode::kInternal);
}

void write_report(const GradeOptions& options, const check::GradeResult& result, std::ostream& out,
                  bool color) {
  switch (options.format) {
    case Format::kJson:
      report::write_json_report(out, result, options.view);
      return;
    case Format::kGradescope:
      report::write_gradescope_report(out, result);
      return;
    case Format::kJunit:
      report::write_junit_report(out, result, options.view);
      return;
    case Format::kText:
      break;
  }
  report::TextOptions text;
  text.color = color;
  text.verbose = options.verbose;
  text.view = options.view;
  report::write_text_report(out, result, text);
}

}  // namespace

int grade_exercise(const Context& ctx, const GradeOptions& options) {
  const spec::Exercise exercise = ctx.load(options.exercise);
  const std::filesystem::path submission = find_submission(ctx, options);
  const spec::Language* language = ctx.course.language_for(submission);
  if (language == nullptr) {
    throw Error(ErrorKind::kUsage,
                fmt::format("{}: the course grades no files of this kind", submission.string()));
  }

  check::GradeRequest request;
  request.course = &ctx.course;
  request.exercise = &exercise;
  request.language = language;
  request.submission = submission;
  run::InterpreterOptions lookup = run::default_interpreter_options(environ, ctx.cwd);
  lookup.use_cache = options.use_cache;
  request.interpreter = interpreter_for(*language, options, lookup);
  request.observe = options.observe;
  if (options.use_cache) {
    request.cache_dir = lookup.cache_dir;
  }
  request.repeat = options.repeat.value_or(exercise.repeat.value_or(ctx.course.repeat));
  request.limits = exercise.limits.apply_to(ctx.course.limits);
  isolate(ctx, options, *language, lookup, request);

  run::ProcessRunner runner;
  check::Grader grader(runner, [](const std::filesystem::path& work_dir) {
    return run::submission_environment(work_dir, environ);
  });
  check::GradeResult result = grader.grade(request);
  result.submission.path = options.submission.value_or(submission.filename().string());

  if (options.output) {
    std::ofstream file(*options.output, std::ios::binary | std::ios::trunc);
    write_report(options, result, file, false);
    file.flush();
    if (!file) {
      throw Error(ErrorKind::kInternal,
                  fmt::format("cannot write the report to {}", *options.output));
    }
  } else {
    write_report(options, result, ctx.out, ctx.color);
  }
  return exit_code_for(result.status);
}

}  // namespace grade::cli

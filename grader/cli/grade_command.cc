#include "cli/grade_command.h"

#include <cstdlib>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "check/grader.h"
#include "cli/grade_history.h"
#include "cli/grade_setup.h"
#include "cli/interrupt.h"
#include "cli/output_file.h"
#include "cli/progress_line.h"
#include "cli/status_command.h"
#include "cli/submission_files.h"
#include "cli/terminal_width.h"
#include "isolate/namespaces.h"
#include "report/gradescope_report.h"
#include "report/html_attempt.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/safe_text.h"
#include "report/text_report.h"
#include "run/environment.h"
#include "run/process_runner.h"
#include "util/error.h"
#include "util/timings.h"

extern char** environ;  // NOLINT: POSIX global

namespace grade::cli {

namespace {

// "did you mean ex1_solution.py? Grade it with: grade ex1 ex1_solution.py", or "".
std::string did_you_mean(const Context& ctx, const spec::Exercise& exercise) {
  const std::vector<std::filesystem::path> near = near_submissions(ctx.course, exercise, ctx.cwd);
  if (near.empty()) {
    return "";
  }
  std::vector<std::string> names;
  names.reserve(near.size());
  for (const auto& file : near) {
    names.push_back(file.string());
  }
  return fmt::format("\nDid you mean {}{}? Grade a file by naming it: grade {} {}",
                     near.size() == 1 ? "" : "one of these: ", fmt::join(names, ", "), exercise.id,
                     names.front());
}

// No <exercise><extension> here: what was looked for, and what was there instead.
std::string no_submission_message(const Context& ctx, const spec::Exercise& exercise,
                                  const std::vector<const spec::Language*>& languages) {
  std::vector<std::string> looked_for;
  for (const spec::Language* language : languages) {
    for (const std::string& extension : language->extensions) {
      looked_for.push_back(exercise.id + extension);
    }
  }
  const std::string hint = did_you_mean(ctx, exercise);
  if (languages.size() == 1 && looked_for.size() == 1) {
    return fmt::format(
        "no {} in this folder; start one with `grade init {}`, or name the file: "
        "grade {} path/to/file{}{}",
        looked_for.front(), exercise.id, exercise.id, languages.front()->extensions.front(), hint);
  }
  return fmt::format(
      "no program for {} in this folder (looked for {}); {} takes {}. Start "
      "one with `grade init {} --lang {}` (or another of those languages), "
      "or name the file: grade {} path/to/file{}",
      exercise.id, fmt::join(looked_for, ", "), exercise.id, describe_languages(languages),
      exercise.id, languages.front()->id, exercise.id, hint);
}

// The submission to grade: as named, or the one <exercise><extension> of an accepted
// language in the current folder.
std::filesystem::path find_submission(const Context& ctx, const GradeOptions& options,
                                      const spec::Exercise& exercise) {
  if (options.submission) {
    std::filesystem::path path = ctx.cwd / *options.submission;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw Error(ErrorKind::kUsage, fmt::format("no such file: {}", *options.submission));
    }
    return path;
  }
  const std::vector<std::filesystem::path> found =
      submission_candidates(ctx.course, exercise, ctx.cwd);
  if (found.size() == 1) {
    return found.front();
  }
  const auto languages = accepted_languages(ctx.course, exercise);
  if (found.size() > 1) {
    std::vector<std::string> names;
    names.reserve(found.size());
    for (const auto& file : found) {
      names.push_back(file.filename().string());
    }
    throw Error(
        ErrorKind::kUsage,
        fmt::format("this folder has {} programs for {}: {}; name the one to grade: "
                    "grade {} {}",
                    found.size(), exercise.id, fmt::join(names, ", "), exercise.id, names.front()));
  }
  throw Error(ErrorKind::kUsage, no_submission_message(ctx, exercise, languages));
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

// `text` is used for the text format only: colors, width and the line on what changed.
void write_report(const GradeOptions& options, const spec::Exercise& exercise,
                  const check::GradeResult& result, std::ostream& out,
                  const report::TextOptions& text) {
  switch (options.format) {
    case Format::kJson:
      report::write_json_report(out, result, options.view, &exercise);
      return;
    case Format::kGradescope:
      report::write_gradescope_report(out, result);
      return;
    case Format::kJunit:
      report::write_junit_report(out, result, options.view);
      return;
    case Format::kText:
      report::write_text_report(out, result, text);
      return;
  }
}

// The text report's options; `change` (what changed since the last attempt) is for a student
// reading on the terminal or a pipe, not for a report written to a file.
report::TextOptions text_options(const GradeOptions& options, bool color, int fd,
                                 const std::string& change) {
  report::TextOptions text;
  text.color = color;
  text.verbose = options.verbose;
  text.view = options.view;
  text.width = text_width(environ, fd);
  if (options.view == report::View::kStudent && !options.output) {
    text.since_last = change;
  }
  return text;
}

// `--html FILE`: the grading's page, alongside the report.
void write_html_page(const Context& ctx, const std::string& path, const check::GradeResult& result,
                     report::View view) {
  std::ofstream file = open_output_file(ctx.cwd / path);
  report::write_run_page(file, result, view);
  file.flush();
  if (!file) {
    throw Error(ErrorKind::kInternal, fmt::format("cannot write the page to {}", path));
  }
}

}  // namespace

int grade_exercise(const Context& ctx, const GradeOptions& options) {
  // Before any thread exists: every thread must have SIGINT and SIGTERM blocked.
  const InterruptWatch interrupt;
  if (options.timings) {
    timings::enable();
    timings::mark("command line and course read");
  }
  isolate::start_namespace_probe();  // its child works while the exercise is read
  const spec::Exercise exercise = ctx.load(options.exercise);
  timings::mark("exercise spec read");
  const std::filesystem::path submission = find_submission(ctx, options, exercise);
  const spec::Language& language = language_of(ctx.course, exercise, submission);

  check::GradeRequest request = prepare_request(ctx, options, exercise, language);
  timings::mark("grading prepared");
  request.submission = submission;
  const std::string shown = options.submission.value_or(submission.filename().string());
  // On stderr, and only on a terminal: a pipe or log gets the report alone.
  ProgressLine progress(ctx.err, ::isatty(STDERR_FILENO) == 1, ctx.color, report::one_line(shown));
  request.progress = [&progress](const check::Progress& p) { progress.show(p); };
  request.cancel_fd = interrupt.cancel_fd();

  run::ProcessRunner runner;
  check::Grader grader(runner, [](const std::filesystem::path& work_dir) {
    return run::submission_environment(work_dir, environ, python_site());
  });
  check::GradeResult result = grader.grade(request);
  timings::mark("grading done, run folders removed");
  result.submission.path = shown;
  progress.clear();
  if (result.interrupted || interrupt.interrupted()) {
    fmt::print(ctx.err, "{}\n",
               describe_interruption(progress.last(), report::one_line(exercise.id),
                                     report::one_line(shown)));
    return interrupt.interrupted() ? interrupt.exit_code()
                                   : static_cast<int>(ExitCode::kInterrupted);
  }

  // Remembered before the report is written, so that its line on what changed comes above the
  // score: the report's last line stays the score, whatever the program printed.
  const std::string change = remember_grading(ctx, options, submission, result);
  timings::mark("history recorded");
  if (options.output) {
    std::ofstream file = open_output_file(*options.output);
    write_report(options, exercise, result, file, text_options(options, false, -1, change));
    file.flush();
    if (!file) {
      throw Error(ErrorKind::kInternal,
                  fmt::format("cannot write the report to {}", *options.output));
    }
  } else {
    write_report(options, exercise, result, ctx.out,
                 text_options(options, ctx.color, STDOUT_FILENO, change));
  }
  timings::mark("report written");
  if (options.html) {
    write_html_page(ctx, *options.html, result, options.view);
    timings::mark("web page written");
  }
  if (options.timings) {
    fmt::print(ctx.err, "{}", timings::table());
  }
  return exit_code_for(result.status);
}

void add_grade_command(CLI::App& app, CommandLine& line) {
  add_grade_options(app, line.grade);
  line.command = [&app, &line](const Context& ctx) {
    if (line.grade.exercise.empty()) {
      if (const auto rows = status_rows(ctx, line.grade); status_worth_showing(ctx, rows)) {
        return show_status(ctx, line.grade, rows);
      }
      fmt::print(ctx.err, "{}", app.help());
      return static_cast<int>(ExitCode::kUsage);
    }
    return grade_exercise(ctx, line.grade);
  };
}

}  // namespace grade::cli

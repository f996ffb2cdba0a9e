#include "check/grader.h"

#include <algorithm>
#include <fmt/format.h>
#include <system_error>

#include "check/build_cache.h"
#include "check/evaluate.h"
#include "util/sha256.h"
#include "util/temp_dir.h"

namespace grade::check {

namespace {

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// A fresh private folder holding only a copy of the submission.
Expected<TempDir> prepare_workspace(const std::filesystem::path& submission) {
  auto dir = TempDir::create("grade-run-");
  if (!dir) {
    return dir;
  }
  std::error_code ec;
  std::filesystem::copy_file(submission, dir->path() / submission.filename(), ec);
  if (ec) {
    return unexpected(fmt::format("cannot copy {} into the run folder: {}", submission.string(),
                                  ec.message()));
  }
  return dir;
}

std::vector<CheckResult> skipped_checks(const spec::Exercise& exercise, const std::string& why) {
  std::vector<CheckResult> checks;
  for (const spec::Check& check : exercise.checks) {
    checks.push_back(CheckResult{check.id, check.title, CheckStatus::kSkip, 0, check.points, why, {}});
  }
  return checks;
}

int score_of(const std::vector<CheckResult>& checks) {
  int score = 0;
  for (const CheckResult& c : checks) {
    score += c.points;
  }
  return score;
}

}  // namespace

std::vector<std::string> expand_command(const std::vector<std::string>& pattern,
                                        const std::filesystem::path& interpreter,
                                        const std::string& source) {
  std::vector<std::string> argv;
  argv.reserve(pattern.size());
  for (const std::string& arg : pattern) {
    argv.push_back(replace_all(replace_all(arg, "{interpreter}", interpreter.string()), "{source}", source));
  }
  return argv;
}

GradeResult Grader::grade(const GradeRequest& request) {
  const spec::Exercise& exercise = *request.exercise;
  const spec::Language& language = *request.language;
  GradeResult result;
  result.course_id = request.course->id;
  result.course_title = request.course->title;
  result.exercise_id = exercise.id;
  result.exercise_title = exercise.title;
  result.submission.path = request.submission.string();
  result.submission.language = language.id;
  result.max_score = exercise.max_score();
  result.repeat = request.repeat;
  result.checks = skipped_checks(exercise, "not checked: the program was not run");

  const auto fail_with_error = [&](std::string message) {
    result.status = GradeStatus::kError;
    result.error = std::move(message);
    return result;
  };

  auto digest = sha256_file(request.submission);
  if (!digest) {
    return fail_with_error(digest.error());
  }
  result.submission.sha256 = *digest;
  const std::string source = request.submission.filename().string();

  const auto command_in = [&](const TempDir& dir, const std::vector<std::string>& pattern) {
    run::Command command;
    command.argv = expand_command(pattern, request.interpreter, source);
    command.cwd = dir.path();
    command.env = environment_(dir.path());
    command.wall_limit = request.limits.wall_time;
    command.output_limit = request.limits.output_bytes;
    return command;
  };

  if (!language.build.empty()) {
    const BuildCache cache(request.cache_dir);
    const std::vector<std::string> argv = expand_command(language.build, request.interpreter, source);
    const std::string key = BuildCache::key(argv, result.submission.sha256, request.interpreter);
    if (cache.succeeded_before(key)) {
      result.build = BuildRecord{argv, {}, true, true};
      result.build->result.exit_code = 0;
    } else {
      auto dir = prepare_workspace(request.submission);
      if (!dir) {
        return fail_with_error(dir.error());
      }
      BuildRecord build{argv, runner_.run(command_in(*dir, language.build)), false, false};
      build.ok = build.result.clean_exit();
      result.build = std::move(build);
      if (!result.build->result.started()) {
        return fail_with_error(
            fmt::format("could not start the build step: {}", result.build->result.spawn_error));
      }
      if (!result.build->ok) {
        result.status = GradeStatus::kFailed;
        result.error = "the program does not compile, so it was not run";
        result.checks = skipped_checks(exercise, "not checked: the program does not compile");
        return result;
      }
      cache.remember_success(key);
    }
  }

  for (int index = 1; index <= request.repeat; ++index) {
    auto dir = prepare_workspace(request.submission);
    if (!dir) {
      return fail_with_error(dir.error());
    }
    RunRecord record;
    record.index = index;
    record.result = runner_.run(command_in(*dir, language.run));
    if (!record.result.started()) {
      result.runs.push_back(std::move(record));
      return fail_with_error(fmt::format("could not start the program: {}", result.runs.back().result.spawn_error));
    }
    record.checks = evaluate(exercise, record.result);
    record.passed = std::all_of(record.checks.begin(), record.checks.end(),
                                [](const CheckResult& c) { return c.status == CheckStatus::kPass; });
    result.checks = record.checks;
    const bool passed = record.passed;
    result.runs.push_back(std::move(record));
    if (!passed) {
      break;  // concurrency output varies between runs; one counter-example is enough
    }
  }
  result.score = score_of(result.checks);
  result.status = result.runs.back().passed ? GradeStatus::kPassed : GradeStatus::kFailed;
  return result;
}

}  // namespace grade::check

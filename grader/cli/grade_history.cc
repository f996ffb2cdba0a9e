#include "cli/grade_history.h"

#include <chrono>
#include <system_error>

#include "cli/history_text.h"
#include "run/environment.h"
#include "run/interpreter.h"

extern char** environ;  // NOLINT: POSIX global

namespace grade::cli {

namespace {

bool turned_off(const GradeOptions& options) {
  const auto variable = run::find_variable(environ, "GRADE_NO_HISTORY");
  return !options.history || (variable && !variable->empty() && *variable != "0");
}

}  // namespace

history::Time history_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<history::Store> history_store(const GradeOptions& options) {
  // The folder the build cache and the interpreter cache use: $XDG_CACHE_HOME/grade, else
  // ~/.cache/grade.
  const std::filesystem::path cache =
      run::default_interpreter_options(environ, std::filesystem::path("/")).cache_dir;
  if (turned_off(options) || cache.empty()) {
    return std::nullopt;
  }
  return history::Store(cache);
}

history::Key history_key(const spec::Course& course, const std::filesystem::path& folder,
                         const std::string& exercise_id) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::weakly_canonical(folder, ec);
  if (ec) {
    absolute = std::filesystem::absolute(folder, ec).lexically_normal();
  }
  return {course.id, absolute.string(), exercise_id};
}

std::string remember_grading(const Context& ctx, const GradeOptions& options,
                             const std::filesystem::path& submission,
                             const check::GradeResult& result) {
  if (options.format == Format::kGradescope || options.format == Format::kJunit) {
    return "";
  }
  const std::optional<history::Store> store = history_store(options);
  if (!store) {
    return "";
  }
  history::Attempt attempt =
      history::attempt_of(result, submission.filename().string(), history_now());
  const history::Attempt now = attempt;
  const auto before = store->record(
      history_key(ctx.course, submission.parent_path(), options.exercise), std::move(attempt));
  // A history that cannot be kept (a read-only home) costs the student only this line.
  if (!before || !*before) {
    return "";
  }
  return history::change_line((*before)->last, now);
}

}  // namespace grade::cli

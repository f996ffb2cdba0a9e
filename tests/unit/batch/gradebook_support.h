// Test support for the gradebook: real result documents (report::to_json of a canned grading)
// and attempts made from them, in a temporary folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "batch/attempt.h"
#include "batch/gradebook.h"
#include "batch/sqlite.h"
#include "check/result.h"
#include "report/json_report.h"
#include "util/temp_dir.h"

namespace grade::batch::testing {

inline constexpr const char* kCourse = "os-processes";

inline check::CheckResult pass(const std::string& id, int points) {
  return {id, "Title of " + id, check::CheckStatus::kPass, points, points, "", ""};
}
inline check::CheckResult fail(const std::string& id, int max_points) {
  return {id, "Title of " + id, check::CheckStatus::kFail, 0, max_points, "saw nothing", "hint"};
}

// Minute `minute` of a fixed day, as utc_timestamp() writes it.
inline std::string at(int minute) { return fmt::format("2024-05-01T10:{:02}:00.000Z", minute); }

// The pretty document `grade EXERCISE FILE --format json --view instructor` writes for these
// checks: the view a batch stores.
inline std::string result_document(const std::string& exercise,
                                   const std::vector<check::CheckResult>& checks,
                                   const std::string& content_sha256) {
  check::GradeResult r;
  r.course_id = kCourse;
  r.course_title = "Processes vs threads";
  r.exercise_id = exercise;
  r.exercise_title = "Exercise " + exercise;
  r.submission = {exercise + ".py", content_sha256, "python"};
  r.checks = checks;
  bool all_passed = true;
  for (const check::CheckResult& c : checks) {
    r.score += c.points;
    r.max_score += c.max_points;
    all_passed = all_passed && c.status == check::CheckStatus::kPass;
  }
  r.status = all_passed ? check::GradeStatus::kPassed : check::GradeStatus::kFailed;
  std::ostringstream out;
  report::write_json_report(out, r, report::View::kInstructor);  // as a batch worker writes it
  return out.str();
}

inline GradingContext context(const std::string& student, const std::string& exercise,
                              std::string started_at, std::string spec = "spec-1") {
  return {student, exercise, std::move(spec), std::move(started_at), 1.5, "host-1"};
}

// An attempt parsed from a real document; content 'a' by default.
inline Attempt graded(const std::string& student, const std::string& exercise,
                      std::string started_at, const std::vector<check::CheckResult>& checks,
                      char content = 'a', std::string spec = "spec-1") {
  const std::string doc = result_document(exercise, checks, std::string(64, content));
  return attempt_from_result_json(
             doc, context(student, exercise, std::move(started_at), std::move(spec)))
      .value();
}

// A fresh folder with the path of a gradebook in it (not created yet).
class GradebookDir {
 public:
  GradebookDir() : dir_(TempDir::create("grade-book-").value()) {}
  std::filesystem::path file(const std::string& name = "gradebook.sqlite") const {
    return dir_.path() / name;
  }
  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
};

// One number from a query on its own connection.
inline std::int64_t query_int(const std::filesystem::path& file, const std::string& sql) {
  const sqlite::Database db = sqlite::Database::open(file, sqlite::Database::Access::kReadOnly);
  sqlite::Statement q = db.prepare(sql);
  q.step();
  return q.integer(0);
}

inline std::string query_text(const std::filesystem::path& file, const std::string& sql) {
  const sqlite::Database db = sqlite::Database::open(file, sqlite::Database::Access::kReadOnly);
  sqlite::Statement q = db.prepare(sql);
  q.step();
  return q.text(0);
}

inline std::string csv_of(const Gradebook& book, const std::vector<std::string>& exercises,
                          const CsvOptions& options = {}) {
  std::ostringstream out;
  book.export_csv(out, exercises, options);
  return out.str();
}

inline std::string jsonl_of(const Gradebook& book) {
  std::ostringstream out;
  book.export_jsonl(out);
  return out.str();
}

}  // namespace grade::batch::testing

// Gradebook::summary: statistics over current attempts, each number one SQL query, so the
// batch parent holds only the answers, whatever the class size.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch/gradebook.h"

namespace grade::batch {

namespace {

// The statuses of a grading that happened; statistics are over these.
constexpr const char* kGraded = "status IN ('passed', 'failed')";

constexpr int kMostFailedShown = 10;

void count_statuses(const sqlite::Database& db, ExerciseSummary& s, int students) {
  sqlite::Statement q = db.prepare(fmt::format(
      "SELECT count(*), count(*) FILTER (WHERE {0}), count(*) FILTER (WHERE status = 'passed'), "
      "count(*) FILTER (WHERE status = 'missing'), count(*) FILTER (WHERE status = 'error'), "
      "coalesce(avg(score) FILTER (WHERE {0}), 0), coalesce(max(score) FILTER (WHERE {0}), 0), "
      "coalesce(max(max_score), 0) "
      "FROM current_attempts WHERE exercise = ?1",
      kGraded));
  q.bind_text(1, s.exercise);
  q.step();
  s.not_attempted = students - static_cast<int>(q.integer(0));
  s.graded = static_cast<int>(q.integer(1));
  s.passed = static_cast<int>(q.integer(2));
  s.missing = static_cast<int>(q.integer(3));
  s.errors = static_cast<int>(q.integer(4));
  s.mean_score = q.real(5);
  s.highest_score = static_cast<int>(q.integer(6));
  s.max_score = static_cast<int>(q.integer(7));
  s.pass_rate = s.graded > 0 ? static_cast<double>(s.passed) / s.graded : 0.0;
}

// The middle score, or the mean of the two middle ones: SQLite sorts, we keep two numbers.
double median(const sqlite::Database& db, const std::string& exercise, int graded) {
  if (graded == 0) {
    return 0;
  }
  sqlite::Statement q = db.prepare(fmt::format(
      "SELECT avg(score) FROM (SELECT score FROM current_attempts WHERE exercise = ?1 AND {} "
      "ORDER BY score LIMIT 2 - ?2 % 2 OFFSET (?2 - 1) / 2)",
      kGraded));
  q.bind_text(1, exercise).bind_int(2, graded);
  q.step();
  return q.real(0);
}

std::vector<int> histogram(const sqlite::Database& db, const std::string& exercise) {
  // Integer arithmetic: 7 of 10 points is bin 7 exactly, with no rounding at the edges.
  sqlite::Statement q = db.prepare(fmt::format(
      "SELECT CASE WHEN max_score <= 0 THEN 9 ELSE min(score * 10 / max_score, 9) END AS bin, "
      "count(*) FROM current_attempts WHERE exercise = ?1 AND {} GROUP BY bin",
      kGraded));
  q.bind_text(1, exercise);
  std::vector<int> bins(10, 0);
  while (q.step()) {
    bins.at(static_cast<std::size_t>(q.integer(0))) = static_cast<int>(q.integer(1));
  }
  return bins;
}

std::vector<FailedCheck> most_failed(const sqlite::Database& db,
                                     const std::vector<std::string>& exercise_ids) {
  // The bare column `title` comes from the row of max(): the latest attempt, ties broken by
  // attempt id, so a merged gradebook answers as the single one does.
  sqlite::Statement q = db.prepare(fmt::format(
      "SELECT a.exercise, c.check_id, c.title, max(a.started_at || a.attempt_id), count(*) AS n "
      "FROM current_attempts AS a JOIN check_results AS c ON c.attempt_id = a.attempt_id "
      "WHERE c.status = 'fail' AND a.exercise IN (SELECT value FROM json_each(?1)) "
      "GROUP BY a.exercise, c.check_id ORDER BY n DESC, a.exercise, c.check_id LIMIT {}",
      kMostFailedShown));
  q.bind_text(
      1,
      nlohmann::json(exercise_ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::vector<FailedCheck> checks;
  while (q.step()) {
    checks.push_back({q.text(0), q.text(1), q.text(2), static_cast<int>(q.integer(4))});
  }
  return checks;
}

}  // namespace

BatchSummary Gradebook::summary(const std::vector<std::string>& exercise_ids) const {
  BatchSummary summary;
  sqlite::Statement students = db_.prepare("SELECT count(*) FROM students");
  students.step();
  summary.students = static_cast<int>(students.integer(0));
  for (const std::string& exercise : exercise_ids) {
    ExerciseSummary s;
    s.exercise = exercise;
    count_statuses(db_, s, summary.students);
    s.median_score = median(db_, exercise, s.graded);
    s.histogram = histogram(db_, exercise);
    summary.exercises.push_back(std::move(s));
  }
  summary.most_failed = most_failed(db_, exercise_ids);
  return summary;
}

}  // namespace grade::batch

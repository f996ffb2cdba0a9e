// The gradebook of a batch: one SQLite file holding every attempt of every student, for one
// course. Schema, "current attempt" rule and example queries: docs/gradebook.md.
//
// Every attempt is kept; the *current* attempt of (student, exercise) is its latest by
// started_at, ties broken by insert order. Exports and the summary use current attempts only,
// and are computed by SQLite row by row, so memory stays flat with class size.
//
// Errors throw grade::Error: kUsage for the wrong file (missing, another course, another schema
// version, not a gradebook), kInternal for everything SQLite reports (batch/sqlite.h).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "batch/attempt.h"
#include "batch/gradebook_schema.h"
#include "batch/sqlite.h"

namespace grade::batch {

struct CsvOptions {
  // A second row "Points Possible,<max>,...": Canvas reads it (its own exports have it) and
  // uses it for new assignment columns; Moodle and others would take it for a student. Off.
  bool points_possible_row = false;
  // A last "total" column. Canvas would import it as one more assignment; turn it off there.
  bool total_column = true;
};

struct ExerciseSummary {
  std::string exercise;
  int graded = 0;         // current attempts passed or failed: the statistics below are over these
  int passed = 0;         // current attempts passed
  int missing = 0;        // current attempts missing (no file)
  int errors = 0;         // current attempts in error (the grader's failure, not the student's)
  int not_attempted = 0;  // students without any attempt for the exercise
  double mean_score = 0;
  double median_score = 0;  // mean of the two middle scores when `graded` is even
  int highest_score = 0;    // best score achieved
  int max_score = 0;        // points possible: the largest max_score of a current attempt
  double pass_rate = 0;     // passed / graded, 0 when nothing was graded
  // histogram[i]: graded scores with 10*i% <= score/max_score < 10*(i+1)%; a full score falls
  // in histogram[9], as does any score of an exercise worth 0 points.
  std::vector<int> histogram = std::vector<int>(10, 0);

  bool operator==(const ExerciseSummary&) const = default;
};

struct FailedCheck {
  std::string exercise;
  std::string check_id;
  std::string title;  // the latest title seen for the check
  int count = 0;      // current attempts in which it failed

  bool operator==(const FailedCheck&) const = default;
};

struct BatchSummary {
  int students = 0;
  std::vector<ExerciseSummary> exercises;  // in the order asked for
  std::vector<FailedCheck> most_failed;    // top 10, most failures first

  bool operator==(const BatchSummary&) const = default;
};

class Gradebook {
 public:
  enum class Mode {
    kCreate,    // read and write; creates the file and its schema when missing
    kReadOnly,  // the file must exist
  };

  // Refuses a gradebook of another course (unless `course_id` is empty and the mode is
  // kReadOnly: a report that takes any course), of another schema version, or a file that is
  // not a gradebook.
  static Gradebook open(const std::filesystem::path& path, Mode mode, std::string_view course_id);

  const std::filesystem::path& path() const { return db_.path(); }
  // Modes made private when the gradebook was opened for writing (sqlite::Database::open).
  const std::vector<std::string>& warnings() const { return db_.warnings(); }
  const std::string& course_id() const { return course_id_; }

  // Idempotent: students already known are left alone.
  void add_students(const std::vector<std::string>& ids);
  std::vector<std::string> students() const;  // sorted

  // Stores the attempt and its checks in one transaction: after a crash or SIGINT at any
  // moment the gradebook holds all of it or none. Its student is added if unknown.
  void record(const Attempt& attempt);

  // For resuming: true when the current attempt was graded from the same submission content
  // and spec, and did not end in error (errors are the grader's failures, worth retrying).
  bool is_current(std::string_view student, std::string_view exercise,
                  std::string_view content_sha256, std::string_view spec_sha256) const;

  std::optional<Attempt> current(std::string_view student, std::string_view exercise) const;
  std::vector<Attempt> history(std::string_view student, std::string_view exercise) const;

  // One row per student (all of them, also those without attempts), one column per exercise
  // with the current score, RFC 4180. A cell is empty when there is no attempt, the file was
  // missing or grading ended in error (no grade rather than an unfair 0); `total` sums the
  // cells shown.
  void export_csv(std::ostream& out, const std::vector<std::string>& exercise_ids,
                  const CsvOptions& options = {}) const;

  // One line per current attempt that has a result document, ordered by student and exercise:
  // the document compacted, with "student": {"id": ...} added after "exercise".
  void export_jsonl(std::ostream& out) const;

  BatchSummary summary(const std::vector<std::string>& exercise_ids) const;

  // Every current attempt, by student then exercise, one at a time (memory stays flat).
  void for_each_current(const std::function<void(const Attempt&)>& visit) const;

  // Adds every student and attempt of the shard gradebooks (same course and schema) that this
  // one lacks. Idempotent; the result's exports and summary equal those of one gradebook that
  // recorded all the attempts.
  void merge(const std::vector<std::filesystem::path>& shards);

 private:
  Gradebook(sqlite::Database db, std::string course_id)
      : db_(std::move(db)), course_id_(std::move(course_id)) {}
  void require_writable() const;
  Attempt attempt_from_row(const sqlite::Statement& q) const;
  std::vector<Attempt> attempts_where(std::string_view student, std::string_view exercise,
                                      bool current_only) const;

  sqlite::Database db_;
  std::string course_id_;
};

}  // namespace grade::batch

#include "batch/gradebook_schema.h"

#include <fmt/format.h>

#include "batch/attempt.h"
#include "util/error.h"

namespace grade::batch {

namespace {

// STRICT tables: a value of the wrong type is an error, not silently stored. The CHECKs repeat
// what record() validates, so a gradebook written by anything else is held to the same shape.
// docs/gradebook.md describes every column; keep it in step.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE students (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> '')
) STRICT;

CREATE TABLE attempts (
  -- Insert order in this file (an alias of the rowid, so VACUUM keeps it): breaks ties of
  -- started_at. Not comparable between files; attempt_id is the identity.
  seq INTEGER PRIMARY KEY,
  attempt_id TEXT NOT NULL UNIQUE
    CHECK (length(attempt_id) = 32 AND attempt_id NOT GLOB '*[^0-9a-f]*'),
  student TEXT NOT NULL REFERENCES students (id),
  exercise TEXT NOT NULL CHECK (exercise <> ''),
  content_sha256 TEXT NOT NULL
    CHECK (content_sha256 = '' OR (length(content_sha256) = 64
                                   AND content_sha256 NOT GLOB '*[^0-9a-f]*')),
  spec_sha256 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error', 'missing')),
  score INTEGER NOT NULL CHECK (score >= 0),
  max_score INTEGER NOT NULL CHECK (max_score >= 0),
  started_at TEXT NOT NULL CHECK (started_at GLOB
    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
  seconds REAL NOT NULL CHECK (seconds >= 0),
  grader_version TEXT NOT NULL,
  host TEXT NOT NULL,
  error TEXT CHECK (error <> ''),
  result_json TEXT,
  CHECK (status <> 'missing' OR (content_sha256 = '' AND result_json IS NULL))
) STRICT;

-- Finds the attempts of (student, exercise) in started_at order; the rowid (seq) is the
-- index's implicit last column, so "latest, then last inserted" is one index step.
CREATE INDEX attempts_by_student_exercise ON attempts (student, exercise, started_at);

CREATE TABLE check_results (
  attempt_id TEXT NOT NULL REFERENCES attempts (attempt_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 1),
  check_id TEXT NOT NULL CHECK (check_id <> ''),
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'skip')),
  points INTEGER NOT NULL CHECK (points >= 0),
  max_points INTEGER NOT NULL CHECK (max_points >= 0),
  hidden INTEGER NOT NULL CHECK (hidden IN (0, 1)),
  unobserved INTEGER NOT NULL CHECK (unobserved IN (0, 1)),
  PRIMARY KEY (attempt_id, position)
) STRICT, WITHOUT ROWID;

-- The current attempt of each (student, exercise): its latest by started_at, then by seq.
CREATE VIEW current_attempts AS
  SELECT * FROM attempts AS a
  WHERE a.seq = (SELECT b.seq FROM attempts AS b
                 WHERE b.student = a.student AND b.exercise = a.exercise
                 ORDER BY b.started_at DESC, b.seq DESC
                 LIMIT 1);
)sql";

bool has_table(const sqlite::Database& db, std::string_view name) {
  sqlite::Statement q =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  q.bind_text(1, name);
  return q.step();
}

bool is_empty(const sqlite::Database& db) {
  sqlite::Statement q = db.prepare("SELECT count(*) FROM sqlite_master");
  q.step();
  return q.integer(0) == 0;
}

void create(const sqlite::Database& db, std::string_view course_id) {
  db.exec(kSchema);
  sqlite::Statement insert = db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)");
  const auto put = [&insert](std::string_view key, std::string_view value) {
    insert.bind_text(1, key).bind_text(2, value).run();
    insert.reset();
  };
  put("schema_version", std::to_string(kGradebookSchemaVersion));
  put("course_id", course_id);
  put("created_at", utc_timestamp());
  put("created_by", "grade " GRADE_VERSION);
}

std::optional<std::string> meta(const sqlite::Database& db, std::string_view key) {
  sqlite::Statement q = db.prepare("SELECT value FROM meta WHERE key = ?1");
  q.bind_text(1, key);
  return q.step() ? std::optional<std::string>(q.text(0)) : std::nullopt;
}

}  // namespace

std::string prepare_schema(const sqlite::Database& db, std::string_view course_id) {
  const std::string file = db.path().string();
  if (!db.read_only()) {
    if (course_id.empty()) {
      throw Error(ErrorKind::kInternal, fmt::format("gradebook {}: no course given", file));
    }
    // In a transaction: two processes creating the same file agree on one schema.
    sqlite::Transaction transaction(db);
    if (is_empty(db)) {
      create(db, course_id);
    }
    transaction.commit();
  }
  if (!has_table(db, "meta")) {
    throw Error(ErrorKind::kUsage,
                fmt::format("{} is not a gradebook (it has no meta table)", file));
  }
  const std::string version = meta(db, "schema_version").value_or("?");
  if (version != std::to_string(kGradebookSchemaVersion)) {
    throw Error(ErrorKind::kUsage,
                fmt::format("gradebook {} has schema version {}; this grade reads version {}", file,
                            version, kGradebookSchemaVersion));
  }
  std::string course = meta(db, "course_id").value_or("");
  if (!course_id.empty() && course != course_id) {
    // Scores of two courses in one file would mix in exports and statistics.
    throw Error(ErrorKind::kUsage,
                fmt::format("gradebook {} belongs to course '{}', not '{}'; use another file", file,
                            course, course_id));
  }
  return course;
}

}  // namespace grade::batch

#include "batch/gradebook.h"

#include <system_error>

#include <fmt/format.h>

#include "util/error.h"

namespace grade::batch {

namespace {

constexpr const char* kAttemptColumns =
    "attempt_id, student, exercise, content_sha256, spec_sha256, status, score, max_score, "
    "started_at, seconds, grader_version, host, error, result_json";

void validate(const Attempt& a, const std::filesystem::path& path) {
  const char* problem = nullptr;
  if (!is_attempt_id(a.attempt_id)) {
    problem = "an attempt id that is not 32 lowercase hex digits";
  } else if (a.student.empty() || a.exercise.empty()) {
    problem = "no student or no exercise";
  } else if (!is_utc_timestamp(a.started_at)) {
    problem = "a start time that is not YYYY-MM-DDTHH:MM:SS.mmmZ";
  }
  if (problem != nullptr) {
    throw Error(ErrorKind::kInternal,
                fmt::format("gradebook {}: attempt '{}' of {}/{} has {}", path.string(),
                            a.attempt_id, a.student, a.exercise, problem));
  }
}

std::vector<CheckRow> load_checks(const sqlite::Database& db, const std::string& attempt_id) {
  sqlite::Statement q = db.prepare(
      "SELECT check_id, title, status, points, max_points, hidden, unobserved "
      "FROM check_results WHERE attempt_id = ?1 ORDER BY position");
  q.bind_text(1, attempt_id);
  std::vector<CheckRow> rows;
  while (q.step()) {
    CheckRow row;
    row.id = q.text(0);
    row.title = q.text(1);
    row.status = check_status_from(q.text(2)).value_or(check::CheckStatus::kSkip);
    row.points = static_cast<int>(q.integer(3));
    row.max_points = static_cast<int>(q.integer(4));
    row.hidden = q.integer(5) != 0;
    row.unobserved = q.integer(6) != 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Gradebook Gradebook::open(const std::filesystem::path& path, Mode mode,
                          std::string_view course_id) {
  sqlite::Database db =
      sqlite::Database::open(path, mode == Mode::kReadOnly ? sqlite::Database::Access::kReadOnly
                                                           : sqlite::Database::Access::kReadWrite);
  std::string course = prepare_schema(db, course_id);
  return Gradebook(std::move(db), std::move(course));
}

void Gradebook::require_writable() const {
  if (db_.read_only()) {
    throw Error(ErrorKind::kInternal,
                fmt::format("gradebook {}: opened read-only", db_.path().string()));
  }
}

void Gradebook::add_students(const std::vector<std::string>& ids) {
  require_writable();
  sqlite::Transaction transaction(db_);
  sqlite::Statement insert =
      db_.prepare("INSERT INTO students (id) VALUES (?1) ON CONFLICT (id) DO NOTHING");
  for (const std::string& id : ids) {
    insert.bind_text(1, id).run();
    insert.reset();
  }
  transaction.commit();
}

std::vector<std::string> Gradebook::students() const {
  sqlite::Statement q = db_.prepare("SELECT id FROM students ORDER BY id");
  std::vector<std::string> ids;
  while (q.step()) {
    ids.push_back(q.text(0));
  }
  return ids;
}

void Gradebook::record(const Attempt& a) {
  require_writable();
  validate(a, db_.path());
  sqlite::Transaction transaction(db_);
  db_.prepare("INSERT INTO students (id) VALUES (?1) ON CONFLICT (id) DO NOTHING")
      .bind_text(1, a.student)
      .run();
  sqlite::Statement attempt =
      db_.prepare(fmt::format("INSERT INTO attempts ({}) VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                              kAttemptColumns));
  attempt.bind_text(1, a.attempt_id)
      .bind_text(2, a.student)
      .bind_text(3, a.exercise)
      .bind_text(4, a.content_sha256)
      .bind_text(5, a.spec_sha256)
      .bind_text(6, to_string(a.status))
      .bind_int(7, a.score)
      .bind_int(8, a.max_score)
      .bind_text(9, a.started_at)
      .bind_double(10, a.seconds)
      .bind_text(11, a.grader_version)
      .bind_text(12, a.host)
      .bind_optional_text(13, a.error.empty() ? std::nullopt : std::optional<std::string>(a.error))
      .bind_optional_text(14, a.result_json)
      .run();
  sqlite::Statement check = db_.prepare(
      "INSERT INTO check_results (attempt_id, position, check_id, title, status, points, "
      "max_points, hidden, unobserved) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  int position = 0;
  for (const CheckRow& c : a.checks) {
    check.bind_text(1, a.attempt_id)
        .bind_int(2, ++position)
        .bind_text(3, c.id)
        .bind_text(4, c.title)
        .bind_text(5, check::to_string(c.status))
        .bind_int(6, c.points)
        .bind_int(7, c.max_points)
        .bind_int(8, c.hidden ? 1 : 0)
        .bind_int(9, c.unobserved ? 1 : 0)
        .run();
    check.reset();
  }
  transaction.commit();
}

bool Gradebook::is_current(std::string_view student, std::string_view exercise,
                           std::string_view content_sha256, std::string_view spec_sha256) const {
  sqlite::Statement q = db_.prepare(
      "SELECT content_sha256, spec_sha256, status FROM attempts "
      "WHERE student = ?1 AND exercise = ?2 ORDER BY started_at DESC, seq DESC LIMIT 1");
  q.bind_text(1, student).bind_text(2, exercise);
  return q.step() && q.text(0) == content_sha256 && q.text(1) == spec_sha256 &&
         q.text(2) != to_string(AttemptStatus::kError);
}

// One row of `SELECT kAttemptColumns`, with its checks.
Attempt Gradebook::attempt_from_row(const sqlite::Statement& q) const {
  Attempt a;
  a.attempt_id = q.text(0);
  a.student = q.text(1);
  a.exercise = q.text(2);
  a.content_sha256 = q.text(3);
  a.spec_sha256 = q.text(4);
  a.status = attempt_status_from(q.text(5)).value_or(AttemptStatus::kError);
  a.score = static_cast<int>(q.integer(6));
  a.max_score = static_cast<int>(q.integer(7));
  a.started_at = q.text(8);
  a.seconds = q.real(9);
  a.grader_version = q.text(10);
  a.host = q.text(11);
  a.error = q.text(12);
  if (!q.is_null(13)) {
    a.result_json = q.text(13);
  }
  a.checks = load_checks(db_, a.attempt_id);
  return a;
}

std::vector<Attempt> Gradebook::attempts_where(std::string_view student, std::string_view exercise,
                                               bool current_only) const {
  sqlite::Statement q = db_.prepare(fmt::format(
      "SELECT {} FROM attempts WHERE student = ?1 AND exercise = ?2 ORDER BY started_at {}, "
      "seq {}{}",
      kAttemptColumns, current_only ? "DESC" : "ASC", current_only ? "DESC" : "ASC",
      current_only ? " LIMIT 1" : ""));
  q.bind_text(1, student).bind_text(2, exercise);
  std::vector<Attempt> found;
  while (q.step()) {
    found.push_back(attempt_from_row(q));
  }
  return found;
}

void Gradebook::for_each_current(const std::function<void(const Attempt&)>& visit) const {
  sqlite::Statement q = db_.prepare(
      fmt::format("SELECT {} FROM current_attempts ORDER BY student, exercise", kAttemptColumns));
  while (q.step()) {
    visit(attempt_from_row(q));
  }
}

std::optional<Attempt> Gradebook::current(std::string_view student,
                                          std::string_view exercise) const {
  std::vector<Attempt> found = attempts_where(student, exercise, /*current_only=*/true);
  return found.empty() ? std::nullopt : std::optional<Attempt>(std::move(found.front()));
}

std::vector<Attempt> Gradebook::history(std::string_view student, std::string_view exercise) const {
  return attempts_where(student, exercise, /*current_only=*/false);
}

void Gradebook::merge(const std::vector<std::filesystem::path>& shards) {
  require_writable();
  for (const std::filesystem::path& shard : shards) {
    std::error_code ec;
    if (std::filesystem::equivalent(shard, db_.path(), ec)) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("gradebook {}: cannot merge it into itself", shard.string()));
    }
    // Opening it as a gradebook first refuses another course or schema with a clear message.
    (void)open(shard, Mode::kReadOnly, course_id_);
    db_.prepare("ATTACH DATABASE ?1 AS shard").bind_text(1, shard.string()).run();
    // Declared after the ATTACH and before the transaction: rolls back first, then detaches.
    struct Detach {
      const sqlite::Database& db;
      ~Detach() {
        try {
          db.exec("DETACH DATABASE shard");
        } catch (const Error&) {  // nothing to do: the connection closes soon
        }
      }
    } detach{db_};
    sqlite::Transaction transaction(db_);
    // Parents before children (foreign keys); attempts in the shard's own order, so ties of
    // started_at keep their order here. "WHERE true" lets SQLite parse the upsert clause.
    db_.exec(
        "INSERT INTO main.students (id) SELECT id FROM shard.students WHERE true "
        "ON CONFLICT (id) DO NOTHING;");
    db_.exec(
        fmt::format("INSERT INTO main.attempts ({0}) SELECT {0} FROM shard.attempts WHERE true "
                    "ORDER BY started_at, seq ON CONFLICT (attempt_id) DO NOTHING;",
                    kAttemptColumns));
    db_.exec(
        "INSERT INTO main.check_results SELECT * FROM shard.check_results WHERE true "
        "ON CONFLICT (attempt_id, position) DO NOTHING;");
    transaction.commit();
  }
}

}  // namespace grade::batch

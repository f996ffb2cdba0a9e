#include "batch/sqlite.h"

#include <climits>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <sqlite3.h>

#include "util/errno_text.h"
#include "util/error.h"
#include "util/private_file.h"

namespace grade::batch::sqlite {

namespace {

// SQLITE_TRANSIENT without its old-style cast: SQLite copies the bound bytes.
const sqlite3_destructor_type kCopy =
    reinterpret_cast<sqlite3_destructor_type>(-1);  // NOLINT(performance-no-int-to-ptr)

constexpr int kBusyTimeoutMs = 30'000;

std::string message_for(sqlite3* db, int code, const std::filesystem::path& path) {
  const int primary = code & 0xff;
  if (primary == SQLITE_FULL) {
    // Every commit before this one is on disk (synchronous=FULL); this attempt is rolled back.
    return fmt::format("disk full while writing the gradebook {}; results so far are kept",
                       path.string());
  }
  std::string text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if (primary == SQLITE_BUSY) {
    text += " (another process is writing it)";
  }
  const int err = db != nullptr ? sqlite3_system_errno(db) : 0;
  if ((primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR) && err != 0) {
    text += ": " + errno_text(err);
  }
  return fmt::format("gradebook {}: {}", path.string(), text);
}

// Makes the gradebook and the files SQLite keeps beside it private; creates the gradebook 0600
// when missing, so that SQLite, which copies its mode, creates -wal and -shm 0600 too.
std::vector<std::string> make_files_private(const std::filesystem::path& path) {
  std::vector<std::string> warnings;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::filesystem::path file = path.string() + suffix;
    auto changed = make_private_file(
        file, *suffix == '\0' ? PrivateFileCreate::kIfMissing : PrivateFileCreate::kNever);
    if (!changed) {
      // SQLite's own open below reports a file it cannot open, in its words.
      warnings.push_back(changed.error());
    } else if (*changed) {
      warnings.push_back(fmt::format(
          "{} was mode {:04o}, open to other users; it is now {:04o}, as every gradebook is",
          file.string(), static_cast<unsigned>(**changed),
          static_cast<unsigned>(kPrivateFileMode)));
    }
  }
  return warnings;
}

}  // namespace

Database Database::open(const std::filesystem::path& path, Access access) {
  const bool read_only = access == Access::kReadOnly;
  std::error_code ec;
  if (read_only && !std::filesystem::exists(path, ec)) {
    throw Error(ErrorKind::kUsage, fmt::format("gradebook {}: no such file", path.string()));
  }
  std::vector<std::string> warnings;
  if (!read_only) {
    warnings = make_files_private(path);
  }
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  sqlite3* handle = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  // The handle owns memory even when opening failed; Database closes it either way.
  Database db(handle, path, access);
  if (code != SQLITE_OK) {
    db.fail(code);
  }
  db.warnings_ = std::move(warnings);
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  // Shards may come from other machines: their schema must not run functions with side effects.
  db.exec("PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;");
  if (!read_only) {
    // journal_mode answers with the mode in force; anything but "wal" means it did not switch.
    Statement wal = db.prepare("PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.text(0) != "wal") {
      throw Error(ErrorKind::kInternal,
                  fmt::format("gradebook {}: cannot switch to WAL journal mode", path.string()));
    }
    wal.run();
    db.exec("PRAGMA synchronous = FULL;");
  }
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      access_(other.access_),
      warnings_(std::move(other.warnings_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    access_ = other.access_;
    warnings_ = std::move(other.warnings_);
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() noexcept {
  if (db_ != nullptr) {
    // sqlite3_close_v2 defers the close until the last statement is finalized.
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

void Database::exec(const std::string& sql) const {
  const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) {
    fail(code);
  }
}

Statement Database::prepare(std::string_view sql) const {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    throw Error(ErrorKind::kInternal, "SQL text too long");
  }
  sqlite3_stmt* stmt = nullptr;
  const int code =
      sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (code != SQLITE_OK) {
    fail(code);
  }
  return Statement(*this, stmt);
}

void Database::fail(int code) const {
  throw Error(ErrorKind::kInternal, message_for(db_, code, path_));
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::check_bind(int code) const {
  if (code != SQLITE_OK) {
    db_->fail(code);
  }
}

Statement& Statement::bind_text(int index, std::string_view value) {
  check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), kCopy, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_optional_text(int index, const std::optional<std::string>& value) {
  return value ? bind_text(index, *value) : bind_null(index);
}

Statement& Statement::bind_int(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind_double(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index));
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(stmt_);
  if (code == SQLITE_ROW) {
    return true;
  }
  if (code == SQLITE_DONE) {
    return false;
  }
  // Reset now: a failed statement left un-reset keeps holding locks until it is finalized.
  sqlite3_reset(stmt_);
  db_->fail(code);
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);  // after column_text, as SQLite asks
  if (data == nullptr || size <= 0) {
    return {};
  }
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

Transaction::Transaction(const Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  // After some errors (disk full, I/O) SQLite has already rolled back: then there is nothing to
  // do, and ROLLBACK would only fail.
  if (open_ && sqlite3_get_autocommit(db_.db_) == 0) {
    sqlite3_exec(db_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace grade::batch::sqlite

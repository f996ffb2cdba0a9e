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

class Connection {
 public:
  // Takes the handle, which owns memory even when opening failed.
  Connection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // sqlite3_close_v2 would defer the close until the last statement is finalized; holding
  // the Connection, every statement is finalized before this runs.
  ~Connection() { sqlite3_close_v2(db_); }

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

  // Throws the Error for result code `code` of this connection.
  [[noreturn]] void fail(int code) const {
    throw Error(ErrorKind::kInternal, message_for(db_, code, path_));
  }

  void exec(const std::string& sql) const {
    const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) {
      fail(code);
    }
  }

 private:
  sqlite3* db_;
  std::filesystem::path path_;
};

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
  Database db(std::make_shared<const Connection>(handle, path), access);
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

Database::Database(std::shared_ptr<const Connection> connection, Access access)
    : connection_(std::move(connection)), access_(access) {}

Database::Database(Database&& other) noexcept = default;
Database& Database::operator=(Database&& other) noexcept = default;
Database::~Database() = default;

const std::filesystem::path& Database::path() const { return connection_->path(); }

void Database::exec(const std::string& sql) const { connection_->exec(sql); }

Statement Database::prepare(std::string_view sql) const {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    throw Error(ErrorKind::kInternal, "SQL text too long");
  }
  sqlite3_stmt* stmt = nullptr;
  const int code = sqlite3_prepare_v2(connection_->handle(), sql.data(),
                                      static_cast<int>(sql.size()), &stmt, nullptr);
  if (code != SQLITE_OK) {
    fail(code);
  }
  return Statement(connection_, stmt);
}

void Database::fail(int code) const { connection_->fail(code); }

Statement::Statement(std::shared_ptr<const Connection> connection, sqlite3_stmt* stmt)
    : connection_(std::move(connection)), stmt_(stmt) {}

Statement::Statement(Statement&& other) noexcept
    : connection_(std::move(other.connection_)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);  // before the connection it belongs to may close
    stmt_ = std::exchange(other.stmt_, nullptr);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

// The statement is finalized here, before connection_ is released and may close.
Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::check_bind(int code) const {
  if (code != SQLITE_OK) {
    connection_->fail(code);
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
  connection_->fail(code);
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

Transaction::Transaction(const Database& db) : connection_(db.connection_) {
  connection_->exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  // After some errors (disk full, I/O) SQLite has already rolled back: then there is nothing to
  // do, and ROLLBACK would only fail.
  sqlite3* const db = connection_->handle();
  if (open_ && sqlite3_get_autocommit(db) == 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  connection_->exec("COMMIT");
  open_ = false;
}

}  // namespace grade::batch::sqlite

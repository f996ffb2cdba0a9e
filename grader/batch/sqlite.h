// A small RAII layer over the SQLite C API, just what the gradebook needs.
//
// Every failure throws grade::Error(kInternal, "gradebook FILE: message") with SQLite's own
// message: a database that cannot be read or written ends a batch, there is nothing to retry.
// (A missing file opened read-only is a kUsage error: the user named the wrong file.)
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3_stmt;

namespace grade::batch::sqlite {

class Statement;
// The open connection with its file name, shared by the Database and its statements: the
// last of them to go closes it, so moving a Database leaves its statements working, and a
// statement may even outlive the Database it came from.
class Connection;

class Database {
 public:
  enum class Access {
    kReadWrite,  // creates the file when missing
    kReadOnly,   // the file must exist
  };

  // Opens with extended result codes, foreign keys on, a busy timeout, and for writing a WAL
  // journal with synchronous=FULL: a commit is on disk when commit() returns, so a crash or a
  // power loss can neither lose a committed row nor corrupt the file.
  //
  // For writing, the file is created 0600 whatever the umask (util/private_file.h), and SQLite
  // gives its -wal and -shm files the same mode. An existing file, -wal or -shm that its group
  // or others may use is made private, and warnings() says so: the submissions of a batch run
  // as other users. Opening read-only changes nothing.
  static Database open(const std::filesystem::path& path, Access access);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  // Runs SQL text without parameters (one or more statements).
  void exec(const std::string& sql) const;
  Statement prepare(std::string_view sql) const;

  const std::filesystem::path& path() const;
  bool read_only() const { return access_ == Access::kReadOnly; }
  // What open() changed or could not change about the files' modes, one sentence each.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Throws the Error for result code `code` of this connection.
  [[noreturn]] void fail(int code) const;

 private:
  Database(std::shared_ptr<const Connection> connection, Access access);

  std::shared_ptr<const Connection> connection_;  // null once moved from
  Access access_ = Access::kReadOnly;
  std::vector<std::string> warnings_;

  friend class Transaction;
};

// One prepared statement. Parameters are 1-based, columns 0-based, as in SQLite. Bound text is
// copied, so temporaries are fine.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind_text(int index, std::string_view value);
  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_double(int index, double value);
  Statement& bind_null(int index);
  // NULL for an empty optional.
  Statement& bind_optional_text(int index, const std::optional<std::string>& value);

  // true: a row is ready for the column getters; false: done.
  bool step();
  // Steps to the end, for statements that return no rows.
  void run();
  // Ready to step again with new bindings.
  void reset();

  bool is_null(int column) const;
  std::string text(int column) const;  // "" for NULL
  std::int64_t integer(int column) const;
  double real(int column) const;

 private:
  Statement(std::shared_ptr<const Connection> connection, sqlite3_stmt* stmt);
  void check_bind(int code) const;

  std::shared_ptr<const Connection> connection_;  // for error messages, and kept open
  sqlite3_stmt* stmt_ = nullptr;

  friend class Database;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called. IMMEDIATE takes the write
// lock up front, so a writer waits (busy timeout) instead of failing halfway.
class Transaction {
 public:
  explicit Transaction(const Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

 private:
  std::shared_ptr<const Connection> connection_;
  bool open_ = true;
};

}  // namespace grade::batch::sqlite

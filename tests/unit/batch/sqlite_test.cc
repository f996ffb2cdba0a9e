#include "batch/sqlite.h"

#include <fstream>
#include <memory>
#include <string>
#include <utility>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "gradebook_support.h"
#include "support/file_mode.h"
#include "util/error.h"

namespace grade::batch::sqlite {
namespace {

using grade::testing::mode_of;
using testing::GradebookDir;

std::string pragma(const Database& db, const std::string& name) {
  Statement q = db.prepare("PRAGMA " + name);
  EXPECT_TRUE(q.step());
  return q.text(0);
}

TEST(GradebookSqlite, OpensDurably) {
  const GradebookDir dir;
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  EXPECT_TRUE(std::filesystem::exists(dir.file()));
  EXPECT_EQ(pragma(db, "journal_mode"), "wal");
  EXPECT_EQ(pragma(db, "synchronous"), "2");  // FULL
  EXPECT_EQ(pragma(db, "foreign_keys"), "1");
  EXPECT_EQ(pragma(db, "busy_timeout"), "30000");
  EXPECT_FALSE(db.read_only());
}

TEST(GradebookSqlite, ANewGradebookAndItsWalAndShmAreTheOwnersAlone) {
  const grade::testing::ScopedUmask umask(022);
  const GradebookDir dir;
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
  EXPECT_EQ(mode_of(dir.file()), 0600U);
  EXPECT_EQ(mode_of(dir.file("gradebook.sqlite-wal")), 0600U);
  EXPECT_EQ(mode_of(dir.file("gradebook.sqlite-shm")), 0600U);
  EXPECT_TRUE(db.warnings().empty());
}

TEST(GradebookSqlite, AnExistingGradebookOpenToOthersIsMadePrivateAndSaysSo) {
  const GradebookDir dir;
  { (void)Database::open(dir.file(), Database::Access::kReadWrite); }
  std::ofstream(dir.file("gradebook.sqlite-shm")) << "";
  ASSERT_EQ(::chmod(dir.file().c_str(), 0644), 0);
  ASSERT_EQ(::chmod(dir.file("gradebook.sqlite-shm").c_str(), 0666), 0);

  // Reading changes nothing: the file may not be ours.
  {
    const Database reader = Database::open(dir.file(), Database::Access::kReadOnly);
    EXPECT_TRUE(reader.warnings().empty());
    EXPECT_EQ(mode_of(dir.file()), 0644U);
  }
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  EXPECT_EQ(mode_of(dir.file()), 0600U);
  EXPECT_EQ(mode_of(dir.file("gradebook.sqlite-shm")), 0600U);
  ASSERT_EQ(db.warnings().size(), 2U);
  EXPECT_EQ(db.warnings()[0], dir.file().string() +
                                  " was mode 0644, open to other users; it is now 0600, as every "
                                  "gradebook is");
  EXPECT_NE(db.warnings()[1].find("gradebook.sqlite-shm was mode 0666"), std::string::npos);
}

TEST(GradebookSqlite, ReadOnlyOpenOfAMissingFileSaysSo) {
  const GradebookDir dir;
  try {
    (void)Database::open(dir.file("nope.sqlite"), Database::Access::kReadOnly);
    FAIL() << "opened a missing file";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_EQ(std::string(e.what()),
              "gradebook " + dir.file("nope.sqlite").string() + ": no such file");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("nope.sqlite")));
}

TEST(GradebookSqlite, ErrorsNameTheFileAndSqlitesMessage) {
  const GradebookDir dir;
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  try {
    db.exec("SELEKT 1");
    FAIL() << "bad SQL accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInternal);
    EXPECT_EQ(std::string(e.what()),
              "gradebook " + dir.file().string() + ": near \"SELEKT\": syntax error");
  }
}

TEST(GradebookSqlite, AFileThatIsNotADatabaseIsRefused) {
  const GradebookDir dir;
  std::ofstream(dir.file()) << "name,score\nalice,10\n" << std::string(4096, 'x');
  try {
    (void)Database::open(dir.file(), Database::Access::kReadWrite);
    FAIL() << "opened a text file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("file is not a database"), std::string::npos) << e.what();
  }
}

TEST(GradebookSqlite, BindsAndReadsEveryType) {
  const GradebookDir dir;
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  Statement q = db.prepare("SELECT ?1, ?2, ?3, ?4, ?5");
  const std::string with_nul("a\0b", 3);
  q.bind_text(1, with_nul)
      .bind_int(2, INT64_MAX)
      .bind_double(3, 0.25)
      .bind_null(4)
      .bind_optional_text(5, std::nullopt);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), with_nul);
  EXPECT_EQ(q.integer(1), INT64_MAX);
  EXPECT_EQ(q.real(2), 0.25);
  EXPECT_TRUE(q.is_null(3));
  EXPECT_TRUE(q.is_null(4));
  EXPECT_EQ(q.text(3), "");
  EXPECT_FALSE(q.step());
}

TEST(GradebookSqlite, TransactionRollsBackUnlessCommitted) {
  const GradebookDir dir;
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction t(db);
    db.exec("INSERT INTO t VALUES (1)");
  }
  {
    Transaction t(db);
    db.exec("INSERT INTO t VALUES (2)");
    t.commit();
  }
  Statement q = db.prepare("SELECT group_concat(x) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "2");
}

TEST(GradebookSqlite, DiskFullSaysSoAndKeepsWhatWasCommitted) {
  const GradebookDir dir;
  const Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x TEXT)");
  db.exec("INSERT INTO t VALUES ('kept')");
  // A page limit makes SQLite report SQLITE_FULL exactly as a full disk does.
  db.exec("PRAGMA max_page_count = " + pragma(db, "page_count"));
  try {
    Transaction t(db);
    db.prepare("INSERT INTO t VALUES (?1)").bind_text(1, std::string(100'000, 'x')).run();
    t.commit();
    FAIL() << "wrote past the page limit";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "disk full while writing the gradebook " +
                                         dir.file().string() + "; results so far are kept");
  }
  Statement q = db.prepare("SELECT group_concat(x) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "kept");
}

// The failure of inserting id 1 into `t` a second time, as `insert` reports it.
std::string duplicate_insert_error(Statement& insert) {
  insert.bind_int(1, 1).run();
  insert.reset();
  try {
    insert.bind_int(1, 1).run();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(GradebookSqlite, StatementsKeepWorkingWhenTheirDatabaseIsMoved) {
  const GradebookDir dir;
  Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  Statement insert = db.prepare("INSERT INTO t VALUES (?1)");
  const Database moved = std::move(db);
  // Errors still come from the connection, with its file name and SQLite's own message.
  EXPECT_EQ(duplicate_insert_error(insert),
            "gradebook " + dir.file().string() + ": UNIQUE constraint failed: t.id");
  Statement count = moved.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 1);
}

TEST(GradebookSqlite, AStatementMayOutliveItsDatabase) {
  const GradebookDir dir;
  auto db = std::make_unique<Database>(Database::open(dir.file(), Database::Access::kReadWrite));
  db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  Statement insert = db->prepare("INSERT INTO t VALUES (?1)");
  db.reset();
  EXPECT_EQ(duplicate_insert_error(insert),
            "gradebook " + dir.file().string() + ": UNIQUE constraint failed: t.id");
}

TEST(GradebookSqlite, ATransactionFollowsItsDatabaseWhenMoved) {
  const GradebookDir dir;
  Database db = Database::open(dir.file(), Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x INTEGER)");
  Transaction t(db);
  db.exec("INSERT INTO t VALUES (1)");
  const Database moved = std::move(db);
  t.commit();
  const Database reader = Database::open(dir.file(), Database::Access::kReadOnly);
  Statement q = reader.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 1);
}

TEST(GradebookSqlite, ReadOnlyConnectionCannotWrite) {
  const GradebookDir dir;
  Database::open(dir.file(), Database::Access::kReadWrite).exec("CREATE TABLE t (x INTEGER)");
  const Database db = Database::open(dir.file(), Database::Access::kReadOnly);
  EXPECT_TRUE(db.read_only());
  EXPECT_THROW(db.exec("INSERT INTO t VALUES (1)"), Error);
}

}  // namespace
}  // namespace grade::batch::sqlite

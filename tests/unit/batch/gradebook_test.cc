#include "batch/gradebook.h"

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gradebook_support.h"
#include "util/error.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers
using Mode = Gradebook::Mode;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Gradebook, CreatesItsSchemaAndReopens) {
  const GradebookDir dir;
  {
    const Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
    EXPECT_EQ(book.course_id(), kCourse);
    EXPECT_EQ(book.path(), dir.file());
  }
  EXPECT_EQ(query_int(dir.file(),
                      "SELECT count(*) FROM sqlite_master WHERE name IN ('meta', 'students', "
                      "'attempts', 'check_results', 'current_attempts', "
                      "'attempts_by_student_exercise')"),
            6);
  EXPECT_EQ(query_int(dir.file(), "SELECT value FROM meta WHERE key = 'schema_version'"),
            kGradebookSchemaVersion);
  const Gradebook again = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  const Gradebook reader = Gradebook::open(dir.file(), Mode::kReadOnly, kCourse);
  const Gradebook any = Gradebook::open(dir.file(), Mode::kReadOnly, "");
  EXPECT_EQ(any.course_id(), kCourse);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM meta WHERE key = 'course_id'"), 1);
}

TEST(Gradebook, RefusesAnotherCourse) {
  const GradebookDir dir;
  (void)Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  for (const Mode mode : {Mode::kCreate, Mode::kReadOnly}) {
    try {
      (void)Gradebook::open(dir.file(), mode, "other-course");
      FAIL() << "opened a gradebook of another course";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      EXPECT_EQ(std::string(e.what()), "gradebook " + dir.file().string() +
                                           " belongs to course 'os-processes', not "
                                           "'other-course'; use another file");
    }
  }
}

TEST(Gradebook, RefusesAFileThatIsNotAGradebookOfThisSchema) {
  const GradebookDir dir;
  sqlite::Database::open(dir.file("other.sqlite"), sqlite::Database::Access::kReadWrite)
      .exec("CREATE TABLE notes (x TEXT)");
  EXPECT_EQ(
      error_of([&] { (void)Gradebook::open(dir.file("other.sqlite"), Mode::kCreate, kCourse); }),
      dir.file("other.sqlite").string() + " is not a gradebook (it has no meta table)");

  (void)Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  sqlite::Database::open(dir.file(), sqlite::Database::Access::kReadWrite)
      .exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  EXPECT_EQ(
      error_of([&] { (void)Gradebook::open(dir.file(), Mode::kReadOnly, kCourse); }),
      "gradebook " + dir.file().string() + " has schema version 99; this grade reads version 1");
}

TEST(Gradebook, ReadOnlyOpenOfAMissingFileFailsClearly) {
  const GradebookDir dir;
  EXPECT_EQ(error_of([&] { (void)Gradebook::open(dir.file(), Mode::kReadOnly, kCourse); }),
            "gradebook " + dir.file().string() + ": no such file");
  EXPECT_FALSE(std::filesystem::exists(dir.file()));
  EXPECT_NE(error_of([&] {
              (void)Gradebook::open(dir.path() / "no-folder" / "g.sqlite", Mode::kCreate, kCourse);
            }).find("unable to open database file"),
            std::string::npos);
}

TEST(Gradebook, ReadOnlyGradebookRefusesWrites) {
  const GradebookDir dir;
  (void)Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  Gradebook reader = Gradebook::open(dir.file(), Mode::kReadOnly, kCourse);
  EXPECT_EQ(error_of([&] { reader.add_students({"s1"}); }),
            "gradebook " + dir.file().string() + ": opened read-only");
}

TEST(Gradebook, AddingStudentsIsIdempotent) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  book.add_students({"s2", "s1"});
  book.add_students({"s1", "s3", "s3"});
  EXPECT_EQ(book.students(), (std::vector<std::string>{"s1", "s2", "s3"}));
}

TEST(Gradebook, AnAttemptRoundTrips) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  Attempt a = graded("s1", "ex1", at(1), {pass("a", 2), fail("b", 3)});
  a.checks[1].hidden = true;
  a.checks[0].unobserved = true;
  book.record(a);
  EXPECT_EQ(book.current("s1", "ex1"), a);
  EXPECT_EQ(book.students(), std::vector<std::string>{"s1"});  // added by record
  const Attempt died = error_attempt(context("s2", "ex1", at(2)), "", "worker died");
  book.record(died);
  EXPECT_EQ(book.current("s2", "ex1"), died);
  EXPECT_FALSE(book.current("s3", "ex1").has_value());
}

TEST(Gradebook, IsCurrentOnlyForTheSameContentAndSpecWithoutError) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  const std::string a(64, 'a');
  EXPECT_FALSE(book.is_current("s1", "ex1", a, "spec-1"));  // never graded
  book.record(graded("s1", "ex1", at(1), {fail("x", 1)}, 'a', "spec-1"));
  EXPECT_TRUE(book.is_current("s1", "ex1", a, "spec-1"));
  EXPECT_FALSE(book.is_current("s1", "ex1", std::string(64, 'b'), "spec-1"));  // new content
  EXPECT_FALSE(book.is_current("s1", "ex1", a, "spec-2"));                     // new spec
  EXPECT_FALSE(book.is_current("s1", "ex2", a, "spec-1"));
  EXPECT_FALSE(book.is_current("s2", "ex1", a, "spec-1"));

  book.record(error_attempt(context("s1", "ex1", at(2)), a, "worker killed"));
  EXPECT_FALSE(book.is_current("s1", "ex1", a, "spec-1"));  // an error is worth retrying

  book.record(missing_attempt(context("s2", "ex1", at(2)), 5));
  EXPECT_TRUE(book.is_current("s2", "ex1", "", "spec-1"));  // still missing: nothing to do
}

TEST(Gradebook, KeepsHistoryAndTheLatestAttemptIsCurrent) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  const Attempt second = graded("s1", "ex1", at(20), {pass("x", 2)}, 'b');
  const Attempt first = graded("s1", "ex1", at(10), {fail("x", 2)}, 'a');
  book.record(second);
  book.record(first);  // recorded later, started earlier: not current
  EXPECT_EQ(book.current("s1", "ex1"), second);
  // Same start time: the one recorded last wins.
  const Attempt tie = graded("s1", "ex1", at(20), {fail("x", 2)}, 'c');
  book.record(tie);
  EXPECT_EQ(book.current("s1", "ex1"), tie);
  const std::vector<Attempt> history = book.history("s1", "ex1");
  ASSERT_EQ(history.size(), 3U);
  EXPECT_EQ(history[0], first);
  EXPECT_EQ(history[1], second);
  EXPECT_EQ(history[2], tie);
}

TEST(Gradebook, AnAttemptIsRecordedWholeOrNotAtAll) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  Attempt a = graded("s9", "ex1", at(1), {pass("a", 1), pass("b", 1), pass("c", 1)});
  a.checks[2].id = "";  // the third check row violates the schema, after two were written
  EXPECT_NE(error_of([&] { book.record(a); }).find("CHECK constraint failed"), std::string::npos);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM attempts"), 0);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM check_results"), 0);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM students"), 0);
  // The gradebook is still usable, and the same attempt id was never taken.
  a.checks[2].id = "c";
  book.record(a);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM check_results"), 3);
}

TEST(Gradebook, RefusesMalformedAttempts) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  Attempt a = graded("s1", "ex1", at(1), {pass("a", 1)});
  a.started_at = "2024-05-01 10:00";
  EXPECT_NE(error_of([&] { book.record(a); }).find("a start time that is not"), std::string::npos);
  a.started_at = at(1);
  a.attempt_id = "1";
  EXPECT_NE(error_of([&] { book.record(a); }).find("not 32 lowercase hex"), std::string::npos);
  a.attempt_id = new_attempt_id();
  book.record(a);
  EXPECT_NE(error_of([&] { book.record(a); }).find("UNIQUE constraint failed"), std::string::npos);
}

}  // namespace
}  // namespace grade::batch

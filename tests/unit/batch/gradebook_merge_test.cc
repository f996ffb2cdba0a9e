#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "batch/gradebook.h"
#include "gradebook_support.h"
#include "util/error.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers
using Mode = Gradebook::Mode;

std::vector<std::string> exercises() { return {"ex1", "ex2"}; }

// What two machines graded: s1 regraded on the second one (history across shards), s5 known
// to shard B only as a student without attempts.
struct Shards {
  std::vector<Attempt> a = {graded("s1", "ex1", at(1), {fail("c1", 2), pass("c2", 1)}),
                            graded("s2", "ex1", at(2), {pass("c1", 2), pass("c2", 1)}),
                            graded("s2", "ex2", at(3), {fail("c1", 4)}),
                            missing_attempt(context("s3", "ex2", at(4)), 4)};
  std::vector<Attempt> b = {graded("s1", "ex1", at(9), {pass("c1", 2), fail("c2", 1)}, 'b'),
                            graded("s4", "ex1", at(5), {fail("c1", 2), fail("c2", 1)}),
                            error_attempt(context("s4", "ex2", at(6)), "", "worker died")};
};

void record_all(Gradebook& book, const std::vector<Attempt>& attempts) {
  for (const Attempt& a : attempts) {
    book.record(a);
  }
}

void expect_same_reports(const Gradebook& x, const Gradebook& y) {
  EXPECT_EQ(csv_of(x, exercises(), {.points_possible_row = true, .total_column = true}),
            csv_of(y, exercises(), {.points_possible_row = true, .total_column = true}));
  EXPECT_EQ(jsonl_of(x), jsonl_of(y));
  EXPECT_EQ(x.summary(exercises()), y.summary(exercises()));
  EXPECT_EQ(query_int(x.path(), "SELECT count(*) FROM attempts"),
            query_int(y.path(), "SELECT count(*) FROM attempts"));
  EXPECT_EQ(query_int(x.path(), "SELECT count(*) FROM check_results"),
            query_int(y.path(), "SELECT count(*) FROM check_results"));
}

TEST(GradebookMerge, MergedShardsEqualOneGradebookAndMergingAgainChangesNothing) {
  const GradebookDir dir;
  const Shards shards;
  Gradebook single = Gradebook::open(dir.file("single.sqlite"), Mode::kCreate, kCourse);
  single.add_students({"s5"});
  record_all(single, shards.a);
  record_all(single, shards.b);
  {
    Gradebook a = Gradebook::open(dir.file("a.sqlite"), Mode::kCreate, kCourse);
    record_all(a, shards.a);
    Gradebook b = Gradebook::open(dir.file("b.sqlite"), Mode::kCreate, kCourse);
    b.add_students({"s5"});
    record_all(b, shards.b);
  }
  Gradebook merged = Gradebook::open(dir.file("merged.sqlite"), Mode::kCreate, kCourse);
  merged.merge({dir.file("a.sqlite"), dir.file("b.sqlite")});
  expect_same_reports(merged, single);
  EXPECT_EQ(merged.students(), single.students());
  EXPECT_EQ(merged.history("s1", "ex1"), single.history("s1", "ex1"));

  const std::string before = jsonl_of(merged);
  merged.merge({dir.file("b.sqlite"), dir.file("a.sqlite"), dir.file("a.sqlite")});
  expect_same_reports(merged, single);
  EXPECT_EQ(jsonl_of(merged), before);
  EXPECT_EQ(query_text(merged.path(), "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_int(merged.path(), "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

TEST(GradebookMerge, RefusesAnotherCourseAndItself) {
  const GradebookDir dir;
  (void)Gradebook::open(dir.file("other.sqlite"), Mode::kCreate, "other-course");
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  try {
    book.merge({dir.file("other.sqlite")});
    FAIL() << "merged another course";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("belongs to course 'other-course'"), std::string::npos);
  }
  try {
    book.merge({dir.file()});
    FAIL() << "merged into itself";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "gradebook " + dir.file().string() + ": cannot merge it into itself");
  }
  EXPECT_THROW(book.merge({dir.file("missing.sqlite")}), Error);
  // Still usable: no shard left attached.
  book.merge({});
  book.record(graded("s1", "ex1", at(1), {pass("c1", 1)}));
}

}  // namespace
}  // namespace grade::batch

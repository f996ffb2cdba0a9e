#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "batch/gradebook.h"
#include "gradebook_support.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers
using Mode = Gradebook::Mode;

// ex1 has checks c1 (5 points), c2 (3), c3 (2). Current attempts: s1 10 (passed), s2 7 (c2
// failed), s3 5 (c2, c3 failed), s4 2 (c1, c2 failed); s5 missing, s6 in error, s7 nothing.
// s1's earlier attempt (everything failed) is history and must not count.
// ex2 has one check c1 (4 points): s1 4, s2 0, s3 4.
Gradebook sample(const GradebookDir& dir) {
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  book.add_students({"s1", "s2", "s3", "s4", "s5", "s6", "s7"});
  book.record(graded("s1", "ex1", at(1), {fail("c1", 5), fail("c2", 3), fail("c3", 2)}));
  book.record(graded("s1", "ex1", at(2), {pass("c1", 5), pass("c2", 3), pass("c3", 2)}));
  book.record(graded("s2", "ex1", at(2), {pass("c1", 5), fail("c2", 3), pass("c3", 2)}));
  book.record(graded("s3", "ex1", at(2), {pass("c1", 5), fail("c2", 3), fail("c3", 2)}));
  book.record(graded("s4", "ex1", at(2), {fail("c1", 5), fail("c2", 3), pass("c3", 2)}));
  book.record(missing_attempt(context("s5", "ex1", at(2)), 10));
  book.record(error_attempt(context("s6", "ex1", at(2)), std::string(64, 'a'), "worker died"));
  book.record(graded("s1", "ex2", at(3), {pass("c1", 4)}));
  book.record(graded("s2", "ex2", at(3), {fail("c1", 4)}));
  book.record(graded("s3", "ex2", at(3), {pass("c1", 4)}));
  return book;
}

TEST(GradebookSummary, NumbersMatchAHandComputedExample) {
  const GradebookDir dir;
  const BatchSummary s = sample(dir).summary({"ex1", "ex2", "ex9"});
  EXPECT_EQ(s.students, 7);
  ASSERT_EQ(s.exercises.size(), 3U);

  ExerciseSummary ex1;
  ex1.exercise = "ex1";
  ex1.graded = 4;
  ex1.passed = 1;
  ex1.missing = 1;
  ex1.errors = 1;
  ex1.not_attempted = 1;
  ex1.mean_score = 6.0;    // (10 + 7 + 5 + 2) / 4
  ex1.median_score = 6.0;  // (5 + 7) / 2: an even count
  ex1.highest_score = 10;
  ex1.max_score = 10;
  ex1.pass_rate = 0.25;
  ex1.histogram = {0, 0, 1, 0, 0, 1, 0, 1, 0, 1};  // 20%, 50%, 70%, 100%
  EXPECT_EQ(s.exercises[0], ex1);

  ExerciseSummary ex2;
  ex2.exercise = "ex2";
  ex2.graded = 3;
  ex2.passed = 2;
  ex2.not_attempted = 4;
  ex2.mean_score = 8.0 / 3;
  ex2.median_score = 4.0;  // 0, 4, 4: an odd count
  ex2.highest_score = 4;
  ex2.max_score = 4;
  ex2.pass_rate = 2.0 / 3;
  ex2.histogram = {1, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  EXPECT_EQ(s.exercises[1].exercise, "ex2");
  EXPECT_DOUBLE_EQ(s.exercises[1].mean_score, ex2.mean_score);
  EXPECT_DOUBLE_EQ(s.exercises[1].pass_rate, ex2.pass_rate);
  ex2.mean_score = s.exercises[1].mean_score;
  ex2.pass_rate = s.exercises[1].pass_rate;
  EXPECT_EQ(s.exercises[1], ex2);

  ExerciseSummary ex9;  // nothing graded: zeros, not NaN
  ex9.exercise = "ex9";
  ex9.not_attempted = 7;
  EXPECT_EQ(s.exercises[2], ex9);

  // c2 of ex1 failed three times; the ties of one failure in exercise, check order.
  EXPECT_EQ(s.most_failed, (std::vector<FailedCheck>{{"ex1", "c2", "Title of c2", 3},
                                                     {"ex1", "c1", "Title of c1", 1},
                                                     {"ex1", "c3", "Title of c3", 1},
                                                     {"ex2", "c1", "Title of c1", 1}}));
  // Only the exercises asked for.
  EXPECT_EQ(sample(GradebookDir()).summary({"ex2"}).most_failed,
            (std::vector<FailedCheck>{{"ex2", "c1", "Title of c1", 1}}));
}

TEST(GradebookSummary, MostFailedIsTheTopTenWithTheLatestTitle) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  // Check k fails for students 0..k-1: check 12 most often, check 1 least.
  for (int student = 0; student < 12; ++student) {
    std::vector<check::CheckResult> checks;
    for (int k = 1; k <= 12; ++k) {
      checks.push_back(student < k ? fail(fmt::format("k{:02}", k), 1)
                                   : pass(fmt::format("k{:02}", k), 1));
    }
    if (student == 11) {
      checks.back().title = "Renamed";  // the latest attempt's title is shown
    }
    book.record(graded(fmt::format("s{:02}", student), "ex1", at(student), checks));
  }
  const std::vector<FailedCheck> top = book.summary({"ex1"}).most_failed;
  ASSERT_EQ(top.size(), 10U);
  EXPECT_EQ(top.front(), (FailedCheck{"ex1", "k12", "Renamed", 12}));
  EXPECT_EQ(top.back(), (FailedCheck{"ex1", "k03", "Title of k03", 3}));
}

TEST(GradebookSummary, AZeroPointExerciseCountsAsFullMarks) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  book.record(graded("s1", "ex0", at(1), {pass("free", 0)}));
  const ExerciseSummary s = book.summary({"ex0"}).exercises.at(0);
  EXPECT_EQ(s.histogram, (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(s.pass_rate, 1.0);
}

}  // namespace
}  // namespace grade::batch

#include "cli/grade_setup.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "util/error.h"

namespace grade::cli {
namespace {

using std::chrono::milliseconds;

bool contains(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

// Requests for the test course, run with Debian's python3 named explicitly (nothing resolved).
class GradeSetupTest : public ::testing::Test {
 protected:
  GradeSetupTest() { options_.interpreter = "/usr/bin/python3"; }

  check::GradeRequest prepare(const std::string& exercise_id) {
    exercise_ = ctx_.load(exercise_id);
    return prepare_request(ctx_, options_, exercise_, ctx_.course.languages.front());
  }

  testing::CliCourse course_;
  Context ctx_ = course_.context();
  spec::Exercise exercise_;
  GradeOptions options_;
};

TEST_F(GradeSetupTest, PointsAtTheCourseTheExerciseAndTheLanguage) {
  const check::GradeRequest request = prepare("alpha");
  EXPECT_EQ(request.course, &ctx_.course);
  EXPECT_EQ(request.exercise, &exercise_);
  EXPECT_EQ(request.language, &ctx_.course.languages.front());
  EXPECT_TRUE(request.submission.empty());
  EXPECT_FALSE(request.interpreter.empty());
  EXPECT_TRUE(request.observe);
}

TEST_F(GradeSetupTest, RepeatsAsAskedElseAsTheExerciseElseAsTheCourse) {
  EXPECT_EQ(prepare("alpha").repeat, 1);
  EXPECT_EQ(prepare("beta").repeat, 2);
  options_.repeat = 5;
  EXPECT_EQ(prepare("alpha").repeat, 5);
}

TEST_F(GradeSetupTest, LimitsAreTheCoursesWithTheExercisesOwnOnTop) {
  const check::GradeRequest alpha = prepare("alpha");
  EXPECT_EQ(alpha.limits.wall_time, milliseconds(2000));
  EXPECT_EQ(alpha.limits.memory_bytes, ctx_.course.limits.memory_bytes);
  EXPECT_EQ(prepare("beta").limits.wall_time, milliseconds(4000));
}

TEST_F(GradeSetupTest, UnobservedWhenAskedSo) {
  options_.observe = false;
  EXPECT_FALSE(prepare("alpha").observe);
}

TEST_F(GradeSetupTest, RunsSeeNeitherTheCourseNorTheFoldersHidden) {
  options_.hidden = {course_.work() / "class"};
  const check::GradeRequest request = prepare("alpha");
  const std::vector<std::filesystem::path>& hidden = request.sandbox.containment.hidden;
  EXPECT_TRUE(contains(hidden, ctx_.course.root));
  EXPECT_TRUE(contains(hidden, course_.work() / "class"));
}

TEST_F(GradeSetupTest, TheBuildCacheIsUsedAndHiddenUnlessTurnedOff) {
  const check::GradeRequest cached = prepare("alpha");
  ASSERT_FALSE(cached.cache_dir.empty());
  EXPECT_TRUE(contains(cached.sandbox.containment.hidden, cached.cache_dir));
  options_.use_cache = false;
  EXPECT_TRUE(prepare("alpha").cache_dir.empty());
}

TEST_F(GradeSetupTest, ARunUserTheSystemCannotUseIsAUsageError) {
  options_.run_as = "no-such-user-for-grade";
  const std::string message = testing::error_of([&] { (void)prepare("alpha"); }, ErrorKind::kUsage);
  EXPECT_NE(message.find("cannot isolate submissions"), std::string::npos) << message;
}

}  // namespace
}  // namespace grade::cli

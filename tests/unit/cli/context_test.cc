#include "cli/context.h"

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "util/error.h"

namespace grade::cli {
namespace {

using Ids = std::vector<std::string>;

TEST(Context, FindsAnExerciseAndLoadsItsSpec) {
  testing::CliCourse course;
  const Context ctx = course.context();
  EXPECT_EQ(ctx.entry("beta").spec, course.root() / "exercises" / "beta.yaml");
  const spec::Exercise alpha = ctx.load("alpha");
  EXPECT_EQ(alpha.title, "Print a PID");
  EXPECT_EQ(alpha.max_score(), 4);
}

TEST(Context, AnUnknownExerciseIsAUsageErrorWithTheClosestId) {
  testing::CliCourse course;
  const Context ctx = course.context();
  const std::string message =
      testing::error_of([&] { (void)ctx.load("alpah"); }, ErrorKind::kUsage);
  EXPECT_NE(message.find("no exercise 'alpah' in course 'cli-test'"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'alpha'? (exercises: alpha, beta)"), std::string::npos)
      << message;
}

TEST(Context, AnIdLikeNoneListsTheExercises) {
  testing::CliCourse course;
  const Context ctx = course.context();
  const std::string message =
      testing::error_of([&] { (void)ctx.entry("zzzzzzzz"); }, ErrorKind::kUsage);
  EXPECT_NE(message.find("(exercises: alpha, beta)"), std::string::npos) << message;
}

TEST(Context, ASpecWhoseIdDiffersFromTheCourseListIsASpecError) {
  testing::CliCourse course;
  const Context ctx = course.context();
  std::string beta = testing::kBetaYaml;
  beta.replace(beta.find("id: beta"), 8, "id: gamma");
  std::ofstream(course.root() / "exercises" / "beta.yaml") << beta;
  const std::string message = testing::error_of([&] { (void)ctx.load("beta"); }, ErrorKind::kSpec);
  EXPECT_NE(message.find("the spec's id is 'gamma', but course.yaml lists it as 'beta'"),
            std::string::npos)
      << message;
}

TEST(Context, ASpecNamingALanguageTheCourseLacksIsASpecError) {
  testing::CliCourse course;
  const Context ctx = course.context();
  std::string beta = testing::kBetaYaml;
  beta.replace(beta.find("extract:"), 8, "languages: [pyhton]\nextract:");
  std::ofstream(course.root() / "exercises" / "beta.yaml") << beta;
  const std::string message = testing::error_of([&] { (void)ctx.load("beta"); }, ErrorKind::kSpec);
  EXPECT_NE(message.find("beta.yaml:5:13: exercise 'beta' names the language 'pyhton', which "
                         "the course does not have (it has: python); did you mean 'python'?"),
            std::string::npos)
      << message;
}

TEST(Context, ChosenExercisesAreAllWhenNoneAreAskedFor) {
  testing::CliCourse course;
  EXPECT_EQ(course.context().chosen_exercises({}), (Ids{"alpha", "beta"}));
}

TEST(Context, ChosenExercisesKeepTheOrderAsked) {
  testing::CliCourse course;
  EXPECT_EQ(course.context().chosen_exercises({"beta", "alpha"}), (Ids{"beta", "alpha"}));
  EXPECT_EQ(course.context().chosen_exercises({"beta"}), (Ids{"beta"}));
}

TEST(Context, ChosenExercisesRefuseUnknownAndRepeatedIds) {
  testing::CliCourse course;
  const Context ctx = course.context();
  EXPECT_NE(testing::error_of(
                [&] {
                  (void)ctx.chosen_exercises({"alpha", "gamma"});
                },
                ErrorKind::kUsage)
                .find("'gamma'"),
            std::string::npos);
  EXPECT_EQ(testing::error_of(
                [&] {
                  (void)ctx.chosen_exercises({"beta", "alpha", "beta"});
                },
                ErrorKind::kUsage),
            "--exercises names beta twice");
}

}  // namespace
}  // namespace grade::cli

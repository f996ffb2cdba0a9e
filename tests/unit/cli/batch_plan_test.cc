#include "cli/batch_plan.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "util/sha256.h"

namespace grade::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(WorkerDeadline, EveryRunAndTheBuildAtItsWallTimeWithSlack) {
  spec::Language language;
  language.build_limits.wall_time = seconds(30);
  check::GradeRequest request;
  request.language = &language;
  request.limits.wall_time = seconds(2);
  request.repeat = 3;
  // (2 s + 10 s) for each of 3 runs, (30 s + 10 s) for the build, and a minute.
  EXPECT_EQ(worker_deadline(request), milliseconds(136000));
  request.repeat = 1;
  EXPECT_EQ(worker_deadline(request), milliseconds(112000));
}

class GradingFingerprintTest : public ::testing::Test {
 protected:
  std::string fingerprint() const {
    return grading_fingerprint(ctx_, ctx_.entry("alpha"), request_);
  }

  testing::CliCourse course_;
  Context ctx_ = course_.context();
  check::GradeRequest request_;
};

TEST_F(GradingFingerprintTest, IsTheSameForTheSameGrading) {
  EXPECT_EQ(fingerprint(), fingerprint());
  EXPECT_EQ(fingerprint().size(), 64U);  // SHA-256, hexadecimal
}

TEST_F(GradingFingerprintTest, ChangesWithEveryOptionThatJudgesRuns) {
  const std::string before = fingerprint();
  request_.repeat = 4;
  const std::string repeated = fingerprint();
  EXPECT_NE(repeated, before);
  request_.observe = !request_.observe;
  const std::string unobserved = fingerprint();
  EXPECT_NE(unobserved, repeated);
  request_.interpreter = "/usr/bin/python3";
  EXPECT_NE(fingerprint(), unobserved);
}

TEST_F(GradingFingerprintTest, ChangesWithTheSpecAndTheCourse) {
  const std::string before = fingerprint();
  std::ofstream(course_.root() / "exercises" / "alpha.yaml", std::ios::app) << "# edited\n";
  const std::string spec_edited = fingerprint();
  EXPECT_NE(spec_edited, before);
  std::ofstream(course_.root() / "course.yaml", std::ios::app) << "# edited\n";
  EXPECT_NE(fingerprint(), spec_edited);
}

TEST_F(GradingFingerprintTest, DiffersBetweenExercises) {
  EXPECT_NE(fingerprint(), grading_fingerprint(ctx_, ctx_.entry("beta"), request_));
}

TEST(PlanBatch, PlansEachExerciseForEveryLanguageInTheOrderAsked) {
  testing::CliCourse course;
  const Context ctx = course.context();
  GradeOptions options;
  options.interpreter = "/usr/bin/python3";
  options.use_cache = false;
  const BatchPlan plan = plan_batch(ctx, {"beta", "alpha"}, options);
  ASSERT_EQ(plan.exercises.size(), 2U);
  EXPECT_EQ(plan.exercises[0].id, "beta");
  EXPECT_EQ(plan.exercises[1].id, "alpha");
  EXPECT_EQ(plan.exercises[0].max_score, 2);
  EXPECT_EQ(plan.exercises[1].max_score, 4);
  EXPECT_EQ(plan.exercises[0].extensions, (std::vector<std::string>{".py"}));
  EXPECT_NE(plan.exercises[0].spec_sha256, plan.exercises[1].spec_sha256);
  ASSERT_EQ(plan.requests.size(), 2U);
  const check::GradeRequest& alpha = plan.requests.at({"alpha", "python"});
  EXPECT_EQ(alpha.exercise, &plan.specs[1]);
  EXPECT_EQ(alpha.exercise->id, "alpha");
  EXPECT_EQ(plan.exercises[1].deadline, worker_deadline(alpha));
  // The course has one language: the plan's fingerprint is that of its one request.
  EXPECT_EQ(plan.exercises[1].spec_sha256,
            sha256_hex(grading_fingerprint(ctx, ctx.entry("alpha"), alpha)));
}

}  // namespace
}  // namespace grade::cli

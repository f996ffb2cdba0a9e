// The scoring policy as course.yaml and an exercise spec write it (spec/scoring.h).
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "spec/course_loader.h"
#include "spec/scoring.h"
#include "support/spec_file.h"
#include "util/error.h"
#include "util/temp_dir.h"

namespace grade::spec {
namespace {

constexpr const char* kCourseHead = R"(id: c
title: C
languages:
  python:
    extensions: [".py"]
    run: ["python3", "{source}"]
exercises: [ex1]
)";

// A course folder with course.yaml = kCourseHead + `tail`.
class ScoringSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "exercises");
    std::ofstream(dir_.path() / "exercises" / "ex1.yaml") << "id: ex1\n";
  }

  Course load(const std::string& tail) const {
    std::ofstream(file()) << kCourseHead << tail;
    return load_course(file());
  }

  // The message of the spec error, without the file's path.
  std::string error(const std::string& tail) const {
    try {
      (void)load(tail);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kSpec);
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(file().string(), 0), 0U) << message;
      return message.substr(file().string().size());
    }
    return "";
  }

  std::filesystem::path file() const { return dir_.path() / "course.yaml"; }

  TempDir dir_ = TempDir::create("grade-scoring-").value();
};

TEST_F(ScoringSpecTest, WithoutTheKeyEveryFailureKeepsPartialCredit) {
  const Course course = load("");
  for (const FailureKind kind : kFailureKinds) {
    EXPECT_EQ(course.scoring.rule(kind).credit, Credit::kPartial) << scoring_key(kind);
  }
}

TEST_F(ScoringSpecTest, ReadsEachKeyAndLeavesTheOthersPartial) {
  const Course course = load(
      "scoring:\n  limit: zero\n  no_expected_output: zero\n"
      "  failed: partial\n");
  EXPECT_EQ(course.scoring.rule(FailureKind::kLimit).credit, Credit::kZero);
  EXPECT_EQ(course.scoring.rule(FailureKind::kLimit).origin, RuleOrigin::kCourse);
  EXPECT_EQ(course.scoring.rule(FailureKind::kAbnormalEnd).credit, Credit::kPartial);
  EXPECT_EQ(course.scoring.rule(FailureKind::kNoExpectedOutput).credit, Credit::kZero);
  EXPECT_EQ(course.scoring.rule(FailureKind::kFailed).credit, Credit::kPartial);
}

TEST_F(ScoringSpecTest, AMisspeltValueIsAnErrorWithASuggestion) {
  EXPECT_EQ(error("scoring:\n  abnormal_end: zer0\n"),
            ":9:17: scoring abnormal_end must be 'zero' or 'partial', found 'zer0'; did you "
            "mean 'zero'?");
  EXPECT_EQ(error("scoring: {failed: none}\n"),
            ":8:19: scoring failed must be 'zero' or 'partial', found 'none'");
  EXPECT_EQ(error("scoring: {limit: 0}\n"),
            ":8:18: scoring limit must be 'zero' or 'partial', found '0'");
}

TEST_F(ScoringSpecTest, AMisspeltKeyIsAnErrorWithASuggestion) {
  EXPECT_EQ(error("scoring:\n  limits: zero\n"),
            ":9:3: unknown key 'limits' in scoring; did you mean 'limit'?");
  EXPECT_EQ(error("scoring:\n  abnormal_exit: zero\n"),
            ":9:3: unknown key 'abnormal_exit' in scoring; did you mean 'abnormal_end'?");
}

TEST_F(ScoringSpecTest, ScoringMustBeAMapping) {
  EXPECT_NE(error("scoring: zero\n"), "");
  EXPECT_EQ(error("scoring: zero\n").rfind(":8:10: ", 0), 0U) << error("scoring: zero\n");
}

TEST(ExerciseScoring, AnExerciseOverridesTheCourseRuleByRule) {
  const testing::SpecFile file(std::string(testing::kPidLineSpecHead) +
                               "  - {id: a, title: A, hint: h, exit: {code: 0}}\n"
                               "scoring:\n  limit: partial\n  failed: zero\n");
  const Exercise exercise = file.load();
  Scoring course;
  course.rules[static_cast<std::size_t>(FailureKind::kLimit)] = {Credit::kZero,
                                                                 RuleOrigin::kCourse};
  course.rules[static_cast<std::size_t>(FailureKind::kAbnormalEnd)] = {Credit::kZero,
                                                                       RuleOrigin::kCourse};
  const Scoring policy = exercise.scoring.apply_to(course, RuleOrigin::kExercise);
  EXPECT_EQ(policy.rule(FailureKind::kLimit).credit, Credit::kPartial);
  EXPECT_EQ(policy.rule(FailureKind::kLimit).origin, RuleOrigin::kExercise);
  EXPECT_EQ(policy.rule(FailureKind::kAbnormalEnd).credit, Credit::kZero);  // the course's
  EXPECT_EQ(policy.rule(FailureKind::kAbnormalEnd).origin, RuleOrigin::kCourse);
  EXPECT_EQ(policy.rule(FailureKind::kFailed).credit, Credit::kZero);
  EXPECT_EQ(policy.rule(FailureKind::kFailed).origin, RuleOrigin::kExercise);
}

TEST(ExerciseScoring, AMisspeltValueInAnExerciseIsAnErrorAtItsPlace) {
  const testing::SpecFile file(std::string(testing::kPidLineSpecHead) +
                               "  - {id: a, title: A, hint: h, exit: {code: 0}}\n"
                               "scoring: {no_expected_output: partal}\n");
  try {
    (void)file.load();
    ADD_FAILURE() << "loaded";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              file.path().string() +
                  ":10:31: scoring no_expected_output must be 'zero' or 'partial', found "
                  "'partal'; did you mean 'partial'?");
  }
}

TEST(ScoringWords, DescribeSaysEachRuleAndMarksTheExercisesOwn) {
  Scoring scoring;
  scoring.rules[static_cast<std::size_t>(FailureKind::kLimit)] = {Credit::kZero,
                                                                  RuleOrigin::kExercise};
  EXPECT_EQ(describe(scoring),
            (std::vector<std::string>{
                "a run stopped by a limit (time, memory, output, processes): 0 points (this "
                "exercise's own rule)",
                "a program that crashes or ends with a non-zero exit status: the points of the "
                "checks that passed",
                "a program that prints none of the lines asked for: the points of the checks "
                "that passed",
                "any other failure: the points of the checks that passed"}));
  EXPECT_EQ(scoring_key(FailureKind::kNoExpectedOutput), "no_expected_output");
  EXPECT_EQ(credit_name(Credit::kZero), "zero");
}

}  // namespace
}  // namespace grade::spec

// The score of a grading under each rule of the scoring policy (check/scoring.h), through the
// Grader on canned runs: the score every report shows is decided there.
#include "check/scoring.h"

#include <csignal>
#include <fstream>

#include <gtest/gtest.h>

#include "check/grader.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using spec::Credit;
using spec::FailureKind;
using spec::RuleOrigin;
using testing::exited;

// Three right lines: the checks of kProcessesSpec other than the exit status are worth 6 of 7.
constexpr const char* kGood = "Process ID: 1\nProcess ID: 2\nProcess ID: 3\n";

run::RunResult timed_out(std::string out) {
  run::RunResult r = exited(0, std::move(out));
  r.exit_code.reset();
  r.signal = SIGKILL;
  r.timed_out = true;
  return r;
}

run::RunResult killed_by(int signal, std::string out) {
  run::RunResult r = exited(0, std::move(out));
  r.exit_code.reset();
  r.signal = signal;
  return r;
}

class ScoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    course_.id = "c";
    language_.id = "python";
    language_.extensions = {".py"};
    language_.run = {"{interpreter}", "{source}"};
    std::ofstream(submission()) << "print('hi')\n";
    request_.course = &course_;
    request_.exercise = &exercise_;
    request_.language = &language_;
    request_.submission = submission();
    request_.interpreter = "/usr/bin/python3";
    request_.repeat = 1;
  }

  std::filesystem::path submission() const { return spec_.path().parent_path() / "ex1.py"; }

  void course_gives(FailureKind kind, Credit credit) {
    course_.scoring.rules[static_cast<std::size_t>(kind)] = {credit, RuleOrigin::kCourse};
  }

  GradeResult grade(std::vector<run::RunResult> runs) {
    request_.repeat = static_cast<int>(runs.size());
    for (run::RunResult& r : runs) {
      runner_.push(std::move(r));
    }
    Grader grader(runner_, [](const std::filesystem::path& dir) {
      return std::vector<std::string>{"HOME=" + dir.string()};
    });
    return grader.grade(request_);
  }

  spec::Course course_;
  spec::Language language_;
  testing::SpecFile spec_{testing::kProcessesSpec};
  spec::Exercise exercise_ = spec_.load();
  GradeRequest request_;
  testing::FakeRunner runner_;
};

TEST_F(ScoringTest, WithoutAPolicyAFailedGradingKeepsThePointsOfItsChecks) {
  const GradeResult result = grade({timed_out(kGood)});
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  EXPECT_EQ(result.score, 6);
  ASSERT_TRUE(result.scoring.has_value());
  EXPECT_EQ(result.scoring->failure, FailureKind::kLimit);
  EXPECT_EQ(result.scoring->rule.credit, Credit::kPartial);
  EXPECT_EQ(result.scoring->checks_score, 6);
  EXPECT_EQ(result.scoring->reason, "");
}

TEST_F(ScoringTest, ARunStoppedByALimitScoresZeroWithTheReason) {
  course_gives(FailureKind::kLimit, Credit::kZero);
  const GradeResult result = grade({timed_out(kGood)});
  EXPECT_EQ(result.score, 0);
  ASSERT_TRUE(result.scoring.has_value());
  EXPECT_EQ(result.scoring->checks_score, 6);
  EXPECT_EQ(result.scoring->reason,
            "Scored 0: run 1 was stopped by the time limit, and this course gives no points to "
            "a program stopped by a limit; the checks that passed were worth 6 of 7 points.");
  // The checks keep their own points: the policy decides the total only.
  EXPECT_EQ(result.checks[1].points, 2);
}

TEST_F(ScoringTest, ALimitComesBeforeTheOtherKindsOfFailure) {
  course_gives(FailureKind::kLimit, Credit::kPartial);
  course_gives(FailureKind::kAbnormalEnd, Credit::kZero);
  course_gives(FailureKind::kNoExpectedOutput, Credit::kZero);
  const GradeResult result = grade({timed_out(kGood)});
  EXPECT_EQ(result.scoring->failure, FailureKind::kLimit);
  EXPECT_EQ(result.score, 6);
}

TEST_F(ScoringTest, AnAbnormalEndScoresZeroAndSaysHowTheRunEnded) {
  course_gives(FailureKind::kAbnormalEnd, Credit::kZero);
  GradeResult result = grade({exited(1, kGood)});
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.scoring->failure, FailureKind::kAbnormalEnd);
  EXPECT_EQ(result.scoring->reason,
            "Scored 0: run 1 ended with exit status 1, and this course gives no points to a "
            "program that does not finish normally; the checks that passed were worth 6 of 7 "
            "points.");
  result = grade({killed_by(SIGSEGV, kGood)});
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.scoring->reason.rfind("Scored 0: run 1 was ended by signal 11 (SIGSEGV), ", 0),
            0U)
      << result.scoring->reason;
}

TEST_F(ScoringTest, NoneOfTheExpectedLinesScoresZeroUnderItsRule) {
  // An untouched template: it ends normally and prints nothing the exercise looks for, so only
  // the exit check passes.
  GradeResult result = grade({exited(0, "TODO\n")});
  EXPECT_EQ(result.scoring->failure, FailureKind::kNoExpectedOutput);
  EXPECT_EQ(result.score, 1);
  course_gives(FailureKind::kNoExpectedOutput, Credit::kZero);
  result = grade({exited(0, "TODO\n")});
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.scoring->reason,
            "Scored 0: run 1 printed none of the lines the exercise asks for, and this course "
            "gives no points when none of those lines is printed; the checks that passed were "
            "worth 1 of 7 points.");
}

TEST_F(ScoringTest, AnyOtherFailureFollowsTheFailedRule) {
  course_gives(FailureKind::kNoExpectedOutput, Credit::kZero);
  GradeResult result = grade({exited(0, "Process ID: 1\nProcess ID: 2\n")});
  EXPECT_EQ(result.scoring->failure, FailureKind::kFailed);
  EXPECT_EQ(result.score, 1);  // exits; three-lines failed, the others skipped
  course_gives(FailureKind::kFailed, Credit::kZero);
  result = grade({exited(0, "Process ID: 1\nProcess ID: 2\n")});
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.scoring->reason,
            "Scored 0: a check failed in run 1, and this course gives no points unless every "
            "check passes; the checks that passed were worth 1 of 7 points.");
}

TEST_F(ScoringTest, APassedGradingHasFullMarksWhateverThePolicy) {
  for (const FailureKind kind : spec::kFailureKinds) {
    course_gives(kind, Credit::kZero);
  }
  const GradeResult result = grade({exited(0, kGood)});
  EXPECT_EQ(result.status, GradeStatus::kPassed);
  EXPECT_EQ(result.score, 7);
  EXPECT_FALSE(result.scoring.has_value());
}

TEST_F(ScoringTest, TheFailingRunDecidesAndIsNamed) {
  course_gives(FailureKind::kLimit, Credit::kZero);
  const GradeResult result = grade({exited(0, kGood), timed_out(kGood)});
  ASSERT_EQ(result.runs.size(), 2U);
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.scoring->reason.rfind("Scored 0: run 2 was stopped by the time limit", 0), 0U)
      << result.scoring->reason;
}

TEST_F(ScoringTest, AnExercisesRuleWinsAndIsNamedAsTheExercises) {
  course_gives(FailureKind::kLimit, Credit::kZero);
  exercise_.scoring.credits[static_cast<std::size_t>(FailureKind::kLimit)] = Credit::kPartial;
  GradeResult result = grade({timed_out(kGood)});
  EXPECT_EQ(result.score, 6);
  EXPECT_EQ(result.scoring->rule.origin, RuleOrigin::kExercise);

  course_gives(FailureKind::kAbnormalEnd, Credit::kPartial);
  exercise_.scoring.credits[static_cast<std::size_t>(FailureKind::kAbnormalEnd)] = Credit::kZero;
  result = grade({exited(3, kGood)});
  EXPECT_EQ(result.score, 0);
  EXPECT_NE(result.scoring->reason.find(", and this exercise gives no points to a program that "
                                        "does not finish normally;"),
            std::string::npos)
      << result.scoring->reason;
}

TEST_F(ScoringTest, NothingToSayWhenThePointsWereZeroAnyway) {
  course_gives(FailureKind::kLimit, Credit::kZero);
  // Stopped before printing: the exit and count checks fail, the others are skipped.
  const GradeResult result = grade({timed_out("")});
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.scoring->failure, FailureKind::kLimit);
  EXPECT_EQ(result.scoring->checks_score, 0);
  EXPECT_EQ(result.scoring->reason, "");
}

}  // namespace
}  // namespace grade::check

#include "check/grader.h"

#include <gtest/gtest.h>

#include "support/fake_runner.h"
#include "support/spec_file.h"
#include "util/temp_dir.h"

namespace grade::check {
namespace {

using testing::exited;

class GraderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    course_.id = "c";
    course_.title = "Course";
    language_.id = "python";
    language_.extensions = {".py"};
    language_.build = {"{interpreter}", "-c", "compile", "{source}"};
    language_.run = {"{interpreter}", "{source}"};
    std::ofstream(submission_.path().parent_path() / "ex1.py") << "print('hi')\n";
    request_.course = &course_;
    request_.exercise = &exercise_;
    request_.language = &language_;
    request_.submission = submission_.path().parent_path() / "ex1.py";
    request_.interpreter = "/usr/bin/python3";
    request_.repeat = 3;
  }

  GradeResult grade() {
    Grader grader(runner_, [](const std::filesystem::path& dir) {
      return std::vector<std::string>{"HOME=" + dir.string()};
    });
    return grader.grade(request_);
  }

  static constexpr const char* kGood = "Process ID: 1\nProcess ID: 2\nProcess ID: 3\n";
  spec::Course course_;
  spec::Language language_;
  testing::SpecFile submission_{testing::kProcessesSpec};
  spec::Exercise exercise_ = submission_.load();
  GradeRequest request_;
  testing::FakeRunner runner_;
};

TEST_F(GraderTest, BuildsThenRunsEveryRepeat) {
  runner_.push(exited(0, ""));
  for (int i = 0; i < 3; ++i) {
    runner_.push(exited(0, kGood));
  }
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kPassed);
  EXPECT_EQ(result.score, 7);
  EXPECT_EQ(result.max_score, 7);
  EXPECT_EQ(result.runs.size(), 3U);
  EXPECT_EQ(result.submission.sha256.size(), 64U);
  ASSERT_EQ(runner_.commands().size(), 4U);
  EXPECT_EQ(runner_.commands()[0].argv,
            (std::vector<std::string>{"/usr/bin/python3", "-c", "compile", "ex1.py"}));
  EXPECT_EQ(runner_.commands()[1].argv, (std::vector<std::string>{"/usr/bin/python3", "ex1.py"}));
  // Every run gets a fresh folder of its own, and the environment built for it.
  EXPECT_NE(runner_.commands()[1].cwd, runner_.commands()[2].cwd);
  EXPECT_EQ(runner_.commands()[1].env,
            std::vector<std::string>{"HOME=" + runner_.commands()[1].cwd.string()});
}

TEST_F(GraderTest, StopsAtTheFirstFailingRun) {
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  runner_.push(exited(0, "Process ID: 1\nProcess ID: 1\nProcess ID: 3\n"));
  runner_.push(exited(0, kGood));  // never used
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  ASSERT_EQ(result.runs.size(), 2U);
  EXPECT_TRUE(result.runs[0].passed);
  EXPECT_FALSE(result.runs[1].passed);
  EXPECT_EQ(result.score, 4);  // the failing run decides
  EXPECT_EQ(runner_.commands().size(), 3U);
}

TEST_F(GraderTest, TellsEachStepBeforeItStartsAndPassesTheCancelFd) {
  std::vector<std::pair<Progress::Phase, int>> told;
  request_.progress = [&](const Progress& p) {
    told.emplace_back(p.phase, p.run);
    EXPECT_EQ(p.phase == Progress::Phase::kRun ? 3 : 0, p.of);
    EXPECT_EQ(runner_.commands().size(), told.size() - 1) << "told before the step runs";
  };
  request_.cancel_fd = 42;
  runner_.push(exited(0, ""));
  for (int i = 0; i < 3; ++i) {
    runner_.push(exited(0, kGood));
  }
  EXPECT_EQ(grade().status, GradeStatus::kPassed);
  EXPECT_EQ(told, (std::vector<std::pair<Progress::Phase, int>>{{Progress::Phase::kBuild, 0},
                                                                {Progress::Phase::kRun, 1},
                                                                {Progress::Phase::kRun, 2},
                                                                {Progress::Phase::kRun, 3}}));
  for (const run::Command& command : runner_.commands()) {
    EXPECT_EQ(command.cancel_fd, 42);
  }
}

TEST_F(GraderTest, AnInterruptedRunStopsTheGradingWithoutAVerdict) {
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  run::RunResult stopped = exited(0, "Process ID: 1\n");
  stopped.exit_code.reset();
  stopped.signal = 9;
  stopped.interrupted = true;
  runner_.push(stopped);
  runner_.push(exited(0, kGood));  // never used
  const GradeResult result = grade();
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(result.status, GradeStatus::kError);
  EXPECT_EQ(runner_.commands().size(), 3U);
}

TEST_F(GraderTest, AnInterruptedBuildRunsNothing) {
  run::RunResult stopped;
  stopped.pid = 4100;
  stopped.signal = 9;
  stopped.interrupted = true;
  runner_.push(stopped);
  const GradeResult result = grade();
  EXPECT_TRUE(result.interrupted);
  EXPECT_TRUE(result.runs.empty());
  EXPECT_EQ(runner_.commands().size(), 1U);
}

TEST_F(GraderTest, CompileErrorFailsWithoutRunning) {
  run::RunResult build = exited(1, "");
  build.err.data = "SyntaxError: invalid syntax\n";
  runner_.push(build);
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  ASSERT_TRUE(result.build.has_value());
  EXPECT_FALSE(result.build->ok);
  EXPECT_TRUE(result.runs.empty());
  EXPECT_EQ(result.score, 0);
  for (const CheckResult& c : result.checks) {
    EXPECT_EQ(c.status, CheckStatus::kSkip);
  }
}

TEST_F(GraderTest, HiddenChecksAreMarkedWhetherRunOrNot) {
  exercise_.checks[2].hidden = true;  // distinct
  runner_.push(exited(0, ""));
  runner_.push(exited(0, "Process ID: 1\nProcess ID: 1\nProcess ID: 3\n"));
  const GradeResult ran = grade();
  ASSERT_EQ(ran.checks.size(), 4U);
  EXPECT_TRUE(ran.checks[2].hidden);
  EXPECT_EQ(ran.checks[2].status, CheckStatus::kFail);
  EXPECT_TRUE(ran.runs[0].checks[2].hidden);
  EXPECT_FALSE(ran.checks[1].hidden);
  EXPECT_EQ(ran.score, 4);  // a failed hidden check costs its points like any other

  run::RunResult build = exited(1, "");
  runner_.push(build);
  const GradeResult not_run = grade();
  ASSERT_EQ(not_run.checks.size(), 4U);
  EXPECT_TRUE(not_run.checks[2].hidden) << "skipped checks keep the mark";
  EXPECT_FALSE(not_run.checks[0].hidden);
}

TEST_F(GraderTest, ProgramThatCannotStartIsAGraderError) {
  language_.build.clear();
  run::RunResult missing;
  missing.spawn_error = "no such file: /nope/python3";
  runner_.push(missing);
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kError);
  EXPECT_NE(result.error.find("could not start the program"), std::string::npos);
}

TEST_F(GraderTest, SuccessfulBuildIsRememberedForTheSameContent) {
  const TempDir cache = TempDir::create("grade-cache-").value();
  request_.cache_dir = cache.path();
  request_.repeat = 1;
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  EXPECT_FALSE(grade().build->cached);
  runner_.push(exited(0, kGood));
  const GradeResult again = grade();
  EXPECT_EQ(again.status, GradeStatus::kPassed);
  EXPECT_TRUE(again.build->cached);
  EXPECT_TRUE(again.build->ok);
  EXPECT_EQ(runner_.commands().size(), 3U) << "the second grading ran no build";

  std::ofstream(request_.submission, std::ios::app) << "# changed\n";
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  EXPECT_FALSE(grade().build->cached) << "new content, new build";
}

TEST_F(GraderTest, FailedBuildIsNotRemembered) {
  const TempDir cache = TempDir::create("grade-cache-").value();
  request_.cache_dir = cache.path();
  runner_.push(exited(1, ""));
  EXPECT_EQ(grade().status, GradeStatus::kFailed);
  runner_.push(exited(1, ""));
  EXPECT_FALSE(grade().build->cached);
  EXPECT_EQ(runner_.commands().size(), 2U);
}

}  // namespace
}  // namespace grade::check

namespace grade::check {
namespace {

TEST(ExpandCommand, WhatAPlaceholderStandsForIsNotExpandedAgain) {
  const Placeholders values{"/usr/bin/python3", "", "a{stem}{source}.py"};
  EXPECT_EQ(expand_command({"{interpreter}", "-c", "{source}", "x{stem}y", "{unknown}"}, values),
            (std::vector<std::string>{"/usr/bin/python3", "-c", "a{stem}{source}.py",
                                      "xa{stem}{source}y", "{unknown}"}));
}

TEST_F(GraderTest, AFileNameStartingWithADashIsNotAnOption) {
  request_.submission = submission_.path().parent_path() / "-c.py";
  std::ofstream(request_.submission) << "print('hi')\n";
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  request_.repeat = 1;
  grade();
  ASSERT_EQ(runner_.commands().size(), 2U);
  EXPECT_EQ(runner_.commands()[1].argv, (std::vector<std::string>{"/usr/bin/python3", "./-c.py"}));
}

TEST_F(GraderTest, ANotebookIsGradedAsTheProgramOfItsCodeCells) {
  language_.id = "notebook";
  language_.extensions = {".ipynb"};
  language_.notebook = true;
  request_.submission = submission_.path().parent_path() / "ex1.ipynb";
  std::ofstream(request_.submission)
      << R"nb({"cells": [{"cell_type": "code", "source": "print(1)", "metadata": {},)nb"
      << R"nb( "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4,)nb"
      << R"nb( "nbformat_minor": 5})nb";
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  request_.repeat = 1;
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kPassed) << result.error;
  EXPECT_EQ(result.submission.language, "notebook");
  ASSERT_EQ(runner_.commands().size(), 2U);
  // The commands name the program the cells make, <stem>.py, never the notebook.
  EXPECT_EQ(runner_.commands()[0].argv,
            (std::vector<std::string>{"/usr/bin/python3", "-c", "compile", "ex1.py"}));
  EXPECT_EQ(runner_.commands()[1].argv, (std::vector<std::string>{"/usr/bin/python3", "ex1.py"}));
}

TEST_F(GraderTest, ANotebookThatCannotBeReadFailsWithoutRunning) {
  language_.notebook = true;
  request_.submission = submission_.path().parent_path() / "ex1.ipynb";
  std::ofstream(request_.submission) << "{\"cells\": [";
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  EXPECT_NE(result.error.find("ex1.ipynb is not valid JSON"), std::string::npos) << result.error;
  EXPECT_TRUE(runner_.commands().empty());
  EXPECT_TRUE(result.runs.empty());
}

}  // namespace
}  // namespace grade::check

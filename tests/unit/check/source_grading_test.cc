// The analysis of how a program is written in a grading: once, after the build and before the
// runs, only when a source check needs it; a failed analysis is the grader's error.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "check/grader.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using testing::exited;

constexpr const char* kChecks = R"(
  - {id: lines, title: Lines, count: {of: pid_line, equals: 1}}
  - {id: lock, title: Uses a lock, source: {calls: threading.Lock}}
  - {id: guard, title: Guard, level: advice, source: {main_guard: true}}
)";

constexpr const char* kFacts = R"({"imports": [], "calls": [{"line": 4, "name": "threading.Lock"}],
  "with": [], "main_guard": [], "dropped": 0})";

class SourceGradingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    language_.id = "python";
    language_.build = {"{interpreter}", "-c", "compile", "{source}"};
    language_.run = {"{interpreter}", "{source}"};
    language_.analyze = "python";
    std::ofstream(submission_) << "print('hi')\n";
    request_.course = &course_;
    request_.exercise = &exercise_;
    request_.language = &language_;
    request_.submission = submission_;
    request_.interpreter = "/usr/bin/python3";
    request_.repeat = 2;
    // What the analysis finds in its folder: the program and the analyzer.
    runner_.on_run = [this](const run::Command& command) {
      if (command.argv.size() > 3 && command.argv[3] == ".grade-source-facts.py") {
        seen_script_ = std::filesystem::exists(command.cwd / command.argv[3]) &&
                       std::filesystem::exists(command.cwd / "ex1.py");
      }
    };
  }

  GradeResult grade() {
    Grader grader(runner_, [](const std::filesystem::path&) { return std::vector<std::string>{}; });
    return grader.grade(request_);
  }

  testing::SpecFile spec_{std::string(testing::kPidLineSpecHead) + kChecks};
  std::filesystem::path submission_ = spec_.path().parent_path() / "ex1.py";
  spec::Course course_;
  spec::Language language_;
  spec::Exercise exercise_ = spec_.load();
  GradeRequest request_;
  testing::FakeRunner runner_;
  bool seen_script_ = false;
};

TEST_F(SourceGradingTest, AnalysedOnceBetweenTheBuildAndTheRuns) {
  runner_.push(exited(0, ""));      // build
  runner_.push(exited(0, kFacts));  // analysis
  runner_.push(exited(0, "Process ID: 1\n"));
  runner_.push(exited(0, "Process ID: 1\n"));
  const GradeResult result = grade();
  ASSERT_EQ(runner_.commands().size(), 4U);
  EXPECT_EQ(runner_.commands()[1].argv,
            (std::vector<std::string>{"/usr/bin/python3", "-I", "-S", ".grade-source-facts.py",
                                      "--file", "ex1.py"}));
  EXPECT_FALSE(runner_.commands()[1].observe);
  EXPECT_TRUE(seen_script_);
  // The failing advice (no guard) neither fails the grading nor costs points.
  EXPECT_EQ(result.status, GradeStatus::kPassed) << result.error;
  EXPECT_EQ(result.score, 2);
  EXPECT_EQ(result.max_score, 2);
  ASSERT_EQ(result.checks.size(), 3U);
  EXPECT_EQ(result.checks[1].status, CheckStatus::kPass);
  EXPECT_EQ(result.checks[2].status, CheckStatus::kFail);
  EXPECT_TRUE(result.checks[2].advice);
}

TEST_F(SourceGradingTest, ARequiredSourceCheckFailsTheGrading) {
  runner_.push(exited(0, ""));
  runner_.push(exited(0, R"({"imports": [], "calls": [], "with": [], "main_guard": []})"));
  runner_.push(exited(0, "Process ID: 1\n"));
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  EXPECT_EQ(result.checks[1].message,
            "expected a call of threading.Lock() in your program, found none");
  EXPECT_EQ(result.runs.size(), 1U);
}

TEST_F(SourceGradingTest, AFailedAnalysisIsTheGradersErrorNeverAPass) {
  runner_.push(exited(0, ""));
  run::RunResult crashed = exited(1, "");
  crashed.err.data = "Traceback (most recent call last):\nMemoryError\n";
  runner_.push(crashed);
  const GradeResult crash = grade();
  EXPECT_EQ(crash.status, GradeStatus::kError);
  EXPECT_NE(crash.error.find("the analysis of how the program is written failed"),
            std::string::npos)
      << crash.error;
  EXPECT_NE(crash.error.find("MemoryError"), std::string::npos) << crash.error;
  EXPECT_TRUE(crash.runs.empty());

  runner_.push(exited(0, ""));
  runner_.push(exited(0, "{\"imports\": 3}"));
  const GradeResult garbled = grade();
  EXPECT_EQ(garbled.status, GradeStatus::kError);
  EXPECT_EQ(garbled.score, 0);
}

TEST_F(SourceGradingTest, NotAnalysedWithoutASourceCheckOrAnAnalyzer) {
  language_.analyze.clear();  // the check is then skipped, as for an unobserved run
  runner_.push(exited(0, ""));
  runner_.push(exited(0, "Process ID: 1\n"));
  runner_.push(exited(0, "Process ID: 1\n"));
  const GradeResult result = grade();
  EXPECT_EQ(runner_.commands().size(), 3U);
  EXPECT_EQ(result.checks[1].status, CheckStatus::kSkip);
}

}  // namespace
}  // namespace grade::check

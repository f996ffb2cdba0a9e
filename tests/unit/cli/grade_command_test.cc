#include "cli/grade_command.h"

#include <fstream>
#include <string>

#include <CLI/CLI.hpp>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "util/error.h"

namespace grade::cli {
namespace {

// Each case fails before anything runs: no grading happens in these tests.
class GradeCommandTest : public ::testing::Test {
 protected:
  // `grade ARGS` run on the test course.
  int run(const std::string& args) {
    app_.parse(args, false);
    return line_.command(course_.context());
  }
  std::string usage_error(const std::string& args) {
    return testing::error_of([&] { (void)run(args); }, ErrorKind::kUsage);
  }

  testing::CliCourse course_;
  CLI::App app_{"grade: a description", "grade"};
  CommandLine line_;

  void SetUp() override { add_grade_command(app_, line_); }
};

TEST_F(GradeCommandTest, WithoutAnExerciseShowsTheHelpOnStderrWithExitCode2) {
  EXPECT_EQ(run(""), static_cast<int>(ExitCode::kUsage));
  EXPECT_EQ(course_.err(), app_.help());
  EXPECT_NE(course_.err().find("grade: a description"), std::string::npos) << course_.err();
  EXPECT_EQ(course_.out(), "");
}

TEST_F(GradeCommandTest, AnUnknownExerciseIsAUsageError) {
  EXPECT_NE(usage_error("gamma").find("no exercise 'gamma'"), std::string::npos);
}

TEST_F(GradeCommandTest, ANamedSubmissionMustExist) {
  EXPECT_EQ(usage_error("alpha nope.py"), "no such file: nope.py");
}

TEST_F(GradeCommandTest, WithoutASubmissionTheExercisesFileHereIsMissed) {
  EXPECT_EQ(usage_error("alpha"),
            "no alpha.py in this folder; start one with `grade init alpha`, or name the file: "
            "grade alpha path/to/file.py");
}

TEST_F(GradeCommandTest, AFileOfNoLanguageOfTheCourseIsAUsageError) {
  std::ofstream(course_.work() / "alpha.txt") << "print('hi')\n";
  const std::string message = usage_error("alpha alpha.txt");
  EXPECT_EQ(message, "alpha.txt: alpha takes programs in python (.py); this file is none of them");
}

}  // namespace
}  // namespace grade::cli

#include "cli/app.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "util/error.h"

namespace grade::cli {
namespace {

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

// `grade ARGS...` run in this process, its stdout and stderr captured.
Outcome run(std::vector<std::string> args) {
  args.insert(args.begin(), "grade");
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  Outcome outcome;
  outcome.code = main(static_cast<int>(args.size()), argv.data());
  outcome.out = ::testing::internal::GetCapturedStdout();
  outcome.err = ::testing::internal::GetCapturedStderr();
  return outcome;
}

constexpr int kUsage = static_cast<int>(ExitCode::kUsage);

TEST(App, TellsItsVersion) {
  const Outcome outcome = run({"--version"});
  EXPECT_EQ(outcome.code, 0);
  EXPECT_EQ(outcome.out, std::string("grade ") + GRADE_VERSION + "\n");
}

// The student's commands come first, each with an example, then the instructor's.
TEST(App, HelpListsTheStudentsCommandsBeforeTheInstructors) {
  const Outcome outcome = run({"--help"});
  EXPECT_EQ(outcome.code, 0);
  std::size_t at = 0;
  const auto next = [&](const std::string& text) {
    const std::size_t found = outcome.out.find(text, at);
    EXPECT_NE(found, std::string::npos) << text << " after offset " << at << ":\n" << outcome.out;
    at = found == std::string::npos ? at : found;
  };
  for (const char* example :
       {"For students:", "  grade ex1 ", "  grade status ", "  grade list ", "  grade show ex2 ",
        "  grade init ex2 ", "For instructors:", "  grade validate ", "  grade batch "}) {
    next(example);
  }
  next("Commands for students:");
  for (const char* name : {"list", "show", "init", "status"}) {
    next(std::string("\n  ") + name + " ");
  }
  next("Commands for instructors:");
  for (const char* name : {"validate", "selftest", "batch", "export", "merge", "summary"}) {
    next(std::string("\n  ") + name + " ");
  }
  EXPECT_EQ(outcome.out.find("{false}"), std::string::npos) << outcome.out;
}

TEST(App, RunsTheCommandAskedOnTheCourseNamed) {
  testing::CliCourse course;
  const Outcome outcome = run({"list", "--course", course.root().string()});
  EXPECT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("A course for the command line (cli-test)"), std::string::npos)
      << outcome.out;
}

TEST(App, AParseErrorIsExitCode2BeforeTheCourseIsLookedFor) {
  EXPECT_EQ(run({"--repeat", "0", "ex1", "--course", "/nonexistent"}).code, kUsage);
  EXPECT_EQ(run({"--no-such-option"}).code, kUsage);
  EXPECT_EQ(run({"export", "xml", "--course", "/nonexistent"}).code, kUsage);
  const Outcome outcome = run({"--color", "sometimes", "--course", "/nonexistent"});
  EXPECT_EQ(outcome.code, kUsage);
  EXPECT_EQ(outcome.err.find("grade: error:"), std::string::npos) << outcome.err;
}

TEST(App, AnErrorIsPrintedEscapedWithItsExitCode) {
  testing::CliCourse course;
  const Outcome outcome = run({"show", "no\x1b[2Jsuch", "--course", course.root().string()});
  EXPECT_EQ(outcome.code, kUsage);
  EXPECT_EQ(outcome.err.rfind("grade: error: no exercise 'no\\x1b[2Jsuch'", 0), 0U) << outcome.err;
  EXPECT_EQ(outcome.out, "");
}

TEST(App, ACourseThatIsNotThereIsAUsageError) {
  const Outcome outcome = run({"list", "--course", "/nonexistent/course"});
  EXPECT_EQ(outcome.code, kUsage);
  EXPECT_EQ(outcome.err.rfind("grade: error: ", 0), 0U) << outcome.err;
}

TEST(App, WithoutAnExerciseShowsTheHelp) {
  testing::CliCourse course;
  const Outcome outcome = run({"--course", course.root().string()});
  EXPECT_EQ(outcome.code, kUsage);
  EXPECT_NE(outcome.err.find("Usage: grade [OPTIONS] [exercise] [submission] [SUBCOMMAND]"),
            std::string::npos)
      << outcome.err;
}

}  // namespace
}  // namespace grade::cli

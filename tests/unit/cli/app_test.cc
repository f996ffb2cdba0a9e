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

TEST(App, HelpNamesEverySubcommandInOrder) {
  const Outcome outcome = run({"--help"});
  EXPECT_EQ(outcome.code, 0);
  std::size_t at = outcome.out.find("Subcommands:");
  ASSERT_NE(at, std::string::npos) << outcome.out;
  for (const char* name : {"list", "show", "init", "batch", "export", "merge", "summary"}) {
    const std::size_t next = outcome.out.find(std::string("\n  ") + name + " ", at);
    EXPECT_NE(next, std::string::npos) << name << " after offset " << at << ":\n" << outcome.out;
    at = next;
  }
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

#include "cli/info_commands.h"

#include <fstream>
#include <iterator>
#include <string>

#include <CLI/CLI.hpp>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "run_command.h"
#include "util/error.h"

namespace grade::cli {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class InfoCommandsTest : public ::testing::Test {
 protected:
  int run(const std::string& args) {
    return testing::run_command(course_.context(), args, add_info_commands);
  }

  testing::CliCourse course_;
};

TEST_F(InfoCommandsTest, ListShowsEveryExerciseInTheCoursesOrder) {
  EXPECT_EQ(run("list"), 0);
  const std::string out = course_.out();
  EXPECT_TRUE(has(out, "A course for the command line (cli-test), from " +
                           (course_.root() / "course.yaml").string()))
      << out;
  EXPECT_TRUE(has(out, "  alpha  Print a PID     4 points\n")) << out;
  EXPECT_TRUE(has(out, "  beta   Print two PIDs  2 points\n")) << out;
  EXPECT_LT(out.find("alpha"), out.find("beta"));
}

TEST_F(InfoCommandsTest, ListPrintsNothingWhenASpecIsBroken) {
  std::ofstream(course_.root() / "exercises" / "beta.yaml") << "id: beta\n";
  EXPECT_THROW((void)run("list"), Error);
  EXPECT_EQ(course_.out(), "");
}

TEST_F(InfoCommandsTest, ShowGivesStudentsOnlyTheCountOfHiddenChecks) {
  EXPECT_EQ(run("show alpha"), 0);
  const std::string out = course_.out();
  EXPECT_TRUE(has(out, "alpha: Print a PID\n\n  Print the PID of your process.\n")) << out;
  EXPECT_TRUE(has(out, "What is checked (4 points; every check must pass in each of 1 runs)"))
      << out;
  EXPECT_TRUE(has(out, "  - One PID line (2 points)\n")) << out;
  EXPECT_FALSE(has(out, "secret")) << out;
  EXPECT_TRUE(has(out, "  - 1 hidden check whose details are not shown (1 point)\n")) << out;
  EXPECT_TRUE(has(out, "Limits per run: 2 s wall time")) << out;
  EXPECT_TRUE(has(out, "\nLanguages: python (.py).\n")) << out;
}

TEST_F(InfoCommandsTest, ShowGivesInstructorsEveryCheck) {
  // --view is an option of the top level, given after the subcommand.
  EXPECT_EQ(run("show alpha --view instructor"), 0);
  const std::string out = course_.out();
  EXPECT_TRUE(has(out, "  - The secret check (1 point, hidden)\n")) << out;
  EXPECT_FALSE(has(out, "not shown")) << out;
}

TEST_F(InfoCommandsTest, ShowTakesTheCoursesRepeatAndLimitsWhereTheSpecHasNone) {
  EXPECT_EQ(run("show beta"), 0);
  EXPECT_TRUE(has(course_.out(), "in each of 2 runs")) << course_.out();
  EXPECT_TRUE(has(course_.out(), "Limits per run: 4 s wall time")) << course_.out();
}

TEST_F(InfoCommandsTest, ShowNeedsAnExercise) {
  EXPECT_TRUE(has(testing::error_of([&] { (void)run("show"); }, ErrorKind::kUsage),
                  "grade show needs an exercise, e.g. grade show alpha (exercises: alpha, beta)"));
  EXPECT_TRUE(has(testing::error_of([&] { (void)run("init"); }, ErrorKind::kUsage),
                  "grade init needs an exercise, e.g. grade init alpha"));
  EXPECT_TRUE(has(testing::error_of([&] { (void)run("show gamma"); }, ErrorKind::kUsage),
                  "no exercise 'gamma'"));
}

TEST_F(InfoCommandsTest, InitCopiesTheStarterFileAndNeverOverwrites) {
  EXPECT_EQ(run("init alpha"), 0);
  const std::filesystem::path copy = course_.work() / "alpha.py";
  EXPECT_EQ(read(copy), testing::kAlphaStarter);
  EXPECT_EQ(course_.out(),
            "Created alpha.py from the starter file for alpha.\n"
            "When it is ready: grade alpha\n");
  std::ofstream(copy) << "# mine\n";
  const std::string message =
      testing::error_of([&] { (void)run("init alpha"); }, ErrorKind::kUsage);
  EXPECT_TRUE(has(message, "alpha.py already exists")) << message;
  EXPECT_EQ(read(copy), "# mine\n");
}

TEST_F(InfoCommandsTest, InitRefusesALanguageTheCourseHasNot) {
  EXPECT_EQ(testing::error_of([&] { (void)run("init alpha --lang cobol"); }, ErrorKind::kUsage),
            "alpha takes programs in python (.py); there is no 'cobol' among them");
  EXPECT_FALSE(std::filesystem::exists(course_.work() / "alpha.py"));
}

TEST_F(InfoCommandsTest, InitWithoutAStarterFileIsTheCoursesFault) {
  const std::string message =
      testing::error_of([&] { (void)run("init beta"); }, ErrorKind::kInternal);
  EXPECT_TRUE(has(message, "cannot copy the starter file")) << message;
}

}  // namespace
}  // namespace grade::cli

#include "cli/report_command.h"

#include <fstream>
#include <iterator>
#include <string>

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "batch/gradebook.h"
#include "cli_course.h"
#include "run_command.h"
#include "util/error.h"

namespace grade::cli {
namespace {

// A gradebook of the test course with one student whose id is markup, in the current folder.
class ReportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    batch::Gradebook::open(course_.work() / "gradebook.sqlite", batch::Gradebook::Mode::kCreate,
                           "cli-test")
        .add_students({"<i>s1</i>"});
  }

  int run(const std::string& args) {
    return testing::run_command(course_.context(), args, add_report_command);
  }

  testing::CliCourse course_;
};

TEST_F(ReportCommandTest, WritesOnePageOnStdoutByDefault) {
  EXPECT_EQ(run("report html"), 0);
  const std::string page = course_.out();
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("Class report: cli-test"), std::string::npos);
  EXPECT_NE(page.find(">alpha</h2>"), std::string::npos);
  EXPECT_NE(page.find(">beta</h2>"), std::string::npos);
}

TEST_F(ReportCommandTest, WritesAPrivateFileOfTheExercisesAsked) {
  EXPECT_EQ(run("report html --exercises beta -o class.html"), 0);
  EXPECT_EQ(course_.out(), "");
  const std::filesystem::path file = course_.work() / "class.html";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777U, 0600U);
  std::ifstream in(file);
  const std::string page{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(page.find(">beta</h2>"), std::string::npos);
  EXPECT_EQ(page.find(">alpha</h2>"), std::string::npos);
}

TEST_F(ReportCommandTest, RefusesAnotherFormatOrAMissingGradebook) {
  EXPECT_THROW((void)run("report pdf"), CLI::ValidationError);
  EXPECT_THROW((void)run("report"), CLI::RequiredError);
  EXPECT_FALSE(
      testing::error_of([&] { (void)run("report html --db none.sqlite"); }, ErrorKind::kUsage)
          .empty());
}

}  // namespace
}  // namespace grade::cli

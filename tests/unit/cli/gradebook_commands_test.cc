#include "cli/gradebook_commands.h"

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

// A gradebook of the test course with one student and no attempt, in the current folder.
class GradebookCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override { make_gradebook("gradebook.sqlite"); }

  void make_gradebook(const std::string& name) {
    batch::Gradebook book =
        batch::Gradebook::open(course_.work() / name, batch::Gradebook::Mode::kCreate, "cli-test");
    book.add_students({"s1"});
  }

  int run(const std::string& args) {
    return testing::run_command(course_.context(), args, add_gradebook_commands);
  }

  // The first line of what the command printed.
  std::string first_line() const {
    const std::string out = course_.out();
    return out.substr(0, out.find('\n') + 1);
  }

  testing::CliCourse course_;
};

TEST_F(GradebookCommandsTest, ExportsEveryExerciseWithATotalByDefault) {
  EXPECT_EQ(run("export csv"), 0);
  EXPECT_EQ(first_line(), "student_id,alpha,beta,total\r\n");
  EXPECT_EQ(course_.out().find("Points Possible"), std::string::npos) << course_.out();
}

TEST_F(GradebookCommandsTest, ExportsTheExercisesAskedWithoutTotal) {
  EXPECT_EQ(run("export csv --exercises beta --no-total"), 0);
  EXPECT_EQ(first_line(), "student_id,beta\r\n");
}

TEST_F(GradebookCommandsTest, ExportsAPointsPossibleRow) {
  EXPECT_EQ(run("export csv --points-possible"), 0);
  EXPECT_NE(course_.out().find("\r\nPoints Possible,"), std::string::npos) << course_.out();
}

TEST_F(GradebookCommandsTest, ExportsToAFileInTheCurrentFolder) {
  EXPECT_EQ(run("export csv -o grades.csv"), 0);
  EXPECT_EQ(course_.out(), "");
  std::ifstream in(course_.work() / "grades.csv");
  const std::string csv{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(csv.substr(0, csv.find('\n') + 1), "student_id,alpha,beta,total\r\n");
}

TEST_F(GradebookCommandsTest, ExportRefusesAnUnknownFormatOrExercise) {
  EXPECT_THROW((void)run("export xml"), CLI::ValidationError);
  EXPECT_THROW((void)run("export"), CLI::RequiredError);
  EXPECT_EQ(
      testing::error_of([&] { (void)run("export csv --exercises beta,beta"); }, ErrorKind::kUsage),
      "--exercises names beta twice");
}

TEST_F(GradebookCommandsTest, ExportReadsTheGradebookNamed) {
  make_gradebook("other.sqlite");
  batch::Gradebook::open(course_.work() / "other.sqlite", batch::Gradebook::Mode::kCreate,
                         "cli-test")
      .add_students({"s2"});
  EXPECT_EQ(run("export csv --db other.sqlite --no-total --exercises alpha"), 0);
  EXPECT_EQ(course_.out(), "student_id,alpha\r\ns1,\r\ns2,\r\n");
}

TEST_F(GradebookCommandsTest, MergesShardsIntoANewGradebook) {
  make_gradebook("shard.sqlite");
  EXPECT_EQ(run("merge all.sqlite shard.sqlite gradebook.sqlite"), 0);
  EXPECT_EQ(course_.out(), "merged 2 gradebook(s) into all.sqlite\n");
  EXPECT_TRUE(std::filesystem::exists(course_.work() / "all.sqlite"));
  EXPECT_THROW((void)run("merge all.sqlite"), CLI::RequiredError);
}

TEST_F(GradebookCommandsTest, MergeWarnsOfAGradebookOthersCouldRead) {
  ASSERT_EQ(::chmod((course_.work() / "gradebook.sqlite").c_str(), 0644), 0);
  make_gradebook("shard.sqlite");
  EXPECT_EQ(run("merge gradebook.sqlite shard.sqlite"), 0);
  EXPECT_EQ(course_.err().rfind("grade: warning: ", 0), 0U) << course_.err();
  EXPECT_NE(course_.err().find("was mode 0644, open to other users"), std::string::npos)
      << course_.err();
}

TEST_F(GradebookCommandsTest, SummaryShowsTheExercisesAsked) {
  EXPECT_EQ(run("summary --exercises beta"), 0);
  EXPECT_NE(course_.out().find("beta"), std::string::npos) << course_.out();
  EXPECT_EQ(course_.out().find("alpha"), std::string::npos) << course_.out();
}

// A Canvas gradebook export where alpha has a column named after its id, beta after its title.
constexpr const char* kCanvasExport =
    "Student,ID,SIS User ID,SIS Login ID,Section,alpha (11),Print two PIDs (12)\r\n"
    "    Points Possible,,,,,5,3\r\n"
    "\"Doe, Jane\",1,s1,jd,A,4,\r\n";

TEST_F(GradebookCommandsTest, ExportsACanvasFileFilledAndSaysWhatItDid) {
  std::ofstream(course_.work() / "canvas.csv") << kCanvasExport;
  EXPECT_EQ(run("export canvas --from canvas.csv -o import.csv"), 0);
  std::ifstream in(course_.work() / "import.csv");
  const std::string filled{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(filled, kCanvasExport);  // s1 has no score: the cells Canvas had stay
  EXPECT_NE(course_.err().find("alpha → \"alpha (11)\"\ngrade: canvas: beta → \"Print two "
                               "PIDs (12)\"\ngrade: canvas: 1 student matched, 0 scores written"),
            std::string::npos)
      << course_.err();
}

TEST_F(GradebookCommandsTest, ExportRefusesTheOptionsOfAnotherFormat) {
  std::ofstream(course_.work() / "canvas.csv") << kCanvasExport;
  const auto refused = [&](const std::string& args) {
    return testing::error_of([&] { (void)run(args); }, ErrorKind::kUsage);
  };
  EXPECT_EQ(refused("export canvas -o import.csv"),
            "grade export canvas needs --from FILE: the gradebook exported from Canvas");
  EXPECT_EQ(refused("export csv --from canvas.csv"),
            "--from and --column are options of grade export canvas");
  EXPECT_EQ(refused("export canvas --from canvas.csv --no-total"),
            "--points-possible and --no-total are options of grade export csv (a Canvas file "
            "keeps its own Points Possible row and columns)");
  EXPECT_EQ(refused("export canvas --from canvas.csv --match id -o import.csv"),
            "no student of the gradebook is in the Canvas file's \"ID\" column (the gradebook "
            "has \"s1\", Canvas \"1\"): match by another column with --match sis-user-id, "
            "sis-login-id or id");
  EXPECT_FALSE(std::filesystem::exists(course_.work() / "import.csv"));
}

}  // namespace
}  // namespace grade::cli

// `grade selftest` up to its first grading: usage errors, and near misses whose declarations are
// missing or wrong, reported all at once (exit 2) before anything is graded.
#include "cli/selftest_command.h"

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "run_command.h"
#include "support/contains.h"
#include "util/error.h"

namespace grade::cli {
namespace {

using grade::testing::contains;

class SelftestCommandTest : public ::testing::Test {
 protected:
  int run(const std::string& args) {
    return testing::run_command(course_.context(), args, add_selftest_command);
  }
  std::string usage_error(const std::string& args) {
    return testing::error_of([&] { (void)run(args); }, ErrorKind::kUsage);
  }
  void wrong(const std::string& name, const std::string& text) {
    const std::filesystem::path folder = course_.root() / "exercises" / "alpha" / "wrong";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / name) << text;
  }

  testing::CliCourse course_;
};

TEST_F(SelftestCommandTest, UsageErrorsNameWhatToDoInstead) {
  EXPECT_TRUE(contains(usage_error("selftest --language pyhton"),
                       "no language 'pyhton' in course 'cli-test'; did you mean 'python'?"));
  EXPECT_TRUE(contains(usage_error("selftest gamma"), "no exercise 'gamma'"));
  EXPECT_TRUE(contains(usage_error("--format junit selftest"), "writes a table or"));
  EXPECT_TRUE(contains(usage_error("--repeat 3 selftest"), "its --repeat N (after `selftest`)"));
}

TEST_F(SelftestCommandTest, DeclarationProblemsAreReportedBeforeAnythingIsGraded) {
  wrong("no_declaration.py", "print('Process ID: 1')\n");
  wrong("typo.py", "# selftest: fails one-lines\n");
  EXPECT_EQ(run("selftest alpha"), 2) << course_.out();
  EXPECT_TRUE(contains(course_.out(),
                       "no_declaration.py: error: no_declaration.py does not say "
                       "which check it must fail first: write `# selftest: fails "
                       "CHECK` in its first 10 lines"))
      << course_.out();
  EXPECT_TRUE(contains(course_.out(),
                       "typo.py:1:1: error: typo.py declares check 'one-lines', "
                       "which alpha does not have in python (did you mean "
                       "'one-line'?)"))
      << course_.out();
  EXPECT_TRUE(contains(course_.out(), "2 problems: nothing was graded")) << course_.out();
}

TEST_F(SelftestCommandTest, DeclarationProblemsInJsonAreOneDocument) {
  wrong("typo.py", "# selftest: fails one-lines\n");
  EXPECT_EQ(run("--format json selftest"), 2);
  const nlohmann::json document = nlohmann::json::parse(course_.out());
  EXPECT_EQ(document["selftest_version"], 1);
  EXPECT_EQ(document["holds"], false);
  ASSERT_EQ(document["problems"].size(), 1U);
  EXPECT_EQ(document["problems"][0]["line"], 1);
  EXPECT_EQ(document["problems"][0]["exercise"], "alpha");
}

}  // namespace
}  // namespace grade::cli

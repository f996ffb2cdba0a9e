#include "batch/junit_export.h"

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "gradebook_support.h"
#include "support/shell.h"

namespace grade::batch {
namespace {

using namespace grade::batch::testing;  // NOLINT(google-build-using-namespace): test helpers
using Outcome = report::JUnitCase::Outcome;

TEST(GradebookJUnit, OneSuitePerCurrentAttemptWithACasePerCheck) {
  check::CheckResult hidden = fail("secret", 2);
  hidden.hidden = true;
  const Attempt attempt = graded("alice", "ex1", at(1), {pass("lines", 3), hidden});
  const report::JUnitSuite suite = junit_suite(attempt, kCourse);
  EXPECT_EQ(suite.name, "alice/ex1");
  EXPECT_EQ(suite.classname, std::string(kCourse) + ".ex1");
  ASSERT_EQ(suite.cases.size(), 2U);
  EXPECT_EQ(suite.cases[0].name, "Title of lines");
  EXPECT_EQ(suite.cases[0].outcome, Outcome::kPassed);
  EXPECT_EQ(suite.cases[1].name, "Title of secret (hidden)");
  EXPECT_EQ(suite.cases[1].outcome, Outcome::kFailed);
  EXPECT_EQ(suite.cases[1].message, "saw nothing");
  EXPECT_EQ(suite.cases[1].details, "saw nothing\nHint: hint");
}

TEST(GradebookJUnit, ACheckCaseIsTheOneOfAJUnitReportOfTheGrading) {
  check::CheckResult quiet = fail("quiet", 1);
  quiet.message = "";
  check::CheckResult skipped = fail("later", 1);
  skipped.status = check::CheckStatus::kSkip;
  skipped.message = "not made: lines failed\nsecond line";
  const std::vector<check::CheckResult> checks = {fail("lines", 3), quiet, skipped};
  const report::JUnitSuite suite = junit_suite(graded("alice", "ex1", at(1), checks), kCourse);
  ASSERT_EQ(suite.cases.size(), checks.size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const report::JUnitCase expected =
        report::junit_check_case(checks[i], report::View::kInstructor);
    EXPECT_EQ(suite.cases[i].name, expected.name);
    EXPECT_EQ(suite.cases[i].outcome, expected.outcome);
    EXPECT_EQ(suite.cases[i].type, expected.type);
    EXPECT_EQ(suite.cases[i].message, expected.message);
    EXPECT_EQ(suite.cases[i].details, expected.details);
  }
  EXPECT_EQ(suite.cases[0].type, "check failed");
  EXPECT_EQ(suite.cases[1].message, "check failed") << "a failure without a message";
  EXPECT_EQ(suite.cases[2].message, "not made: lines failed");
}

TEST(GradebookJUnit, AFailedBuildIsAFailedBuildCase) {
  auto doc = nlohmann::json::parse(
      result_document("ex1", {}, std::string(64, 'a')));  // no checks: the build failed
  doc["status"] = "failed";
  doc["build"] = {{"ok", false}};
  doc["error"] = "ex1.py does not compile\nline 3";
  const auto attempt = attempt_from_result_json(doc.dump(), context("alice", "ex1", at(1)));
  ASSERT_TRUE(attempt.has_value()) << attempt.error();
  const report::JUnitSuite suite = junit_suite(*attempt, kCourse);
  ASSERT_EQ(suite.cases.size(), 1U);
  EXPECT_EQ(suite.cases[0].name, "build");
  EXPECT_EQ(suite.cases[0].outcome, Outcome::kFailed);
  EXPECT_EQ(suite.cases[0].type, "build failed");
  EXPECT_EQ(suite.cases[0].message, "ex1.py does not compile");
  EXPECT_EQ(suite.cases[0].details, "ex1.py does not compile\nline 3");
}

TEST(GradebookJUnit, AStudentIdIsShownEscaped) {
  const std::string id = "x\x1b]52;c;eA==\x07\nforged \u202eevil";
  const std::string shown = "x\\x1b]52;c;eA==\\x07\\nforged \\u202eevil";
  const report::JUnitSuite suite = junit_suite(graded(id, "ex1", at(1), {pass("x", 1)}), kCourse);
  EXPECT_EQ(suite.name, shown + "/ex1");
  EXPECT_EQ(suite.properties.front().second, shown);
  EXPECT_EQ(suite.system_out.substr(0, shown.size() + 1), shown + " ");
  const report::JUnitSuite error = junit_suite(
      error_attempt(context(id, "ex2", at(2)), std::string(64, 'a'), "cannot read " + id), kCourse);
  ASSERT_EQ(error.cases.size(), 1U);
  EXPECT_EQ(error.cases[0].message, "cannot read x\\x1b]52;c;eA==\\x07") << "the first line";
  EXPECT_EQ(error.cases[0].details, "cannot read x\\x1b]52;c;eA==\\x07\nforged \\u202eevil");
}

TEST(GradebookJUnit, MissingFilesAndGraderErrorsHaveACaseOfTheirOwn) {
  const Attempt missing = missing_attempt(context("bob", "ex2", at(2)), 14);
  const report::JUnitSuite a = junit_suite(missing, kCourse);
  ASSERT_EQ(a.cases.size(), 1U);
  EXPECT_EQ(a.cases[0].name, "submission");
  EXPECT_EQ(a.cases[0].outcome, Outcome::kFailed);

  const Attempt error = error_attempt(context("bob", "ex3", at(3)), std::string(64, 'b'),
                                      "the grading worker was killed by signal 9 (SIGKILL)");
  const report::JUnitSuite b = junit_suite(error, kCourse);
  ASSERT_EQ(b.cases.size(), 1U);
  EXPECT_EQ(b.cases[0].name, "grading");
  EXPECT_EQ(b.cases[0].outcome, Outcome::kError);
  EXPECT_EQ(b.cases[0].message, "the grading worker was killed by signal 9 (SIGKILL)");
  EXPECT_EQ(b.cases[0].type, "grader error") << "as in a JUnit report of one grading";
}

TEST(GradebookJUnit, TheClassDocumentIsValidJUnitWithOnlyCurrentAttempts) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Gradebook::Mode::kCreate, kCourse);
  book.record(graded("alice", "ex1", at(1), {fail("lines", 3)}));
  book.record(graded("alice", "ex1", at(5), {pass("lines", 3)}, 'b'));  // current
  check::CheckResult odd = fail("odd", 1);
  odd.message = "saw \x01\x1b[31m]]> & <tags> \xff";
  book.record(graded("bob \"<&>\"", "ex1", at(2), {odd}));
  book.record(missing_attempt(context("carol", "ex1", at(3)), 3));
  std::ostringstream out;
  export_junit(out, book);
  const std::string xml = out.str();
  EXPECT_EQ(xml.find("Title of lines\" time=\"0.000\">"), std::string::npos)
      << "the earlier, failed attempt of alice is not current:\n"
      << xml;
  const std::filesystem::path file = dir.path() / "class.xml";
  std::ofstream(file) << xml;
  const grade::testing::ShellResult lint = grade::testing::run_shell(
      "xmllint --noout --schema " +
      grade::testing::shell_quote(std::string(GRADE_SOURCE_DIR) + "/tests/schemas/junit.xsd") +
      " " + grade::testing::shell_quote(file.string()));
  EXPECT_EQ(lint.exit_status, 0) << lint.output << "\n" << xml;
  EXPECT_NE(xml.find("name=\"alice/ex1\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"carol/ex1\""), std::string::npos);
  EXPECT_EQ(std::count(xml.begin(), xml.end(), '\x01'), 0);
}

}  // namespace
}  // namespace grade::batch

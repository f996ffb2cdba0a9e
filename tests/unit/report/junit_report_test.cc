#include "report/junit_report.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sample_results.h"
#include "support/shell.h"
#include "util/temp_dir.h"

namespace grade::report {
namespace {

using Outcome = JUnitCase::Outcome;

std::string render(const check::GradeResult& r, View view = View::kStudent) {
  std::ostringstream out;
  write_junit_report(out, r, view);
  return out.str();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(JUnitReport, BuildThenOneCasePerCheck) {
  const JUnitSuite suite = to_junit(samples::failed(), View::kStudent);
  EXPECT_EQ(suite.name, "ex1");
  EXPECT_EQ(suite.classname, "os-processes.ex1");
  EXPECT_DOUBLE_EQ(suite.seconds, 0.05 + 0.12 + 0.12);
  ASSERT_EQ(suite.cases.size(), 4U);
  EXPECT_EQ(suite.cases[0].name, "build");
  EXPECT_EQ(suite.cases[0].outcome, Outcome::kPassed);
  EXPECT_EQ(suite.cases[1].outcome, Outcome::kPassed);
  const JUnitCase& failed = suite.cases[2];
  EXPECT_EQ(failed.name, "Starts three children");
  EXPECT_EQ(failed.outcome, Outcome::kFailed);
  EXPECT_EQ(failed.message, "expected 3 distinct child PIDs");
  EXPECT_EQ(failed.details,
            "expected 3 distinct child PIDs\nsaw 2: 4201, 4201\n"
            "Hint: call os.fork() once per child, in a loop");
  EXPECT_EQ(suite.cases[3].outcome, Outcome::kSkipped);
  EXPECT_TRUE(contains(suite.system_out, "Runs: run 2 of 5 failed")) << suite.system_out;
  EXPECT_TRUE(contains(suite.system_out, "  | ValueError: boom\n")) << suite.system_out;
}

TEST(JUnitReport, ACheckCaseByStatus) {
  check::CheckResult c{"pids",
                       "Starts three children",
                       check::CheckStatus::kFail,
                       0,
                       2,
                       "expected 3 PIDs\nsaw 2",
                       "use a loop"};
  JUnitCase failed = junit_check_case(c, View::kInstructor);
  EXPECT_EQ(failed.name, "Starts three children");
  EXPECT_EQ(failed.outcome, Outcome::kFailed);
  EXPECT_EQ(failed.type, "check failed");
  EXPECT_EQ(failed.message, "expected 3 PIDs");
  EXPECT_EQ(failed.details, "expected 3 PIDs\nsaw 2\nHint: use a loop");

  c.message.clear();
  EXPECT_EQ(junit_check_case(c, View::kInstructor).message, "check failed");

  c.status = check::CheckStatus::kSkip;
  const JUnitCase skipped = junit_check_case(c, View::kInstructor);
  EXPECT_EQ(skipped.outcome, Outcome::kSkipped);
  EXPECT_EQ(skipped.message, "not checked");

  c.status = check::CheckStatus::kPass;
  c.title.clear();
  const JUnitCase passed = junit_check_case(c, View::kInstructor);
  EXPECT_EQ(passed.outcome, Outcome::kPassed);
  EXPECT_EQ(passed.name, "pids") << "no title: the id";
}

TEST(JUnitReport, AHiddenCheckCaseInTheStudentViewIsNamedAfterItsIdOnly) {
  check::CheckResult c{"secret\n", "Secret title", check::CheckStatus::kFail, 0, 1, "m", "h"};
  c.hidden = true;
  EXPECT_EQ(junit_check_case(c, View::kInstructor).name, "Secret title");
  const std::string student = junit_check_case(c, View::kStudent).name;
  EXPECT_EQ(student.find("Secret"), std::string::npos) << student;
  EXPECT_NE(student.find("secret\\n"), std::string::npos) << "the id, escaped: " << student;
}

TEST(JUnitReport, AMessageIsTheFirstLineEscapedOrTheFallback) {
  EXPECT_EQ(junit_message("first\nsecond", "none"), "first");
  EXPECT_EQ(junit_message("a\x1b[31m", "none"), "a\\x1b[31m");
  EXPECT_EQ(junit_message("", "none"), "none");
  EXPECT_EQ(junit_message("\nsecond", "none"), "none");
}

TEST(JUnitReport, CountsAndElements) {
  const std::string xml = render(samples::failed());
  EXPECT_TRUE(contains(xml,
                       "<testsuite name=\"ex1\" tests=\"4\" failures=\"1\" errors=\"0\" "
                       "skipped=\"1\" time=\"0.290\">"))
      << xml;
  EXPECT_TRUE(contains(xml,
                       "<testcase classname=\"os-processes.ex1\" name=\"build\" "
                       "time=\"0.050\"/>"))
      << xml;
  EXPECT_TRUE(contains(xml,
                       "<failure message=\"expected 3 distinct child PIDs\" type=\"check "
                       "failed\">expected 3 distinct child PIDs\nsaw 2"))
      << xml;
  EXPECT_TRUE(contains(xml,
                       "<skipped message=\"skipped: needs &quot;Starts three children&quot; "
                       "to pass\"/>"))
      << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"score\" value=\"2\"/>")) << xml;
}

TEST(JUnitReport, FailedBuildFailsTheBuildCaseAndSkipsTheChecks) {
  const JUnitSuite suite = to_junit(samples::build_failed(), View::kStudent);
  ASSERT_EQ(suite.cases.size(), 1U) << "the sample has no checks";
  EXPECT_EQ(suite.cases[0].name, "build");
  EXPECT_EQ(suite.cases[0].outcome, Outcome::kFailed);
  EXPECT_EQ(suite.cases[0].message, "ex1.py does not compile; fix the syntax error first");
  EXPECT_TRUE(contains(suite.cases[0].details, "SyntaxError: '(' was never closed"));
}

TEST(JUnitReport, GraderErrorIsAnError) {
  const std::string xml = render(samples::error());
  EXPECT_TRUE(contains(xml, "errors=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml,
                       "<error message=\"could not start the program: python3: No such "
                       "file or directory\" type=\"grader error\">"))
      << xml;
}

TEST(JUnitReport, HiddenChecksFollowTheView) {
  const std::string student = render(samples::hidden_checks(), View::kStudent);
  EXPECT_FALSE(contains(student, "SECRET")) << student;
  EXPECT_FALSE(contains(student, "Uses processes")) << student;
  EXPECT_TRUE(contains(student, "name=\"hidden check (uses-processes)\"")) << student;
  EXPECT_TRUE(contains(student, "<property name=\"view\" value=\"student\"/>")) << student;

  const std::string instructor = render(samples::hidden_checks(), View::kInstructor);
  EXPECT_TRUE(contains(instructor, "name=\"Uses processes, not threads\"")) << instructor;
  EXPECT_TRUE(contains(instructor, "Hint: SECRET-HINT: use multiprocessing.Process"));
}

// Student output of the worst kind in every field that can carry it.
check::GradeResult hostile() {
  check::GradeResult r = samples::hostile_output();
  const std::string nasty =
      std::string("]]> <x a=\"1\"> & \x01\x02\x0b\x0c\x1b[31m \0 \xff\xfe ", 21) +
      "\xEF\xBF\xBF \xED\xA0\x80 ]]>";
  r.course_id = "c" + nasty;
  r.exercise_id = "e" + nasty;
  r.checks[0].title = "t" + nasty;
  r.checks[2].hint = "h" + nasty;
  r.checks[2].message = nasty + "\nsecond line";
  r.checks[1].status = check::CheckStatus::kSkip;
  r.checks[1].message = "s" + nasty;
  r.runs[0].result.out.data += nasty + "\n";
  r.runs[0].result.err.data = nasty;
  r.error = nasty;
  return r;
}

TEST(JUnitReport, ValidAgainstTheXsdWhateverTheOutputHolds) {
  if (testing::run_shell("command -v xmllint").exit_status != 0) {
    GTEST_SKIP() << "xmllint is missing (apt install libxml2-utils)";
  }
  const TempDir dir = TempDir::create("grade-junit-").value();
  const auto validate = [&](const std::string& name, const std::string& xml) {
    const std::filesystem::path file = dir.path() / (name + ".xml");
    std::ofstream(file, std::ios::binary) << xml;
    return testing::run_shell("xmllint --noout --schema " GRADE_SOURCE_DIR
                              "/tests/schemas/junit.xsd " +
                              testing::shell_quote(file.string()));
  };
  auto cases = samples::all();
  cases.emplace_back("hostile_everywhere", hostile());
  check::GradeResult hostile_error = hostile();
  hostile_error.status = check::GradeStatus::kError;
  cases.emplace_back("hostile_error", hostile_error);
  for (const auto& [name, result] : cases) {
    for (const View view : {View::kStudent, View::kInstructor}) {
      const testing::ShellResult v = validate(name, render(result, view));
      EXPECT_EQ(v.exit_status, 0) << name << " (" << view_name(view) << "): " << v.output;
    }
  }
  const std::string xml = render(hostile());
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_TRUE(contains(xml, "]]&gt; &lt;x a=&quot;1&quot;&gt; &amp;")) << xml;

  // The schema is not a rubber stamp.
  std::string two_outcomes = render(samples::failed());
  two_outcomes.replace(two_outcomes.find("<failure "), 9, "<skipped/><failure ");
  std::string no_name = render(samples::passed());
  no_name.replace(no_name.find(" name=\"build\""), 13, "");
  std::string bad_count = render(samples::passed());
  bad_count.replace(bad_count.find("tests=\"4\""), 9, "tests=\"four\"");
  for (const auto& [name, doc] :
       {std::pair{"two_outcomes", two_outcomes}, std::pair{"no_name", no_name},
        std::pair{"bad_count", bad_count}}) {
    EXPECT_NE(validate(name, doc).exit_status, 0) << name;
  }
}

}  // namespace
}  // namespace grade::report

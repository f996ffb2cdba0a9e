// `grade validate` over the small test course: every broken exercise reported at once with its
// place, warnings that do not fail, the exit code, and the JSON document's fields.
#include "cli/validate_command.h"

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "support/contains.h"
#include "util/error.h"

namespace grade::cli {
namespace {

using grade::testing::contains;

// Replaces the first `from` of an exercise file of the course with `to`.
void edit(const testing::CliCourse& course, const std::string& exercise, const std::string& from,
          const std::string& to) {
  const std::filesystem::path path = course.root() / "exercises" / (exercise + ".yaml");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(text.find(from), std::string::npos) << from;
  text.replace(text.find(from), from.size(), to);
  std::ofstream(path) << text;
}

TEST(Validate, TheTestCourseHasWarningsOnlyAndExitsZero) {
  testing::CliCourse course;
  const Context ctx = course.context();
  EXPECT_EQ(validate(ctx, Format::kText), 0) << course.out();
  // No check of the test course has a hint; beta has no starter file; nothing has a solution.
  EXPECT_TRUE(contains(course.out(), "alpha.yaml:"));
  EXPECT_TRUE(contains(course.out(), ": warning: check 'exits' has no hint"));
  EXPECT_FALSE(contains(course.out(), "check 'secret'")) << "hidden checks need no hint";
  EXPECT_TRUE(contains(course.out(), "exercise 'beta' has no starter file in python"));
  EXPECT_TRUE(contains(course.out(), "0 errors, 6 warnings in 2 exercises"));
}

TEST(Validate, EveryBrokenExerciseIsReportedWithItsPlace) {
  testing::CliCourse course;
  edit(course, "alpha", "    points: 2\n", "    point: 2\n");
  edit(course, "beta", "count: {of: pid_line", "count: {of: pid_lines");
  const Context ctx = course.context();
  const std::vector<spec::Problem> problems = validate_course(ctx);
  int errors = 0;
  for (const spec::Problem& p : problems) {
    if (p.severity == spec::Severity::kError) {
      ++errors;
      EXPECT_GT(p.where.line, 0) << p.message;
      EXPECT_GT(p.where.column, 0) << p.message;
    }
  }
  EXPECT_EQ(errors, 2);
  EXPECT_EQ(validate(ctx, Format::kText), 2);
  EXPECT_TRUE(contains(course.out(), "alpha.yaml:17:5: error: "));
  EXPECT_TRUE(contains(course.out(), "beta.yaml:"));
  EXPECT_TRUE(contains(course.out(), "2 errors, "));
}

// `grade validate` after one edit of an exercise file; its exit code.
int validate_edited(testing::CliCourse& course, const std::string& exercise,
                    const std::string& from, const std::string& to, Format format) {
  edit(course, exercise, from, to);
  return validate(course.context(), format);
}

TEST(Validate, ASpecWhoseIdDiffersIsAnErrorAtItsFile) {
  testing::CliCourse course;
  EXPECT_EQ(validate_edited(course, "beta", "id: beta", "id: gamma", Format::kText), 2);
  EXPECT_TRUE(contains(course.out(), "beta.yaml: error: the spec's id is 'gamma'"));
}

TEST(Validate, JsonHasTheDocumentedFieldsAndCounts) {
  testing::CliCourse course;
  EXPECT_EQ(validate_edited(course, "beta", "equals: 2", "equals: two", Format::kJson), 2);
  const nlohmann::json doc = nlohmann::json::parse(course.out());
  EXPECT_EQ(doc.at("course"), "cli-test");
  EXPECT_EQ(doc.at("exercises"), 2);
  ASSERT_EQ(doc.at("errors").size(), 1U);
  EXPECT_EQ(doc.at("error_count"), 1);
  EXPECT_EQ(doc.at("warning_count"), doc.at("warnings").size());
  const nlohmann::json& error = doc.at("errors").at(0);
  EXPECT_EQ(error.at("severity"), "error");
  EXPECT_EQ(error.at("exercise"), "beta");
  EXPECT_TRUE(contains(error.at("file").get<std::string>(), "beta.yaml"));
  EXPECT_GT(error.at("line").get<int>(), 0);
  EXPECT_GT(error.at("column").get<int>(), 0);
  EXPECT_FALSE(error.at("message").get<std::string>().empty());
  EXPECT_EQ(doc.at("warnings").at(0).at("severity"), "warning");
}

TEST(Validate, ABrokenCourseYamlIsTheOneErrorInJsonToo) {
  std::ostringstream out;
  const Error error(ErrorKind::kSpec, "/c/course.yaml:4:1: unknown key 'exercise'");
  EXPECT_EQ(validate_broken_course(error, Format::kJson, out), 2);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc.at("error_count"), 1);
  EXPECT_EQ(doc.at("manifest"), "/c/course.yaml");
  EXPECT_EQ(doc.at("errors").at(0).at("line"), 4);
  EXPECT_EQ(doc.at("errors").at(0).at("exercise"), "");
  std::ostringstream text;
  EXPECT_EQ(validate_broken_course(error, Format::kText, text), 2);
  EXPECT_EQ(text.str(),
            "/c/course.yaml:4:1: error: unknown key 'exercise'\n1 error, 0 warnings in 0 "
            "exercises\n");
}

TEST(Validate, OtherFormatsAreAUsageError) {
  testing::CliCourse course;
  const Context ctx = course.context();
  EXPECT_TRUE(
      contains(testing::error_of([&] { (void)validate(ctx, Format::kJunit); }, ErrorKind::kUsage),
               "text or json"));
}

}  // namespace
}  // namespace grade::cli

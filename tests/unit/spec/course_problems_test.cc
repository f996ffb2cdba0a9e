// What `grade validate` reports: loader errors split into place and text, and the warnings of
// an exercise that loads (checks without hints, checks never evaluated, missing files).
#include "spec/course_problems.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/contains.h"
#include "support/spec_file.h"
#include "util/temp_dir.h"

namespace grade::spec {
namespace {

using grade::testing::contains;

TEST(ProblemFromError, SplitsFileLineAndColumnFromTheMessage) {
  const Problem p = problem_from_error("/c/exercises/ex1.yaml:12:5: unknown key 'point'", "ex1");
  EXPECT_EQ(p.where.file, "/c/exercises/ex1.yaml");
  EXPECT_EQ(p.where.line, 12);
  EXPECT_EQ(p.where.column, 5);
  EXPECT_EQ(p.message, "unknown key 'point'");
  EXPECT_EQ(p.exercise, "ex1");
  EXPECT_EQ(p.severity, Severity::kError);
}

TEST(ProblemFromError, AColonInTheFileNameStaysInTheFileName) {
  const Problem p = problem_from_error("/c/a:b/ex1.yaml:3:1: bad: really", "ex1");
  EXPECT_EQ(p.where.file, "/c/a:b/ex1.yaml");
  EXPECT_EQ(p.where.line, 3);
  EXPECT_EQ(p.message, "bad: really");
}

TEST(ProblemFromError, AFileWithoutAPlaceHasLineZero) {
  const Problem p = problem_from_error("/c/exercises/ex9.yaml: cannot read the file", "ex9");
  EXPECT_EQ(p.where.file, "/c/exercises/ex9.yaml");
  EXPECT_EQ(p.where.line, 0);
  EXPECT_EQ(p.message, "cannot read the file");
}

TEST(ProblemFromError, AMessageWithoutAFileIsKeptWhole) {
  const Problem p = problem_from_error("something broke", "ex1");
  EXPECT_EQ(p.where.file, "");
  EXPECT_EQ(p.message, "something broke");
}

// A course with Python and C++ in a temporary folder; the exercise `ex` has a solution and a
// starter file in Python only.
class ExerciseWarnings : public ::testing::Test {
 protected:
  ExerciseWarnings() {
    course_.root = dir_.path();
    course_.languages = {Language{.id = "python", .extensions = {".py"}},
                         Language{.id = "cpp", .extensions = {".cpp"}}};
    entry_ = ExerciseEntry{"ex", dir_.path() / "exercises" / "ex.yaml"};
    for (const char* folder : {"solutions", "templates"}) {
      std::filesystem::create_directories(dir_.path() / folder / "python");
      std::filesystem::create_directories(dir_.path() / folder / "cpp");
      std::ofstream(dir_.path() / folder / "python" / "ex.py") << "print()\n";
      std::ofstream(dir_.path() / folder / "cpp" / "ex.cpp") << "int main() {}\n";
    }
  }

  std::vector<Problem> warnings(const std::string& checks,
                                const std::string& languages = "languages: [python]\n") {
    const grade::testing::SpecFile spec("id: ex\ntitle: t\nprompt: p\ncontract: c\n" + languages +
                                        "extract:\n  pid_line:\n    pattern: 'Process ID: "
                                        "(?P<pid>[0-9]+)'\nchecks:\n" +
                                        checks);
    return exercise_warnings(course_, entry_, spec.load());
  }

  static std::string all(const std::vector<Problem>& problems) {
    std::string text;
    for (const Problem& p : problems) {
      EXPECT_EQ(p.severity, Severity::kWarning);
      EXPECT_EQ(p.exercise, "ex");
      text += p.where.str() + ": " + p.message + "\n";
    }
    return text;
  }

  TempDir dir_ = TempDir::create("grade-problems-").value();
  Course course_;
  ExerciseEntry entry_;
};

TEST_F(ExerciseWarnings, NoneForHintedChecksWithTheirFiles) {
  EXPECT_EQ(all(warnings("  - {id: a, title: a, hint: h, exit: {code: 0}}\n")), "");
}

TEST_F(ExerciseWarnings, AVisibleCheckWithoutAHintIsNamedAtItsPlace) {
  const std::vector<Problem> found = warnings(
      "  - {id: a, title: a, hint: h, exit: {code: 0}}\n"
      "  - {id: bare, title: b, count: {of: pid_line, equals: 1}}\n");
  ASSERT_EQ(found.size(), 1U) << all(found);
  EXPECT_TRUE(contains(found[0].message, "check 'bare' has no hint"));
  EXPECT_GT(found[0].where.line, 0);
}

TEST_F(ExerciseWarnings, AHiddenCheckNeedsNoHint) {
  EXPECT_EQ(all(warnings("  - {id: a, title: a, hidden: true, exit: {code: 0}}\n")), "");
}

TEST_F(ExerciseWarnings, HintsForSomeLanguagesNameTheOthers) {
  const std::string found =
      all(warnings("  - {id: a, title: a, hints: {python: h}, exit: {code: 0}}\n",
                   "languages: [python, cpp]\n"));
  EXPECT_TRUE(contains(found, "check 'a' has no hint for cpp")) << found;
}

// An exit check `zero`, the check `one` (written between them), and `after` needing both.
std::string zero_one_after(const std::string& one) {
  return "  - {id: zero, title: z, hint: h, exit: {code: 0}}\n" + one +
         "  - {id: after, title: a, hint: h, depends_on: [zero, one], count: {of: pid_line, "
         "equals: 1}}\n";
}

TEST_F(ExerciseWarnings, ACheckNeedingTwoDifferentExitsIsNeverChecked) {
  const std::string found =
      all(warnings(zero_one_after("  - {id: one, title: o, hint: h, exit: {code: 1}}\n")));
  EXPECT_TRUE(contains(found, "check 'after' is never checked in python")) << found;
  EXPECT_TRUE(contains(found, "'zero' and 'one'")) << found;
}

TEST_F(ExerciseWarnings, AnImpossiblePrerequisiteFurtherUpTheChainCounts) {
  const std::string found = all(warnings(
      "  - {id: zero, title: z, hint: h, exit: {code: 0}}\n"
      "  - {id: killed, title: k, hint: h, exit: {signal: 9}}\n"
      "  - {id: mid, title: m, hint: h, depends_on: [killed], count: {of: pid_line, equals: 1}}\n"
      "  - {id: last, title: l, hint: h, depends_on: [zero, mid], count: {of: pid_line, "
      "at_least: 1}}\n"));
  EXPECT_TRUE(contains(found, "check 'last' is never checked")) << found;
  EXPECT_FALSE(contains(found, "check 'mid' is never checked")) << found;
}

TEST_F(ExerciseWarnings, APrerequisiteForAnotherLanguageIsDroppedSoTheCheckIsReachable) {
  const std::string found = all(warnings(
      zero_one_after("  - {id: one, title: o, hint: h, languages: [cpp], exit: {code: 1}}\n"),
      "languages: [python, cpp]\n"));
  EXPECT_TRUE(contains(found, "check 'after' is never checked in cpp:")) << found;
  EXPECT_FALSE(contains(found, "python")) << found;
}

TEST_F(ExerciseWarnings, ALanguageWithoutItsSolutionOrStarterFileIsNamed) {
  std::filesystem::remove(dir_.path() / "solutions" / "cpp" / "ex.cpp");
  std::filesystem::remove(dir_.path() / "templates" / "cpp" / "ex.cpp");
  const std::string found = all(
      warnings("  - {id: a, title: a, hint: h, exit: {code: 0}}\n", "languages: [python, cpp]\n"));
  EXPECT_TRUE(contains(found, "has no reference solution in cpp")) << found;
  EXPECT_TRUE(contains(found, "has no starter file in cpp")) << found;
  EXPECT_FALSE(contains(found, "in python")) << found;
}

TEST_F(ExerciseWarnings, WithoutALanguagesListEveryCourseLanguageNeedsItsFiles) {
  std::filesystem::remove(dir_.path() / "solutions" / "cpp" / "ex.cpp");
  const std::string found = all(warnings("  - {id: a, title: a, hint: h, exit: {code: 0}}\n", ""));
  EXPECT_TRUE(contains(found, "has no reference solution in cpp")) << found;
}

}  // namespace
}  // namespace grade::spec

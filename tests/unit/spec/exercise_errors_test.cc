// load_exercise_collecting: every error of a spec at once, without errors that only follow from
// another one.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "spec/exercise_loader.h"
#include "support/spec_file.h"

namespace grade::spec {
namespace {

using testing::SpecFile;

// "line:col: message" of each error, the file's path taken off.
std::vector<std::string> errors_of(const std::string& yaml) {
  const SpecFile file(yaml);
  const ExerciseLoad load = load_exercise_collecting(file.path());
  std::vector<std::string> out;
  for (const Error& e : load.errors.errors()) {
    EXPECT_EQ(e.kind(), ErrorKind::kSpec);
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(file.path().string() + ":", 0), 0U) << message;
    out.push_back(message.substr(file.path().string().size() + 1));
  }
  return out;
}

constexpr const char* kHead = R"(id: ex
title: T
prompt: P
contract: C
)";

TEST(ExerciseErrors, ReportsEveryIndependentMistake) {
  const std::vector<std::string> errors = errors_of(std::string(kHead) + R"(repaet: 3
extract:
  good:
    pattern: 'A (?P<a>\d+)'
  broken:
    pattern: 'B (?P<b>\d+'
checks:
  - id: one
    title: One
    count: {of: good, equals: 1}
  - id: two
    title: Two
    count: {of: good, equal: 1}
  - id: three
    title: Three
    count: {of: good, equals: 1}
    depends_on: [nope]
)");
  ASSERT_EQ(errors.size(), 4U) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0].rfind("5:1: unknown key 'repaet'", 0), 0U) << errors[0];
  EXPECT_EQ(errors[1].rfind("10:14: pattern is not a valid RE2", 0), 0U) << errors[1];
  EXPECT_NE(errors[2].find("unknown key 'equal'"), std::string::npos) << errors[2];
  EXPECT_EQ(errors[2].rfind("17:", 0), 0U) << errors[2];
  EXPECT_NE(errors[3].find("depends on 'nope'"), std::string::npos) << errors[3];
}

TEST(ExerciseErrors, ABrokenPartDoesNotBreakWhatNamesIt) {
  // The extractor's and the first check's own errors only: the check using the broken
  // extractor's capture, and the one depending on the broken check, are fine.
  const std::vector<std::string> errors = errors_of(std::string(kHead) + R"(extract:
  broken:
    pattern: 'B (?P<b>\d+'
    lable: x
checks:
  - id: first
    title: First
    count: {of: broken, equals: 1, at_most: 2}
  - id: second
    title: Second
    each: {of: broken.b, op: ">", value: 0}
    depends_on: [first]
)");
  ASSERT_EQ(errors.size(), 2U) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("extractor 'broken'"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("'equals' cannot be combined"), std::string::npos) << errors[1];
}

TEST(ExerciseErrors, AnExtractorOrCheckWithoutItsKeysIsReportedNotAnInternalError) {
  const std::vector<std::string> errors = errors_of(std::string(kHead) + R"(extract:
  line:
    patern: 'A (?P<a>\d+)'
checks:
  - title: No id
    count: {of: line, equals: 1}
)");
  ASSERT_EQ(errors.size(), 2U) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("did you mean 'pattern'?"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("needs the key 'id'"), std::string::npos) << errors[1];
}

TEST(ExerciseErrors, AGoodSpecHasNoneAndLoadsWhole) {
  const SpecFile file(std::string(kHead) + R"(extract:
  line:
    pattern: 'A (?P<a>\d+)'
checks:
  - id: one
    title: One
    count: {of: line, equals: 1}
)");
  const ExerciseLoad load = load_exercise_collecting(file.path());
  EXPECT_TRUE(load.errors.empty());
  EXPECT_EQ(load.exercise.checks.size(), 1U);
  EXPECT_EQ(load.exercise.extractors.at(0).captures, std::vector<std::string>{"a"});
}

TEST(ExerciseErrors, LoadExerciseStillThrowsTheFirst) {
  const SpecFile file(std::string(kHead) + R"(extract: {}
chekcs: []
)");
  try {
    (void)file.load();
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key 'chekcs'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace grade::spec

// The languages of an exercise and of its checks: read with their places, checked against the
// course, and the exercise one language sees (for_language).
#include "spec/exercise_languages.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/spec_file.h"
#include "util/error.h"

namespace grade::spec {
namespace {

const char* const kSpec = R"(id: ex2
title: t
prompt: p
contract: c
languages: [python, cpp, c]
extract:
  thread_line:
    pattern: 'Thread name: (?P<name>.+)'
checks:
  - id: lines
    title: lines
    count: {of: thread_line, equals: 5}
  - id: real-names
    title: real-names
    points: 3
    languages: [cpp, c]
    each: {of: thread_line.name, op: in, fact: observed.threads.names}
    depends_on: [lines]
  - id: after-names
    title: after-names
    points: 2
    count: {of: thread_line, at_least: 1}
    depends_on: [real-names, lines]
)";

Course course_of(const std::vector<std::string>& ids) {
  Course course;
  for (const std::string& id : ids) {
    Language language;
    language.id = id;
    course.languages.push_back(language);
  }
  return course;
}

const Course& course() {
  static const Course kCourse = course_of({"python", "cpp", "c"});
  return kCourse;
}

// The message of loading `yaml` and checking it against the course, without the file's
// folder ("ex.yaml:line:col: ..."); "" when both pass.
std::string error_of(const std::string& yaml) {
  const testing::SpecFile file(yaml);
  try {
    check_languages(file.load(), course());
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kSpec);
    const std::string what = e.what();
    return what.substr(what.find("ex.yaml"));
  }
  return "";
}

std::string with(std::string yaml, const std::string& from, const std::string& to) {
  const std::size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return yaml.replace(at, from.size(), to);
}

TEST(ExerciseLanguages, ReadWithWhereEachIdWasWritten) {
  const Exercise exercise = testing::SpecFile(kSpec).load();
  EXPECT_EQ(exercise.languages, (std::vector<std::string>{"python", "cpp", "c"}));
  ASSERT_EQ(exercise.languages_where.size(), 3U);
  EXPECT_EQ(exercise.languages_where[1].line, 5);
  EXPECT_EQ(exercise.languages_where[1].column, 21);
  EXPECT_TRUE(exercise.checks[0].languages.empty());
  EXPECT_EQ(exercise.checks[1].languages, (std::vector<std::string>{"cpp", "c"}));
  EXPECT_TRUE(exercise.accepts("cpp"));
  EXPECT_FALSE(exercise.accepts("rust"));
  EXPECT_TRUE(Exercise{}.accepts("rust")) << "no list: every language of the course";
  EXPECT_EQ(error_of(kSpec), "");
}

TEST(ExerciseLanguages, ListMistakesAreNamedWithTheirPlace) {
  EXPECT_EQ(error_of(with(kSpec, "[python, cpp, c]", "[]")),
            "ex.yaml:5:12: languages must be a non-empty list of language ids, such as [cpp, c] "
            "(leave it out for every language of the course)");
  EXPECT_EQ(error_of(with(kSpec, "[python, cpp, c]", "[cpp, python, cpp]")),
            "ex.yaml:5:26: language 'cpp' is named twice");
  EXPECT_EQ(error_of(with(kSpec, "    languages: [cpp, c]", "    languages: cpp")),
            "ex.yaml:16:16: languages must be a non-empty list of language ids, such as "
            "[cpp, c] (leave it out for every language of the course)");
}

TEST(ExerciseLanguages, UnknownLanguagesGetASuggestion) {
  EXPECT_EQ(error_of(with(kSpec, "[python, cpp, c]", "[python, cp]")),
            "ex.yaml:5:21: exercise 'ex2' names the language 'cp', which the course does not "
            "have (it has: python, cpp, c); did you mean 'cpp'?");
  EXPECT_EQ(error_of(with(kSpec, "    languages: [cpp, c]", "    languages: [cpp, rust]")),
            "ex.yaml:16:22: check 'real-names' names the language 'rust', which the course does "
            "not have (it has: python, cpp, c)");
}

TEST(ExerciseLanguages, ACheckForALanguageTheExerciseDoesNotAcceptCouldNeverApply) {
  EXPECT_EQ(error_of(with(kSpec, "[python, cpp, c]", "[python, cpp]")),
            "ex.yaml:16:22: check 'real-names' is for 'c', which exercise 'ex2' does not accept "
            "(it accepts: python, cpp), so it could never apply");
}

TEST(ExerciseLanguages, OneLanguageSeesOnlyTheChecksForIt) {
  const Exercise exercise = testing::SpecFile(kSpec).load();
  EXPECT_EQ(exercise.max_score(), 6);
  const Exercise python = for_language(exercise, "python");
  ASSERT_EQ(python.checks.size(), 2U);
  EXPECT_EQ(python.checks[0].id, "lines");
  EXPECT_EQ(python.checks[1].id, "after-names");
  EXPECT_EQ(python.checks[1].depends_on, (std::vector<std::string>{"lines"}))
      << "the removed check is no longer waited for";
  EXPECT_EQ(python.max_score(), 3);
  const Exercise cpp = for_language(exercise, "cpp");
  ASSERT_EQ(cpp.checks.size(), 3U);
  EXPECT_EQ(cpp.checks[2].depends_on, (std::vector<std::string>{"real-names", "lines"}));
  EXPECT_EQ(cpp.max_score(), 6);
  EXPECT_EQ(exercise.checks.size(), 3U) << "the original is left as it was";
}

const char* const kHinted = R"(id: ex1
title: t
prompt: p
contract: c
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
checks:
  - id: lines
    title: lines
    count: {of: pid_line, equals: 3}
    hint: Start three multiprocessing.Process objects.
    hints:
      cpp: Call fork() three times in the parent.
      c: Call fork() three times; each child calls _exit(0).
)";

TEST(ExerciseLanguages, EachLanguageSeesItsOwnHint) {
  const Exercise exercise = testing::SpecFile(kHinted).load();
  ASSERT_EQ(exercise.checks[0].hints.size(), 2U);
  EXPECT_EQ(for_language(exercise, "python").checks[0].hint,
            "Start three multiprocessing.Process objects.");
  EXPECT_EQ(for_language(exercise, "cpp").checks[0].hint, "Call fork() three times in the parent.");
  EXPECT_EQ(for_language(exercise, "c").checks[0].hint,
            "Call fork() three times; each child calls _exit(0).");
}

TEST(ExerciseLanguages, AHintForALanguageTheCheckNeverSeesIsAMistake) {
  EXPECT_EQ(error_of(with(kHinted, "      c: Call", "      cobol: Call")),
            "ex.yaml:15:7: a hint of check 'lines' names the language 'cobol', which the course "
            "does not have (it has: python, cpp, c)");
  EXPECT_EQ(
      error_of(with(kHinted, "    hint: Start", "    languages: [python, cpp]\n    hint: Start")),
      "ex.yaml:16:7: a hint of check 'lines' is for 'c', which exercise 'ex1' does not "
      "accept (it accepts: python, cpp), so it could never apply");
}

}  // namespace
}  // namespace grade::spec

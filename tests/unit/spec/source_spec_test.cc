// The `source` check kind and `level: advice` as the loader reads them, and the rule that a
// source check applies only to languages with an analyzer (check_languages).
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "spec/checks_spec.h"
#include "spec/exercise_languages.h"

namespace grade::spec {
namespace {

using testing::load_checks;
using testing::load_checks_error;

SourceCheck source_of(const std::string& checks) {
  const Exercise exercise = load_checks(checks);
  const auto* source = std::get_if<SourceCheck>(&exercise.checks.back().kind);
  EXPECT_NE(source, nullptr);
  return source != nullptr ? *source : SourceCheck{};
}

TEST(SourceSpec, CallsTakeOneNameOrAlternatives) {
  const SourceCheck one = source_of("  - {id: a, title: t, source: {calls: threading.Lock}}\n");
  EXPECT_EQ(one.what, SourceCheck::What::kCalls);
  EXPECT_EQ(one.names, (std::vector<std::string>{"threading.Lock"}));
  EXPECT_TRUE(one.present);
  const SourceCheck two =
      source_of("  - {id: a, title: t, source: {calls: [threading.Lock, threading.RLock]}}\n");
  EXPECT_EQ(two.names, (std::vector<std::string>{"threading.Lock", "threading.RLock"}));
}

TEST(SourceSpec, EachFactAndTheNegativeForm) {
  EXPECT_EQ(source_of("  - {id: a, title: t, source: {with: threading.Lock}}\n").what,
            SourceCheck::What::kWith);
  const SourceCheck imports =
      source_of("  - {id: a, title: t, source: {imports: multiprocessing}}\n");
  EXPECT_EQ(imports.what, SourceCheck::What::kImports);
  EXPECT_EQ(imports.names, (std::vector<std::string>{"multiprocessing"}));
  const SourceCheck guard = source_of("  - {id: a, title: t, source: {main_guard: true}}\n");
  EXPECT_EQ(guard.what, SourceCheck::What::kMainGuard);
  EXPECT_TRUE(guard.names.empty());
  const SourceCheck no_fork =
      source_of("  - {id: a, title: t, source: {calls: os.fork, present: false}}\n");
  EXPECT_FALSE(no_fork.present);
}

TEST(SourceSpec, BadSourceChecksSayWhatToWrite) {
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, source: {calls: Lock}}\n"),
            ":9:39: calls names a function or class with its module, such as threading.Lock or "
            "multiprocessing.Lock; a bare name is not recorded (built-in functions such as print "
            "are not)");
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, source: {calls: 'threading.Lock()'}}\n"),
            ":9:39: 'threading.Lock()' is not a Python name; write a dotted name such as "
            "threading.Lock");
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, source: {calls: os.fork, imports: os}}\n"),
            ":9:31: 'source' of check 'a' needs exactly one of 'imports', 'calls', 'with' or "
            "'main_guard' (one source check per fact)");
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, source: {main_guard: false}}\n"),
            ":9:44: main_guard takes only true; for a program that must not have the guard "
            "write main_guard: true with present: false");
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, source: {calls: [os.fork, os.fork]}}\n"),
            ":9:49: 'os.fork' is named twice");
  EXPECT_NE(load_checks_error("  - {id: a, title: t, source: {call: os.fork}}\n")
                .find("did you mean 'calls'?"),
            std::string::npos);
}

TEST(AdviceSpec, AdviceIsWorthNoPoints) {
  const Exercise exercise = load_checks(
      "  - {id: a, title: t, level: advice, source: {calls: time.time, present: false}}\n"
      "  - {id: b, title: t, level: advice, points: 0, source: {main_guard: true}}\n"
      "  - {id: c, title: t, level: required, source: {main_guard: true}}\n");
  EXPECT_TRUE(exercise.checks[0].advice);
  EXPECT_EQ(exercise.checks[0].points, 0);
  EXPECT_TRUE(exercise.checks[1].advice);
  EXPECT_FALSE(exercise.checks[2].advice);
  EXPECT_EQ(exercise.checks[2].points, 1);
  EXPECT_EQ(exercise.max_score(), 1);
}

TEST(AdviceSpec, PointsHiddenAndDependentsAreRefusedWithTheFix) {
  EXPECT_EQ(load_checks_error(
                "  - {id: a, title: t, level: advice, points: 2, count: {of: pid_line, equals: "
                "1}}\n"),
            ":9:46: check 'a' is advice, which carries no points: leave points out (or write "
            "points: 0), or drop level: advice to make it count");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: t, level: advice, hidden: true, source: {main_guard: "
                        "true}}\n"),
      ":9:46: check 'a' is advice, which is there for the student to read: it cannot be "
      "hidden");
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, level: advice, source: {main_guard: true}}\n"
                              "  - {id: b, title: t, depends_on: [a], exit: {code: 0}}\n"),
            ":10:35: check 'b' depends on 'a', which is advice and decides nothing; depend on a "
            "check that counts, or drop 'a' from depends_on");
  // Advice may depend on advice: neither decides anything.
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, level: advice, source: {imports: os}}\n"
                              "  - {id: b, title: t, level: advice, depends_on: [a], source: "
                              "{main_guard: true}}\n"),
            "");
  EXPECT_EQ(load_checks_error("  - {id: a, title: t, level: tip, exit: {code: 0}}\n"),
            ":9:30: level must be 'required' or 'advice', found 'tip'");
}

Course course_with_analyzers() {
  Course course;
  for (const char* id : {"python", "cpp", "notebook"}) {
    Language language;
    language.id = id;
    language.analyze = std::string(id) == "cpp" ? "" : "python";
    course.languages.push_back(language);
  }
  return course;
}

// "ex.yaml:line:col: message" of checking the loaded checks against the course; "" when fine.
std::string course_error(const std::string& checks) {
  const Exercise exercise = load_checks(checks);
  try {
    check_languages(exercise, course_with_analyzers());
  } catch (const Error& e) {
    const std::string what = e.what();
    return what.substr(what.find("ex.yaml"));
  }
  return "";
}

TEST(SourceSpec, OnlyLanguagesWithAnAnalyzerHaveSourceChecks) {
  EXPECT_EQ(course_error("  - {id: a, title: t, source: {main_guard: true}}\n"),
            "ex.yaml:9:5: check 'a' is a source check, but cpp has no analyzer of how a program "
            "is written (only a language with analyze: in course.yaml has one); add languages: "
            "[python, notebook] to the check");
  EXPECT_EQ(course_error("  - {id: a, title: t, languages: [python, notebook], source: "
                         "{main_guard: true}}\n"),
            "");
  EXPECT_EQ(course_error("  - {id: a, title: t, languages: [cpp], source: {main_guard: true}}\n"),
            "ex.yaml:9:5: check 'a' is a source check, but cpp has no analyzer of how a program "
            "is written (only a language with analyze: in course.yaml has one); add languages: "
            "[python, notebook] to the check");
  // Other kinds apply to every language.
  EXPECT_EQ(course_error("  - {id: a, title: t, exit: {code: 0}}\n"), "");
}

}  // namespace
}  // namespace grade::spec

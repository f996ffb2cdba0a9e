// Source checks decided on canned facts (no process), and the analyzer's answer read strictly.
#include <string>

#include <gtest/gtest.h>

#include "check/evaluate.h"
#include "check/source_facts.h"
#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using testing::by_id;
using testing::exited;

const spec::Exercise& source_spec() {
  static const spec::Exercise exercise =
      testing::SpecFile(std::string(testing::kPidLineSpecHead) + R"(
  - {id: lock, title: Uses a lock, source: {calls: [threading.Lock, threading.RLock]}}
  - {id: with-lock, title: Holds it with with, source: {with: threading.Lock}}
  - {id: mp, title: Imports multiprocessing, source: {imports: multiprocessing}}
  - {id: guard, title: Guard, level: advice, source: {main_guard: true}, hint: Add the guard.}
  - {id: no-time, title: No time.time, level: advice, source: {calls: time.time, present: false}}
  - {id: lines, title: Lines, count: {of: pid_line, equals: 1}}
)")
          .load();
  return exercise;
}

SourceFacts facts(const std::string& json) { return parse_source_facts(json).value(); }

std::vector<CheckResult> evaluate_with(const std::string& json) {
  const SourceFacts f = facts(json);
  return evaluate(source_spec(), exited(0, "Process ID: 7\n"), nullptr, &f);
}

constexpr const char* kGood = R"({"imports": [{"line": 1, "name": "multiprocessing.pool"}],
  "calls": [{"line": 5, "name": "threading.RLock"}, {"line": 9, "name": "time.perf_counter"}],
  "with": [{"line": 7, "name": "threading.Lock"}], "main_guard": [{"line": 20}], "dropped": 0})";

TEST(SourceChecks, FactsThatHoldPassAndSayWhere) {
  const auto results = evaluate_with(kGood);
  for (const CheckResult& r : results) {
    EXPECT_EQ(r.status, CheckStatus::kPass) << r.id << ": " << r.message;
  }
  EXPECT_EQ(by_id(results, "lock").message,
            "found a call of threading.Lock() or threading.RLock() (line 5)");
  EXPECT_EQ(by_id(results, "mp").message, "found an import of multiprocessing (line 1)");
  EXPECT_EQ(by_id(results, "no-time").message, "found no call of time.time(), as expected");
}

TEST(SourceChecks, MissingAndForbiddenFactsFailInTheStudentsWords) {
  const auto results = evaluate_with(R"({"imports": [{"line": 1, "name": "multiprocessingx"}],
    "calls": [{"line": 30, "name": "time.time"}, {"line": 12, "name": "time.time"},
              {"line": 4, "name": "threading.Lock.acquire"}],
    "with": [{"line": 7, "name": "threading.RLock"}], "main_guard": [], "dropped": 0})");
  EXPECT_EQ(by_id(results, "lock").message,
            "expected a call of threading.Lock() or threading.RLock() in your program, found "
            "none");
  EXPECT_EQ(by_id(results, "with-lock").message,
            "expected a `with` statement over a threading.Lock in your program, found none");
  EXPECT_EQ(by_id(results, "mp").message,
            "expected an import of multiprocessing in your program, found none");
  EXPECT_EQ(by_id(results, "guard").message,
            "expected `if __name__ == \"__main__\":` at the top level of your program, found none");
  EXPECT_EQ(by_id(results, "guard").hint, "Add the guard.");
  EXPECT_EQ(by_id(results, "no-time").message,
            "expected no call of time.time(), found 2 (lines 12, 30)");
}

TEST(SourceChecks, AdviceFailsWithoutPointsAndWithoutFailingTheRun) {
  const auto results = evaluate_with(R"({"imports": [{"line": 1, "name": "multiprocessing"}],
    "calls": [{"line": 3, "name": "threading.Lock"}, {"line": 8, "name": "time.time"}],
    "with": [{"line": 4, "name": "threading.Lock"}], "main_guard": [], "dropped": 0})");
  const CheckResult& guard = by_id(results, "guard");
  EXPECT_EQ(guard.status, CheckStatus::kFail);
  EXPECT_TRUE(guard.advice);
  EXPECT_EQ(guard.max_points, 0);
  EXPECT_TRUE(guard.counts_as_passed());
  EXPECT_FALSE(by_id(results, "lock").advice);
  for (const CheckResult& r : results) {
    EXPECT_TRUE(r.counts_as_passed()) << r.id;
  }
  // A required check that fails still fails the run.
  const auto failing = evaluate_with(R"({"imports": [], "calls": [], "with": [],
    "main_guard": [{"line": 2}], "dropped": 0})");
  EXPECT_FALSE(by_id(failing, "lock").counts_as_passed());
}

TEST(SourceChecks, NotebookPositionsNameTheCell) {
  const auto results = evaluate_with(R"({"imports": [],
    "calls": [{"line": 2, "cell": 4, "name": "time.time"}, {"line": 1, "cell": 3, "name": "time.time"}],
    "with": [], "main_guard": [], "dropped": 0})");
  EXPECT_EQ(by_id(results, "no-time").message,
            "expected no call of time.time(), found 2 (cell 3, line 1; cell 4, line 2)");
}

TEST(SourceChecks, ManyPlacesAreCutShort) {
  std::string calls;
  for (int line = 1; line <= 7; ++line) {
    calls += std::string(line > 1 ? "," : "") + R"({"name": "time.time", "line": )" +
             std::to_string(line) + "}";
  }
  const auto results = evaluate_with(R"({"imports": [], "calls": [)" + calls +
                                     R"(], "with": [], "main_guard": [], "dropped": 0})");
  EXPECT_EQ(by_id(results, "no-time").message,
            "expected no call of time.time(), found 7 (lines 1, 2, 3, 4, 5, ...)");
}

TEST(SourceChecks, ASyntaxErrorFailsTheCheckWithItsLine) {
  const auto results =
      evaluate_with(R"({"syntax_error": {"line": 3, "message": "invalid syntax"}})");
  EXPECT_EQ(by_id(results, "lock").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "lock").message,
            "your program has a syntax error at line 3 (invalid syntax), so how it is written "
            "could not be checked");
}

TEST(SourceChecks, WithoutAnAnalysisTheyAreNotChecked) {
  const auto results = evaluate(source_spec(), exited(0, "Process ID: 7\n"));
  EXPECT_EQ(by_id(results, "lock").status, CheckStatus::kSkip);
  EXPECT_EQ(by_id(results, "lock").message,
            "not checked: how the program is written was not analysed");
  EXPECT_EQ(by_id(results, "lock").points, 0);
}

TEST(SourceFactsParse, AnswersThatAreNotTheAnalyzersAreRefused) {
  EXPECT_FALSE(parse_source_facts("not json").has_value());
  EXPECT_FALSE(parse_source_facts(R"({"imports": []})").has_value());  // calls missing
  EXPECT_FALSE(
      parse_source_facts(
          R"({"imports": [{"name": 3, "line": 1}], "calls": [], "with": [], "main_guard": []})")
          .has_value());
  EXPECT_FALSE(
      parse_source_facts(
          R"({"imports": [{"name": "a", "line": -1}], "calls": [], "with": [], "main_guard": []})")
          .has_value());
  EXPECT_FALSE(parse_source_facts(std::string(kMaxSourceFactsBytes + 1, ' ')).has_value());
  const auto good = parse_source_facts(kGood);
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->calls.size(), 2U);
  EXPECT_EQ(good->withs[0].at.line, 7);
  EXPECT_EQ(good->main_guards[0].str(), "line 20");
}

TEST(SourceFactsCells, OnlyCellsThatRunAfterTheMagicsTranslation) {
  Notebook notebook;
  notebook.code = {{1, "import time\n%time x = 1\n"},
                   {3, "%%writefile worker.py\nimport os\nos.fork()\n"},
                   {4, "%%html\n<b>x</b>\n"}};
  const std::string cells = source_facts_cells(notebook);
  EXPECT_NE(cells.find("[1,"), std::string::npos) << cells;
  EXPECT_NE(cells.find("with _grade_nb.timing(timeit=False): x = 1"), std::string::npos) << cells;
  EXPECT_EQ(cells.find("os.fork"), std::string::npos) << cells;
  EXPECT_EQ(cells.find("<b>"), std::string::npos) << cells;
}

TEST(SourceAnalysisCommand, NeverTakesTheProgramsName) {
  const SourceAnalysis plain = source_analysis(nullptr, "ex1.py");
  EXPECT_EQ(plain.command,
            (std::vector<std::string>{"{interpreter}", "-I", "-S", ".grade-source-facts.py",
                                      "--file", "{source}"}));
  const SourceAnalysis clash = source_analysis(nullptr, ".grade-source-facts.py");
  EXPECT_NE(clash.files[0].first, ".grade-source-facts.py");
  EXPECT_EQ(clash.command[3], clash.files[0].first);
  const std::string cells = "[]";
  const SourceAnalysis notebook = source_analysis(&cells, "ex1.py");
  ASSERT_EQ(notebook.files.size(), 2U);
  EXPECT_EQ(notebook.command.back(), notebook.files[1].first);
}

}  // namespace
}  // namespace grade::check

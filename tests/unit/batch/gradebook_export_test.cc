#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "batch/gradebook.h"
#include "gradebook_support.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers
using Mode = Gradebook::Mode;

// s1 graded on ex1 twice (the second counts) and ex2; "a,b" and "say \"hi\"" have awkward ids;
// "quiet" has no attempt at all; s4 missing ex1 and grading of ex2 failed.
Gradebook sample(const GradebookDir& dir) {
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  book.add_students({"s1", "a,b", "say \"hi\"", "quiet", "s4"});
  book.record(graded("s1", "ex1", at(1), {fail("x", 3), fail("y", 2)}));
  book.record(graded("s1", "ex1", at(2), {pass("x", 3), fail("y", 2)}));
  book.record(graded("s1", "ex2", at(3), {pass("z", 4)}));
  book.record(graded("a,b", "ex2", at(4), {fail("z", 4)}));
  book.record(graded("say \"hi\"", "ex1", at(5), {pass("x", 3), pass("y", 2)}));
  book.record(missing_attempt(context("s4", "ex1", at(6)), 5));
  book.record(error_attempt(context("s4", "ex2", at(7)), std::string(64, 'a'), "worker died"));
  return book;
}

TEST(GradebookExport, CsvHasEveryStudentQuotedIdsEmptyCellsAndTotals) {
  const GradebookDir dir;
  const Gradebook book = sample(dir);
  EXPECT_EQ(csv_of(book, {"ex1", "ex2", "ex3"}),
            "student_id,ex1,ex2,ex3,total\r\n"
            "\"a,b\",,0,,0\r\n"
            "quiet,,,,0\r\n"
            "s1,3,4,,7\r\n"
            "s4,,,,0\r\n"
            "\"say \"\"hi\"\"\",5,,,5\r\n");
}

TEST(GradebookExport, CsvIdsThatASpreadsheetWouldRunAreTextAndScoresStayNumbers) {
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  book.add_students({"=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(1)", "-x", "s-1"});
  book.record(graded("+1", "ex1", at(1), {pass("x", 3), fail("y", 2)}));
  book.record(graded("-x", "ex1", at(2), {fail("x", 3)}));
  EXPECT_EQ(csv_of(book, {"ex1"}),
            "student_id,ex1,total\r\n"
            "'+1,3,3\r\n"
            "'-x,0,0\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,0\r\n"
            "'@SUM(1),,0\r\n"
            "s-1,,0\r\n");
}

TEST(GradebookExport, CsvCanHaveAPointsPossibleRowAndNoTotal) {
  const GradebookDir dir;
  const Gradebook book = sample(dir);
  EXPECT_EQ(csv_of(book, {"ex2", "ex3"}, {.points_possible_row = true, .total_column = true}),
            "student_id,ex2,ex3,total\r\n"
            "Points Possible,4,,4\r\n"
            "\"a,b\",0,,0\r\n"
            "quiet,,,0\r\n"
            "s1,4,,4\r\n"
            "s4,,,0\r\n"
            "\"say \"\"hi\"\"\",,,0\r\n");
  EXPECT_EQ(csv_of(book, {"ex1"}, {.points_possible_row = false, .total_column = false}),
            "student_id,ex1\r\n\"a,b\",\r\nquiet,\r\ns1,3\r\ns4,\r\n\"say \"\"hi\"\"\",5\r\n");
}

TEST(GradebookExport, JsonlHasOneCompactDocumentPerCurrentAttemptWithItsStudent) {
  const GradebookDir dir;
  const Gradebook book = sample(dir);
  std::istringstream lines(jsonl_of(book));
  std::vector<std::pair<std::string, std::string>> seen;  // student, exercise
  std::string line;
  while (std::getline(lines, line)) {
    const auto doc = nlohmann::ordered_json::parse(line);  // throws on invalid JSON
    ASSERT_EQ(line, doc.dump());                           // compact: one line, no spaces
    seen.emplace_back(doc["student"]["id"], doc["exercise"]["id"]);
    // "student" sits right after "exercise".
    std::vector<std::string> keys;
    for (const auto& item : doc.items()) {
      keys.push_back(item.key());
    }
    const auto exercise = std::find(keys.begin(), keys.end(), "exercise");
    ASSERT_NE(exercise, keys.end());
    ASSERT_NE(exercise + 1, keys.end());
    EXPECT_EQ(*(exercise + 1), "student");
    EXPECT_EQ(std::count(keys.begin(), keys.end(), "student"), 1);
    if (doc["student"]["id"] == "s1" && doc["exercise"]["id"] == "ex1") {
      EXPECT_EQ(doc["score"], 3);  // the current attempt, not the first
    }
  }
  // Missing files and dead workers have no document; students sort byte-wise.
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{
                      {"a,b", "ex2"}, {"s1", "ex1"}, {"s1", "ex2"}, {"say \"hi\"", "ex1"}}));
}

TEST(GradebookExport, AnEmptyGradebookExportsAHeaderOnly) {
  const GradebookDir dir;
  const Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  EXPECT_EQ(csv_of(book, {"ex1"}), "student_id,ex1,total\r\n");
  EXPECT_EQ(jsonl_of(book), "");
}

}  // namespace
}  // namespace grade::batch

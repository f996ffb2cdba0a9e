#include "batch/canvas_fill.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gradebook_support.h"
#include "util/error.h"

namespace grade::batch {
namespace {

// BOM, CRLF, quoted names, a manual-posting row, a Canvas student without SIS id, an excused
// cell and one not assigned, the test student.
constexpr const char* kExport =
    "\xEF\xBB\xBFStudent,ID,SIS User ID,SIS Login ID,Section,ex1 (11),ex2 (12),Current Score\r\n"
    ",,,,,,Manual Posting,\r\n"
    "    Points Possible,,,,,15,14,(read only)\r\n"
    "\"Doe, Jane\",4242,s1,Jane@X.edu,A,,9,50.00\r\n"
    "\"Roe, Rick\",4243,s2,rick@x.edu,\"A, B\",EX,n/a ,\r\n"
    "\"Poe, Ed\",4244,,ed@x.edu,A,1,2,\r\n"
    "\"Student, Test\",4299,,t,A,,,\r\n";

struct Filled {
  std::string text;
  FillReport report;
};

Filled fill(const std::string& text, CanvasKey key, const std::vector<std::string>& students,
            const ScoreTable& scores) {
  RawCsv csv = read_raw_csv(text).value();
  const CanvasLayout layout = read_canvas_layout(csv);
  const ColumnPlan plan = choose_columns(layout, {{"ex1", ""}, {"ex2", ""}}, {});
  Filled out;
  out.report = fill_scores(csv, layout, plan.chosen, key, students, scores);
  std::ostringstream written;
  write_raw_csv(written, csv);
  out.text = written.str();
  return out;
}

ScoreTable class_scores() {
  return {
      {"s1", {{"ex1", 12}, {"ex2", 0}}}, {"s2", {{"ex1", 15}, {"ex2", 7}}}, {"s9", {{"ex1", 3}}}};
}

TEST(CanvasFill, ScoresLandInTheirCellsAndEveryOtherByteStays) {
  const Filled out = fill(kExport, CanvasKey::kSisUserId, {"s1", "s2", "s3", "s9"}, class_scores());
  EXPECT_EQ(out.text,
            "\xEF\xBB\xBFStudent,ID,SIS User ID,SIS Login ID,Section,ex1 (11),ex2 (12),"
            "Current Score\r\n"
            ",,,,,,Manual Posting,\r\n"
            "    Points Possible,,,,,15,14,(read only)\r\n"
            "\"Doe, Jane\",4242,s1,Jane@X.edu,A,12,0,50.00\r\n"
            "\"Roe, Rick\",4243,s2,rick@x.edu,\"A, B\",EX,n/a ,\r\n"  // Canvas's: kept
            "\"Poe, Ed\",4244,,ed@x.edu,A,1,2,\r\n"
            "\"Student, Test\",4299,,t,A,,,\r\n");
  EXPECT_EQ(out.report.students_matched, 2U);
  EXPECT_EQ(out.report.cells_written, 2U);
  EXPECT_EQ(out.report.canvas_kept, 2U);
  EXPECT_EQ(out.report.not_in_canvas, (std::vector<std::string>{"s3", "s9"}));
  EXPECT_EQ(out.report.not_in_gradebook,
            (std::vector<std::string>{"Poe, Ed (no SIS User ID)"}));  // not the test student
}

TEST(CanvasFill, LoginsMatchWhateverTheirCaseAndIdsExactly) {
  const ScoreTable scores = {{"jane@x.edu", {{"ex2", 4}}}, {"4244", {{"ex2", 5}}}};
  const Filled by_login = fill(kExport, CanvasKey::kSisLoginId, {"jane@x.edu", "zed"}, scores);
  EXPECT_NE(by_login.text.find("\"Doe, Jane\",4242,s1,Jane@X.edu,A,,4,50.00\r\n"),
            std::string::npos);
  EXPECT_EQ(by_login.report.not_in_gradebook.size(), 2U);
  EXPECT_EQ(by_login.report.not_in_gradebook[0], "Roe, Rick (SIS Login ID rick@x.edu)");
  const Filled by_id = fill(kExport, CanvasKey::kId, {"4244"}, scores);
  EXPECT_NE(by_id.text.find("\"Poe, Ed\",4244,,ed@x.edu,A,1,5,\r\n"), std::string::npos);
}

std::string error_of(const std::string& text, CanvasKey key,
                     const std::vector<std::string>& students) {
  try {
    fill(text, key, students, class_scores());
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(CanvasFill, RefusesAMissingKeyColumnTwinRowsAndNoStudentInCommon) {
  EXPECT_EQ(error_of("Student,ID,SIS Login ID,Section,ex1 (11)\n", CanvasKey::kSisUserId, {"s1"}),
            "the Canvas file has no \"SIS User ID\" column (Canvas writes SIS ids only for users "
            "allowed to see them): match students by another column with --match sis-user-id, "
            "sis-login-id or id");
  EXPECT_EQ(error_of("Student,ID,SIS User ID,Section,ex1 (11)\nA,1,s1,X,\nB,2, s1 ,X,\n",
                     CanvasKey::kSisUserId, {"s1"}),
            "the Canvas file has two rows with SIS User ID \" s1 \" (lines 2 and 3)");
  EXPECT_EQ(error_of(kExport, CanvasKey::kSisUserId, {"alice", "bob"}),
            "no student of the gradebook is in the Canvas file's \"SIS User ID\" column (the "
            "gradebook has \"alice\", Canvas \"s1\"): match by another column with --match "
            "sis-user-id, sis-login-id or id");
}

TEST(CanvasFill, CurrentScoresAreThoseOfGradingsPassedOrFailed) {
  using namespace testing;  // NOLINT(google-build-using-namespace): test helpers
  const GradebookDir dir;
  Gradebook book = Gradebook::open(dir.file(), Gradebook::Mode::kCreate, kCourse);
  book.add_students({"s1", "s2", "quiet"});
  book.record(graded("s1", "ex1", at(1), {pass("x", 3), fail("y", 2)}));
  book.record(graded("s1", "ex1", at(2), {pass("x", 3), pass("y", 2)}));
  book.record(graded("s1", "ex2", at(3), {fail("z", 4)}));
  book.record(missing_attempt(context("s2", "ex1", at(4)), 5));
  book.record(error_attempt(context("s2", "ex2", at(5)), std::string(64, 'a'), "worker died"));
  EXPECT_EQ(current_scores(book), (ScoreTable{{"s1", {{"ex1", 5}, {"ex2", 0}}}}));
}

}  // namespace
}  // namespace grade::batch

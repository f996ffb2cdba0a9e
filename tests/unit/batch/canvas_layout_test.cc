#include "batch/canvas_layout.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "util/error.h"

namespace grade::batch {
namespace {

// As Canvas writes it: a custom column, a manual-posting row, group and course totals, a
// student in two sections, the test student last.
constexpr const char* kExport =
    "Student,ID,SIS User ID,SIS Login ID,Section,Notes,ex1: Three processes (1001),"
    "Five threads (1002),\"Quiz, week 3 (1003)\",Labs Current Score (2024),Current Score,"
    "Final Grade\n"
    ",,,,,,,Manual Posting,,,,\n"
    "    Points Possible,,,,,,15,14,10,(read only),(read only),(read only)\n"
    "\"Doe, Jane\",4242,s1,jane@x.edu,A,,3,,,50,50,F\n"
    "\"Roe, Rick\",4243,s2,rick@x.edu,A and B,,,,,,,\n"
    "\n"
    "\"Student, Test\",4299,,test,A,,,,,,,\n";

RawCsv read(const std::string& text) { return read_raw_csv(text).value(); }

std::vector<std::string> headers(const CanvasLayout& layout) {
  std::vector<std::string> out;
  for (const CanvasAssignment& a : layout.assignments) {
    out.push_back(a.header);
  }
  return out;
}

TEST(CanvasLayout, FindsIdColumnsAssignmentsAndStudentRows) {
  const CanvasLayout layout = read_canvas_layout(read(kExport));
  EXPECT_EQ(layout.name_columns, 1U);
  EXPECT_EQ(layout.id, 1U);
  EXPECT_EQ(layout.sis_user_id, 2U);
  EXPECT_EQ(layout.sis_login_id, 3U);
  EXPECT_EQ(headers(layout),
            (std::vector<std::string>{"ex1: Three processes (1001)", "Five threads (1002)",
                                      "Quiz, week 3 (1003)"}));
  EXPECT_EQ(layout.assignments[2].title, "Quiz, week 3");
  EXPECT_EQ(layout.assignments[2].id, "1003");
  EXPECT_EQ(layout.assignments[2].column, 8U);
  EXPECT_EQ(layout.student_rows, (std::vector<std::size_t>{3, 4}));
}

TEST(CanvasLayout, LastAndFirstNameColumnsWithoutSisUserId) {
  const CanvasLayout layout = read_canvas_layout(
      read("LastName,FirstName,ID,SIS Login ID,Section,Quiz (7)\r\n"
           "    Points Possible,,,,,5\r\nDoe,Jane,1,jd,A,4\r\nStudent,Test,2,t,A,\r\n"));
  EXPECT_EQ(layout.name_columns, 2U);
  EXPECT_EQ(layout.id, 2U);
  EXPECT_FALSE(layout.sis_user_id.has_value());
  EXPECT_EQ(headers(layout), (std::vector<std::string>{"Quiz (7)"}));
  EXPECT_EQ(layout.student_rows, (std::vector<std::size_t>{2}));
}

TEST(CanvasLayout, RefusesWhatCanvasDidNotExport) {
  EXPECT_THROW(read_canvas_layout(read("")), Error);
  EXPECT_THROW(read_canvas_layout(read("student_id,ex1,total\r\ns1,3,3\r\n")), Error);
  EXPECT_THROW(read_canvas_layout(read("Student,ID,Quiz (1)\r\n")), Error);  // no Section
}

TEST(CanvasLayout, PointsPossibleAreReadWithADecimalPointOrComma) {
  const RawCsv csv =
      read("Student;ID;Section;A (1);B (2);C (3);D (4)\n    Points Possible;;;15;12,50;;x\n");
  const CanvasLayout layout = read_canvas_layout(csv);
  ASSERT_EQ(layout.assignments.size(), 4U);
  EXPECT_EQ(points_possible(csv, layout, layout.assignments[0]), 15.0);
  EXPECT_EQ(points_possible(csv, layout, layout.assignments[1]), 12.5);
  EXPECT_EQ(points_possible(csv, layout, layout.assignments[2]), std::nullopt);
  EXPECT_EQ(points_possible(csv, layout, layout.assignments[3]), std::nullopt);
  const RawCsv without = read("Student,ID,Section,A (1)\n");
  const CanvasLayout no_row = read_canvas_layout(without);
  EXPECT_EQ(points_possible(without, no_row, no_row.assignments.at(0)), std::nullopt);
}

TEST(CanvasLayout, TitlesAreComparedIgnoringCaseAndSpacing) {
  EXPECT_EQ(normalized_title("  Three \t PROCESSES \n"), "three processes");
  EXPECT_EQ(normalized_title("Ex1:Été"), "ex1:Été");  // ASCII only: É stays
  EXPECT_EQ(normalized_title(" "), "");
}

}  // namespace
}  // namespace grade::batch

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

std::string error_of(const CanvasLayout& layout, const std::vector<ExerciseName>& exercises,
                     const std::vector<std::pair<std::string, std::string>>& columns) {
  try {
    choose_columns(layout, exercises, columns);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::vector<ExerciseName> three_exercises() {
  return {{"ex1", "Three processes"}, {"ex2", "Five threads"}, {"ex3", "Timing"}};
}

TEST(CanvasLayout, ExercisesFindTheirColumnsByIdPrefixOrTitle) {
  const ColumnPlan plan = choose_columns(read_canvas_layout(read(kExport)), three_exercises(), {});
  ASSERT_EQ(plan.chosen.size(), 2U);
  EXPECT_EQ(plan.chosen[0].exercise, "ex1");
  EXPECT_EQ(plan.chosen[0].assignment.column, 6U);
  EXPECT_EQ(plan.chosen[1].exercise, "ex2");
  EXPECT_EQ(plan.chosen[1].assignment.column, 7U);
  EXPECT_EQ(plan.unmatched, (std::vector<std::string>{"ex3"}));
}

TEST(CanvasLayout, ExplicitColumnsByHeaderIdOrTitle) {
  const CanvasLayout layout = read_canvas_layout(read(kExport));
  for (const char* name : {"Quiz, week 3 (1003)", "1003", "quiz,  WEEK 3"}) {
    const ColumnPlan plan = choose_columns(layout, three_exercises(), {{"ex3", name}});
    ASSERT_EQ(plan.chosen.size(), 3U) << name;
    EXPECT_EQ(plan.chosen[2].assignment.column, 8U) << name;
  }
  EXPECT_EQ(error_of(layout, three_exercises(), {{"ex3", "Quiz (1003)"}}),
            "--column ex3=\"Quiz (1003)\" names none of the Canvas file's assignment columns "
            "(\"ex1: Three processes (1001)\", \"Five threads (1002)\", \"Quiz, week 3 (1003)\")");
  EXPECT_EQ(error_of(layout, three_exercises(), {{"ex9", "1003"}}),
            "--column ex9=...: ex9 is not one of the exercises exported");
}

TEST(CanvasLayout, AmbiguityIsRefused) {
  const CanvasLayout layout = read_canvas_layout(
      read("Student,ID,Section,ex1 (1),Ex1 retake (2),ex10 (3),Three processes (4)\n"));
  EXPECT_EQ(error_of(layout, {{"ex1", "Three processes"}}, {}),
            "ex1 fits several Canvas columns (\"ex1 (1)\", \"Ex1 retake (2)\", "
            "\"Three processes (4)\"): say which with --column ex1=\"...\"");
  const ColumnPlan plan = choose_columns(layout, {{"ex1", "Three processes"}}, {{"ex1", "2"}});
  EXPECT_EQ(plan.chosen.at(0).assignment.header, "Ex1 retake (2)");
  EXPECT_EQ(error_of(layout, {{"ex1", ""}, {"ex2", ""}}, {{"ex1", "3"}, {"ex2", "ex10 (3)"}}),
            "ex1 and ex2 would both fill the Canvas column \"ex10 (3)\": say which goes where "
            "with --column");
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

}  // namespace
}  // namespace grade::batch

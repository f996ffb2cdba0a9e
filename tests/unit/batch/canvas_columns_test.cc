#include "batch/canvas_columns.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "util/error.h"

namespace grade::batch {
namespace {

// Assignment columns by id prefix (1001), by title (1002), by neither (1003).
constexpr const char* kExport =
    "Student,ID,SIS User ID,SIS Login ID,Section,Notes,ex1: Three processes (1001),"
    "Five threads (1002),\"Quiz, week 3 (1003)\",Current Score\n"
    "    Points Possible,,,,,,15,14,10,(read only)\n";

CanvasLayout layout_of(const std::string& text) {
  return read_canvas_layout(read_raw_csv(text).value());
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

TEST(CanvasColumns, ExercisesFindTheirColumnsByIdPrefixOrTitle) {
  const ColumnPlan plan = choose_columns(layout_of(kExport), three_exercises(), {});
  ASSERT_EQ(plan.chosen.size(), 2U);
  EXPECT_EQ(plan.chosen[0].exercise, "ex1");
  EXPECT_EQ(plan.chosen[0].assignment.column, 6U);
  EXPECT_EQ(plan.chosen[1].exercise, "ex2");
  EXPECT_EQ(plan.chosen[1].assignment.column, 7U);
  EXPECT_EQ(plan.unmatched, (std::vector<std::string>{"ex3"}));
}

TEST(CanvasColumns, ExplicitColumnsByHeaderIdOrTitle) {
  const CanvasLayout layout = layout_of(kExport);
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

TEST(CanvasColumns, AmbiguityIsRefused) {
  const CanvasLayout layout =
      layout_of("Student,ID,Section,ex1 (1),Ex1 retake (2),ex10 (3),Three processes (4)\n");
  EXPECT_EQ(error_of(layout, {{"ex1", "Three processes"}}, {}),
            "ex1 fits several Canvas columns (\"ex1 (1)\", \"Ex1 retake (2)\", "
            "\"Three processes (4)\"): say which with --column ex1=\"...\"");
  const ColumnPlan plan = choose_columns(layout, {{"ex1", "Three processes"}}, {{"ex1", "2"}});
  EXPECT_EQ(plan.chosen.at(0).assignment.header, "Ex1 retake (2)");
  EXPECT_EQ(error_of(layout, {{"ex1", ""}, {"ex2", ""}}, {{"ex1", "3"}, {"ex2", "ex10 (3)"}}),
            "ex1 and ex2 would both fill the Canvas column \"ex10 (3)\": say which goes where "
            "with --column");
}

}  // namespace
}  // namespace grade::batch

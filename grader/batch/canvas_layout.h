// What is where in a Canvas gradebook export (Grades → Export), as Canvas writes it:
//
//   Student,ID,SIS User ID,SIS Login ID,Section,<custom columns>,Title (123),...,Current Score,...
//   ,,,,,,Manual Posting,...                    (only when an assignment posts grades manually)
//       Points Possible,,,,,,10,...,(read only),...
//   "Doe, Jane",4242,1234567,jdoe,Section A,,8,...
//   ...
//   "Student, Test",...                         (the course's test student, last)
//
// `LastName,FirstName` may replace `Student`; `SIS User ID`, `Integration ID` and `Root
// Account` are there only for users allowed to see them. Assignment columns are named "Title
// (Canvas id)"; computed columns (scores, grades, points, per group or grading period) are
// "(read only)" in the Points Possible row, and Canvas ignores them on import.
//
// Errors throw grade::Error(kUsage): the file is not such an export.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "batch/canvas_csv.h"

namespace grade::batch {

struct CanvasAssignment {
  std::size_t column = 0;
  std::string header;  // "Three processes (1234)"
  std::string title;   // "Three processes"
  std::string id;      // "1234"
};

struct CanvasLayout {
  std::size_t name_columns = 1;  // `Student`, or `LastName,FirstName`
  std::optional<std::size_t> id;
  std::optional<std::size_t> sis_user_id;
  std::optional<std::size_t> sis_login_id;
  std::vector<CanvasAssignment> assignments;  // in file order
  std::optional<std::size_t> points_row;      // index of the Points Possible record
  std::vector<std::size_t> student_rows;      // indexes of records; not the test student
};

// Reads the header and sorts the rows: the header, a manual-posting row, Points Possible,
// blank lines and the test student are not students.
CanvasLayout read_canvas_layout(const RawCsv& csv);

// The assignment's points in the Points Possible row ("15", "12.50", or "12,50" where Canvas
// writes decimal commas); nullopt when there is no such row or no number in it.
std::optional<double> points_possible(const RawCsv& csv, const CanvasLayout& layout,
                                      const CanvasAssignment& assignment);

// Lowercase ASCII, runs of spaces as one, none at the ends: how titles are compared.
std::string normalized_title(std::string_view text);

}  // namespace grade::batch

// Filling a Canvas gradebook export with the gradebook's current scores, so that Canvas's own
// import (Grades → Import) takes the file as it is: Canvas recognises its students by their
// ID and SIS columns and its assignments by the "(id)" in their headers, both left untouched.
// Only exercise cells of students found in the gradebook change; every other byte stays.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "batch/canvas_columns.h"
#include "batch/canvas_csv.h"
#include "batch/canvas_layout.h"
#include "batch/gradebook.h"

namespace grade::batch {

// The Canvas column that holds what the gradebook calls a student's id (its folder name).
enum class CanvasKey {
  kSisUserId,   // "SIS User ID": the institution's student number
  kSisLoginId,  // "SIS Login ID": the login (often an email); compared ignoring ASCII case
  kId,          // "ID": Canvas's own user id
};
std::string_view column_name(CanvasKey key);

// student → exercise → score of the current attempt, for attempts passed or failed only: a
// missing file or the grader's error is no score (the Canvas cell is left as it was).
using ScoreTable = std::map<std::string, std::map<std::string, int>, std::less<>>;
ScoreTable current_scores(const Gradebook& book);

struct FillReport {
  std::size_t students_matched = 0;  // Canvas rows that matched a student of the gradebook
  std::size_t cells_written = 0;
  std::size_t canvas_kept = 0;                // "EX" and "N/A" cells left as they were
  std::vector<std::string> not_in_canvas;     // gradebook ids without a Canvas row, sorted
  std::vector<std::string> not_in_gradebook;  // Canvas rows: "Doe, Jane (SIS User ID 123)"
};

// Writes each chosen column of each matched row: the score when there is one, unless the cell
// says EX (excused in Canvas: the instructor's decision stands) or N/A (the assignment is not
// assigned to the student, and Canvas would ignore a score there). Throws Error(kUsage) when the
// key column is missing, when two rows have the same key, or when no student matches (the
// wrong key, surely: nothing is written).
FillReport fill_scores(RawCsv& csv, const CanvasLayout& layout,
                       const std::vector<ColumnChoice>& columns, CanvasKey key,
                       const std::vector<std::string>& students, const ScoreTable& scores);

}  // namespace grade::batch

// Which Canvas assignment column each exercise fills: named by the instructor, or found by
// the exercise's id or title. Anything unclear is refused with grade::Error(kUsage) rather
// than guessed, since a score in the wrong column is imported without a word.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "batch/canvas_layout.h"

namespace grade::batch {

// An exercise as the course names it.
struct ExerciseName {
  std::string id;     // "ex1"
  std::string title;  // "Three processes"
};

struct ColumnChoice {
  std::string exercise;
  CanvasAssignment assignment;
};

struct ColumnPlan {
  std::vector<ColumnChoice> chosen;    // in the order of the exercises
  std::vector<std::string> unmatched;  // exercises without a column
};

// Which column each exercise fills. `explicit_columns` (exercise, column) come first: the
// column is named by its whole header, its Canvas id or its title, and must name one
// assignment column. Any other exercise takes the one assignment whose title (before " (id)",
// case and spacing aside) is the exercise's id, its title, or starts with its id followed by
// neither a letter nor a digit ("ex1: Three processes", not "ex10"). Refused: an exercise that
// fits several columns, a column two exercises would fill, an explicit column that names no
// assignment.
ColumnPlan choose_columns(const CanvasLayout& layout, const std::vector<ExerciseName>& exercises,
                          const std::vector<std::pair<std::string, std::string>>& explicit_columns);

}  // namespace grade::batch

#include "batch/canvas_columns.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "util/error.h"

namespace grade::batch {

namespace {

[[noreturn]] void refuse(const std::string& message) { throw Error(ErrorKind::kUsage, message); }

bool fits(const CanvasAssignment& assignment, const ExerciseName& exercise) {
  const std::string title = normalized_title(assignment.title);
  const std::string id = normalized_title(exercise.id);
  if (title == id || (!exercise.title.empty() && title == normalized_title(exercise.title))) {
    return true;
  }
  return title.size() > id.size() && title.compare(0, id.size(), id) == 0 &&
         std::isalnum(static_cast<unsigned char>(title[id.size()])) == 0;
}

std::string list_headers(const std::vector<CanvasAssignment>& assignments) {
  std::string out;
  for (const CanvasAssignment& a : assignments) {
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", a.header);
  }
  return out.empty() ? "none" : out;
}

// The assignment an explicit --column names: by whole header, Canvas id, or title.
CanvasAssignment named_column(const CanvasLayout& layout, const std::string& exercise,
                              const std::string& name) {
  std::vector<CanvasAssignment> found;
  for (const CanvasAssignment& a : layout.assignments) {
    if (a.header == name || a.id == name || normalized_title(a.title) == normalized_title(name)) {
      found.push_back(a);
    }
  }
  if (found.size() != 1) {
    refuse(fmt::format("--column {}=\"{}\" names {} of the Canvas file's assignment columns ({})",
                       exercise, name, found.empty() ? "none" : "several",
                       list_headers(found.empty() ? layout.assignments : found)));
  }
  return found.front();
}

}  // namespace

ColumnPlan choose_columns(
    const CanvasLayout& layout, const std::vector<ExerciseName>& exercises,
    const std::vector<std::pair<std::string, std::string>>& explicit_columns) {
  ColumnPlan plan;
  for (const ExerciseName& exercise : exercises) {
    std::vector<CanvasAssignment> found;
    const auto named = std::find_if(explicit_columns.begin(), explicit_columns.end(),
                                    [&](const auto& pair) { return pair.first == exercise.id; });
    if (named != explicit_columns.end()) {
      found.push_back(named_column(layout, exercise.id, named->second));
    } else {
      std::copy_if(layout.assignments.begin(), layout.assignments.end(), std::back_inserter(found),
                   [&](const auto& a) { return fits(a, exercise); });
    }
    if (found.size() > 1) {
      refuse(fmt::format("{} fits several Canvas columns ({}): say which with --column {}=\"...\"",
                         exercise.id, list_headers(found), exercise.id));
    }
    if (found.empty()) {
      plan.unmatched.push_back(exercise.id);
      continue;
    }
    for (const ColumnChoice& earlier : plan.chosen) {
      if (earlier.assignment.column == found.front().column) {
        refuse(
            fmt::format("{} and {} would both fill the Canvas column \"{}\": say which goes "
                        "where with --column",
                        earlier.exercise, exercise.id, found.front().header));
      }
    }
    plan.chosen.push_back({exercise.id, found.front()});
  }
  for (const auto& named : explicit_columns) {
    if (std::none_of(exercises.begin(), exercises.end(),
                     [&](const ExerciseName& e) { return e.id == named.first; })) {
      refuse(fmt::format("--column {}=...: {} is not one of the exercises exported", named.first,
                         named.first));
    }
  }
  return plan;
}

}  // namespace grade::batch

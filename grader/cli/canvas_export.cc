#include "cli/canvas_export.h"

#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "batch/canvas_columns.h"
#include "batch/canvas_csv.h"
#include "batch/canvas_fill.h"
#include "batch/canvas_layout.h"
#include "report/safe_text.h"
#include "util/error.h"

namespace grade::cli {

namespace {

std::string read_canvas_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::kUsage, fmt::format("cannot read the Canvas file {}", path.string()));
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw Error(ErrorKind::kUsage, fmt::format("cannot read the Canvas file {}", path.string()));
  }
  return text;
}

batch::CanvasKey key_of(const std::string& match) {
  if (match == "sis-login-id") {
    return batch::CanvasKey::kSisLoginId;
  }
  return match == "id" ? batch::CanvasKey::kId : batch::CanvasKey::kSisUserId;
}

// "ex1=Three processes (1001)" → {"ex1", "Three processes (1001)"}.
std::vector<std::pair<std::string, std::string>> explicit_columns(
    const std::vector<std::string>& columns) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& column : columns) {
    const std::size_t equals = column.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == column.size()) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--column {}: write EXERCISE=COLUMN, e.g. --column "
                              "ex1=\"Three processes (1001)\"",
                              column));
    }
    pairs.emplace_back(column.substr(0, equals), column.substr(equals + 1));
  }
  return pairs;
}

// At most `limit` names, then how many more: a class can be long.
std::string some_of(const std::vector<std::string>& names, std::size_t limit = 10) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    out += (i > 0 ? "; " : "") + names[i];
  }
  if (names.size() > limit) {
    out += fmt::format("; and {} more", names.size() - limit);
  }
  return report::terminal_safe(out);
}

// "1 student", "2 students".
std::string counted(std::size_t n, std::string_view what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

void say(const Context& ctx, const batch::ColumnPlan& plan, const batch::FillReport& report) {
  for (const batch::ColumnChoice& choice : plan.chosen) {
    fmt::print(ctx.err, "grade: canvas: {} → \"{}\"\n", choice.exercise,
               report::terminal_safe(choice.assignment.header));
  }
  for (const std::string& exercise : plan.unmatched) {
    fmt::print(ctx.err,
               "grade: canvas: {} has no column in the Canvas file, not filled (name one with "
               "--column {}=\"TITLE (ID)\")\n",
               exercise, exercise);
  }
  fmt::print(ctx.err, "grade: canvas: {} matched, {} written\n",
             counted(report.students_matched, "student"), counted(report.cells_written, "score"));
  if (report.canvas_kept > 0) {
    fmt::print(ctx.err,
               "grade: canvas: {} excused (EX) or not assigned (N/A) in Canvas left unchanged\n",
               counted(report.canvas_kept, "cell"));
  }
  if (!report.not_in_canvas.empty()) {
    fmt::print(ctx.err,
               "grade: warning: {} of the gradebook {} not in the Canvas file, so not in the "
               "import: {}\n",
               counted(report.not_in_canvas.size(), "student"),
               report.not_in_canvas.size() == 1 ? "is" : "are", some_of(report.not_in_canvas));
  }
  if (!report.not_in_gradebook.empty()) {
    fmt::print(ctx.err,
               "grade: canvas: {} of the Canvas file {} not in the gradebook (left unchanged): "
               "{}\n",
               counted(report.not_in_gradebook.size(), "student"),
               report.not_in_gradebook.size() == 1 ? "is" : "are",
               some_of(report.not_in_gradebook));
  }
}

// Canvas takes a score above the assignment's points as extra credit, and one below it as a
// loss: an assignment worth other points than the exercise is worth saying.
void warn_about_points(const Context& ctx, const batch::RawCsv& csv,
                       const batch::CanvasLayout& layout, const batch::ColumnPlan& plan,
                       const batch::BatchSummary& summary) {
  for (const batch::ColumnChoice& choice : plan.chosen) {
    const auto points = batch::points_possible(csv, layout, choice.assignment);
    for (const batch::ExerciseSummary& exercise : summary.exercises) {
      if (exercise.exercise == choice.exercise && points && exercise.max_score > 0 &&
          *points != exercise.max_score) {
        fmt::print(ctx.err,
                   "grade: warning: {} is worth {} points, the Canvas assignment \"{}\" {}: "
                   "Canvas imports the scores as they are\n",
                   choice.exercise, exercise.max_score,
                   report::terminal_safe(choice.assignment.header), *points);
      }
    }
  }
}

}  // namespace

std::string canvas_import_file(const Context& ctx, const batch::Gradebook& book,
                               const std::vector<std::string>& exercise_ids,
                               const CanvasOptions& options) {
  const std::filesystem::path path = ctx.cwd / options.from;
  batch::RawCsv csv = batch::read_raw_csv(read_canvas_file(path))
                          .value_or_throw(ErrorKind::kUsage, "the Canvas file " + path.string());
  const batch::CanvasLayout layout = batch::read_canvas_layout(csv);
  std::vector<batch::ExerciseName> exercises;
  exercises.reserve(exercise_ids.size());
  for (const std::string& id : exercise_ids) {
    exercises.push_back({id, ctx.load(id).title});
  }
  const batch::ColumnPlan plan =
      batch::choose_columns(layout, exercises, explicit_columns(options.columns));
  // Without --exercises an exercise Canvas has no assignment for is left out; one asked for,
  // or nothing at all to fill, is an error.
  if (!plan.unmatched.empty() && (plan.chosen.empty() || options.exercises_named)) {
    throw Error(
        ErrorKind::kUsage,
        fmt::format("{} has no column in the Canvas file (of its {} assignment "
                    "columns, none is named after it): name one with --column "
                    "{}=\"TITLE (ID)\"",
                    plan.unmatched.front(), layout.assignments.size(), plan.unmatched.front()));
  }
  const batch::FillReport report =
      batch::fill_scores(csv, layout, plan.chosen, key_of(options.match), book.students(),
                         batch::current_scores(book));
  say(ctx, plan, report);
  warn_about_points(ctx, csv, layout, plan, book.summary(exercise_ids));
  std::ostringstream out;
  batch::write_raw_csv(out, csv);
  return out.str();
}

}  // namespace grade::cli

// Gradebook::export_csv and export_jsonl: streamed from SQLite one row at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch/csv.h"
#include "batch/gradebook.h"
#include "util/error.h"
#include "util/utf8.h"

namespace grade::batch {

namespace {

// A score is shown only for a grading that happened: no file or the grader's own failure is an
// empty cell, which an LMS import leaves ungraded instead of recording an unfair 0.
bool shows_score(std::string_view status) {
  return status == to_string(AttemptStatus::kPassed) || status == to_string(AttemptStatus::kFailed);
}

// One row of numbers; an empty optional is an empty cell.
using Cells = std::vector<std::optional<std::int64_t>>;

void set_cells(Cells& cells, const std::vector<std::string>& exercise_ids,
               const std::string& exercise, std::int64_t value) {
  for (std::size_t i = 0; i < exercise_ids.size(); ++i) {
    if (exercise_ids[i] == exercise) {
      cells[i] = value;
    }
  }
}

// `first`, the cells, and their sum when there is a total column.
void write_row(std::ostream& out, std::string first, const Cells& cells, bool total_column) {
  std::vector<std::string> fields = {std::move(first)};
  std::int64_t total = 0;
  for (const auto& cell : cells) {
    fields.push_back(cell ? std::to_string(*cell) : std::string());
    total += cell.value_or(0);
  }
  if (total_column) {
    fields.push_back(std::to_string(total));
  }
  write_csv_record(out, fields);
}

}  // namespace

void Gradebook::export_csv(std::ostream& out, const std::vector<std::string>& exercise_ids,
                           const CsvOptions& options) const {
  // The header names the columns by id: what an LMS import matches, or offers to create.
  std::vector<std::string> header = exercise_ids;
  header.insert(header.begin(), "student_id");
  if (options.total_column) {
    header.emplace_back("total");
  }
  write_csv_record(out, header);
  if (options.points_possible_row) {
    // An attempt in error does not know the exercise's points (it says 0): it does not count.
    Cells possible(exercise_ids.size());
    sqlite::Statement q = db_.prepare(
        "SELECT exercise, max(max_score) FROM current_attempts WHERE status <> 'error' "
        "GROUP BY exercise");
    while (q.step()) {
      set_cells(possible, exercise_ids, q.text(0), q.integer(1));
    }
    write_row(out, "Points Possible", possible, options.total_column);
  }
  // Students without attempts come out with NULL attempt columns: a row of empty cells.
  sqlite::Statement q = db_.prepare(
      "SELECT s.id, c.exercise, c.status, c.score "
      "FROM students AS s LEFT JOIN current_attempts AS c ON c.student = s.id "
      "ORDER BY s.id");
  bool have_row = false;
  std::string student;
  Cells cells(exercise_ids.size());
  const auto flush = [&] {
    if (have_row) {
      write_row(out, student, cells, options.total_column);
    }
  };
  while (q.step()) {
    std::string id = q.text(0);
    if (!have_row || id != student) {
      flush();
      student = std::move(id);
      cells.assign(exercise_ids.size(), std::nullopt);
      have_row = true;
    }
    if (!q.is_null(1) && shows_score(q.text(2))) {
      set_cells(cells, exercise_ids, q.text(1), q.integer(3));
    }
  }
  flush();
}

void Gradebook::export_jsonl(std::ostream& out) const {
  using nlohmann::ordered_json;
  sqlite::Statement q = db_.prepare(
      "SELECT student, exercise, result_json FROM current_attempts "
      "WHERE result_json IS NOT NULL ORDER BY student, exercise");
  while (q.step()) {
    const ordered_json doc = ordered_json::parse(q.text(2), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
      throw Error(ErrorKind::kInternal,
                  fmt::format("gradebook {}: the result document of {}/{} is not a JSON object",
                              path().string(), q.text(0), q.text(1)));
    }
    // Rebuilt key by key to place "student" next to "course" and "exercise", which have the
    // same {"id": ...} shape.
    ordered_json line = ordered_json::object();
    const ordered_json student = {{"id", to_valid_utf8(q.text(0))}};
    for (const auto& [key, value] : doc.items()) {
      if (key != "student") {
        line[key] = value;
      }
      if (key == "exercise") {
        line["student"] = student;
      }
    }
    if (!line.contains("student")) {
      line["student"] = student;
    }
    out << line.dump(-1, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  }
}

}  // namespace grade::batch

#include "batch/canvas_fill.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "util/error.h"

namespace grade::batch {

namespace {

[[noreturn]] void refuse(const std::string& message) { throw Error(ErrorKind::kUsage, message); }

std::optional<std::size_t> key_column(const CanvasLayout& layout, CanvasKey key) {
  switch (key) {
    case CanvasKey::kSisUserId:
      return layout.sis_user_id;
    case CanvasKey::kSisLoginId:
      return layout.sis_login_id;
    case CanvasKey::kId:
      return layout.id;
  }
  return std::nullopt;
}

// How keys are compared: spaces at the ends never count; logins ignore ASCII case, as Canvas's.
std::string comparable(std::string_view text, CanvasKey key) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  std::string out(text.substr(first, text.find_last_not_of(" \t") - first + 1));
  if (key == CanvasKey::kSisLoginId) {
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  return out;
}

std::string field(const RawRecord& record, std::size_t column) {
  return column < record.fields.size() ? record.fields[column].value : std::string();
}

std::string describe(const RawRecord& record, const CanvasLayout& layout, CanvasKey key,
                     std::size_t column) {
  const std::string name = layout.name_columns == 1
                               ? field(record, 0)
                               : fmt::format("{}, {}", field(record, 0), field(record, 1));
  const std::string value = field(record, column);
  return value.empty() ? fmt::format("{} (no {})", name, column_name(key))
                       : fmt::format("{} ({} {})", name, column_name(key), value);
}

// "EX" (excused) or "N/A" (not assigned), in any case and spacing: Canvas's, not a score.
bool is_canvas_status(std::string_view cell) {
  const std::string text = comparable(cell, CanvasKey::kSisLoginId);
  return text == "ex" || text == "n/a";
}

// Writes the student's scores into the chosen columns of `record`.
void fill_row(RawRecord& record, char separator, const std::vector<ColumnChoice>& columns,
              const std::map<std::string, int>& scores, FillReport& report) {
  for (const ColumnChoice& choice : columns) {
    const auto score = scores.find(choice.exercise);
    if (score == scores.end()) {
      continue;
    }
    if (is_canvas_status(field(record, choice.assignment.column))) {
      ++report.canvas_kept;
      continue;
    }
    set_field(record, choice.assignment.column, std::to_string(score->second), separator);
    ++report.cells_written;
  }
}

// No student in common: surely the wrong key column. An example of each side shows how they
// differ (a Canvas key that is not empty).
[[noreturn]] void refuse_no_match(const RawCsv& csv, const CanvasLayout& layout, std::size_t column,
                                  CanvasKey key, const std::string& student) {
  std::string example;
  for (const std::size_t row : layout.student_rows) {
    example = field(csv.records[row], column);
    if (!comparable(example, key).empty()) {
      break;
    }
  }
  refuse(
      fmt::format("no student of the gradebook is in the Canvas file's \"{}\" column (the "
                  "gradebook has \"{}\", Canvas \"{}\"): match by another column with "
                  "--match sis-user-id, sis-login-id or id",
                  column_name(key), student, example));
}

}  // namespace

std::string_view column_name(CanvasKey key) {
  switch (key) {
    case CanvasKey::kSisUserId:
      return "SIS User ID";
    case CanvasKey::kSisLoginId:
      return "SIS Login ID";
    case CanvasKey::kId:
      return "ID";
  }
  return "?";
}

ScoreTable current_scores(const Gradebook& book) {
  ScoreTable table;
  book.for_each_current([&](const Attempt& attempt) {
    if (attempt.status == AttemptStatus::kPassed || attempt.status == AttemptStatus::kFailed) {
      table[attempt.student][attempt.exercise] = attempt.score;
    }
  });
  return table;
}

FillReport fill_scores(RawCsv& csv, const CanvasLayout& layout,
                       const std::vector<ColumnChoice>& columns, CanvasKey key,
                       const std::vector<std::string>& students, const ScoreTable& scores) {
  const std::optional<std::size_t> column = key_column(layout, key);
  if (!column) {
    refuse(
        fmt::format("the Canvas file has no \"{}\" column (Canvas writes SIS ids only for "
                    "users allowed to see them): match students by another column with "
                    "--match sis-user-id, sis-login-id or id",
                    column_name(key)));
  }
  std::map<std::string, std::string> by_key;  // comparable key → the gradebook's id
  for (const std::string& student : students) {
    by_key.emplace(comparable(student, key), student);
  }
  std::map<std::string, std::size_t> seen;  // comparable key → line in the Canvas file
  std::set<std::string> matched;
  FillReport report;
  for (const std::size_t row : layout.student_rows) {
    RawRecord& record = csv.records[row];
    const std::string canvas_key = comparable(field(record, *column), key);
    const auto found = canvas_key.empty() ? by_key.end() : by_key.find(canvas_key);
    if (found == by_key.end()) {
      report.not_in_gradebook.push_back(describe(record, layout, key, *column));
      continue;
    }
    if (const auto [earlier, added] = seen.emplace(canvas_key, record.line); !added) {
      refuse(fmt::format("the Canvas file has two rows with {} \"{}\" (lines {} and {})",
                         column_name(key), field(record, *column), earlier->second, record.line));
    }
    matched.insert(found->second);
    static const std::map<std::string, int> kNoScores;
    const auto student_scores = scores.find(found->second);
    fill_row(record, csv.separator, columns,
             student_scores == scores.end() ? kNoScores : student_scores->second, report);
    ++report.students_matched;
  }
  std::copy_if(students.begin(), students.end(), std::back_inserter(report.not_in_canvas),
               [&](const std::string& s) { return matched.count(s) == 0; });
  std::sort(report.not_in_canvas.begin(), report.not_in_canvas.end());
  if (report.students_matched == 0 && !students.empty() && !layout.student_rows.empty()) {
    refuse_no_match(csv, layout, *column, key, students.front());
  }
  return report;
}

}  // namespace grade::batch

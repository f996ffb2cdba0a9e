#include "batch/canvas_layout.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string_view>

#include <fmt/format.h>

#include "util/error.h"

namespace grade::batch {

namespace {

[[noreturn]] void refuse(const std::string& message) { throw Error(ErrorKind::kUsage, message); }

}  // namespace

std::string normalized_title(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

namespace {

std::string_view value_at(const RawRecord& record, std::size_t column) {
  return column < record.fields.size() ? std::string_view(record.fields[column].value) : "";
}

std::optional<std::size_t> find_column(const RawRecord& header, std::string_view name) {
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (header.fields[i].value == name) {
      return i;
    }
  }
  return std::nullopt;
}

// Canvas's computed columns, also per assignment group ("Labs Current Score") or grading
// period ("Current Score (Fall)"), and their "Unposted" variants.
bool is_computed(std::string_view header) {
  constexpr std::array<std::string_view, 9> kComputed = {
      "Current Score", "Current Points", "Current Grade",  "Final Score",    "Final Points",
      "Final Grade",   "Override Score", "Override Grade", "Override Status"};
  return std::any_of(kComputed.begin(), kComputed.end(), [&](std::string_view name) {
    return header.find(name) != std::string_view::npos;
  });
}

// "Title (123)" → {title, id}; nullopt for a header not of that form.
std::optional<std::pair<std::string, std::string>> title_and_id(std::string_view header) {
  const std::size_t open = header.rfind(" (");
  if (open == std::string_view::npos || header.size() < open + 4 || header.back() != ')') {
    return std::nullopt;
  }
  const std::string_view id = header.substr(open + 2, header.size() - open - 3);
  if (!std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::pair{std::string(header.substr(0, open)), std::string(id)};
}

// A row Canvas writes above Points Possible when grades are posted manually, or an empty line.
bool is_blank_or_posting_row(const RawRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(), [](const RawField& field) {
    const std::string text = normalized_title(field.value);
    return text.empty() || text == "muted" || text.rfind("manual posting", 0) == 0;
  });
}

bool is_test_student(const RawRecord& record, std::size_t name_columns) {
  return name_columns == 1 ? value_at(record, 0) == "Student, Test"
                           : value_at(record, 0) == "Student" && value_at(record, 1) == "Test";
}

}  // namespace

CanvasLayout read_canvas_layout(const RawCsv& csv) {
  if (csv.records.empty()) {
    refuse("the Canvas file is empty");
  }
  const RawRecord& header = csv.records.front();
  CanvasLayout layout;
  if (value_at(header, 0) == "LastName" && value_at(header, 1) == "FirstName") {
    layout.name_columns = 2;
  } else if (value_at(header, 0) != "Student") {
    refuse(
        fmt::format("the Canvas file does not start with a Student column (it starts with "
                    "\"{}\"): export the gradebook from Canvas (Grades, Export) and give "
                    "that file",
                    value_at(header, 0)));
  }
  const std::optional<std::size_t> section = find_column(header, "Section");
  if (!section) {
    refuse("the Canvas file has no Section column: it is not a Canvas gradebook export");
  }
  layout.id = find_column(header, "ID");
  layout.sis_user_id = find_column(header, "SIS User ID");
  layout.sis_login_id = find_column(header, "SIS Login ID");

  std::optional<std::size_t>& points_row = layout.points_row;
  for (std::size_t i = 1; i < csv.records.size(); ++i) {
    const RawRecord& record = csv.records[i];
    if (!points_row && value_at(record, 0).find("Points Possible") != std::string_view::npos) {
      points_row = i;
    } else if (!is_blank_or_posting_row(record) && !is_test_student(record, layout.name_columns)) {
      layout.student_rows.push_back(i);
    }
  }
  for (std::size_t column = *section + 1; column < header.fields.size(); ++column) {
    const std::string& name = header.fields[column].value;
    const auto parts = title_and_id(name);
    const bool read_only =
        points_row &&
        value_at(csv.records[*points_row], column).find("read only") != std::string_view::npos;
    if (parts && !is_computed(name) && !read_only) {
      layout.assignments.push_back({column, name, parts->first, parts->second});
    }
  }
  return layout;
}

std::optional<double> points_possible(const RawCsv& csv, const CanvasLayout& layout,
                                      const CanvasAssignment& assignment) {
  if (!layout.points_row) {
    return std::nullopt;
  }
  std::string text(value_at(csv.records[*layout.points_row], assignment.column));
  std::replace(text.begin(), text.end(), ',', '.');
  double points = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), points);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return points;
}

}  // namespace grade::batch

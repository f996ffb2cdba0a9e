#include "check/notebook_program.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/notebook_magics.h"
#include "util/text.h"

namespace grade::check {

namespace {

// A Python string literal: a JSON string is one (quotes, backslashes and control characters
// escaped; the program is UTF-8, as Python reads it by default).
std::string python_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Enough to fix the notebook in one go; a notebook of thousands is told by the count.
constexpr std::size_t kMaxRefusedLines = 20;

std::string_view kind_name(CellKind kind) {
  switch (kind) {
    case CellKind::kTime:
      return "time";
    case CellKind::kTimeit:
      return "timeit";
    case CellKind::kCapture:
      return "capture";
    case CellKind::kWriteFile:
      return "writefile";
    default:
      return "code";
  }
}

// One entry of the cell table: (cell, how it runs, source, argument, the cell as written when
// the source differs from it, for tracebacks).
std::string cell_entry(const CodeCell& cell, const TranslatedCell& translated) {
  const bool same = translated.python == cell.source || translated.python == cell.source + "\n";
  return fmt::format("    ({}, \"{}\", {}, {}, {}),\n", cell.number, kind_name(translated.kind),
                     python_string(translated.python), python_string(translated.argument),
                     same ? "None" : python_string(cell.source));
}

// The first of them, one a line, under a heading naming the notebook (its name escaped: a line
// end in it must not make a line of the report).
std::string refused_lines(const std::vector<std::string>& problems, std::string_view from) {
  std::string text =
      fmt::format("{} has lines that do not run when it is graded:", text::escape_line(from));
  for (std::size_t i = 0; i < problems.size() && i < kMaxRefusedLines; ++i) {
    text += "\n" + problems[i];
  }
  if (problems.size() > kMaxRefusedLines) {
    text += fmt::format("\n... and {} more lines like these", problems.size() - kMaxRefusedLines);
  }
  return text;
}

}  // namespace

Expected<std::string> notebook_program(const Notebook& notebook, std::string_view from) {
  std::string program(notebook_runner());
  // The file name quoted: a name holding a line end must not end the comment.
  program +=
      fmt::format("\n\n# The code cells of {}: (cell, kind, source, argument, as written).\n",
                  python_string(std::string(from)));
  program += "_grade_cells = [\n";
  std::vector<std::string> problems;
  for (const CodeCell& cell : notebook.code) {
    TranslatedCell translated = translate_cell(cell.source, cell.number);
    problems.insert(problems.end(), translated.problems.begin(), translated.problems.end());
    if (translated.kind != CellKind::kSkip) {
      program += cell_entry(cell, translated);
    }
  }
  if (!problems.empty()) {
    return unexpected(refused_lines(problems, from));
  }
  program +=
      "]\n\nif __name__ == \"__main__\":\n    _grade_nb.main(_grade_cells)\ndel _grade_cells\n";
  return program;
}

Expected<std::string> notebook_program(std::string_view text, std::string_view from) {
  auto notebook = read_notebook(text);
  if (!notebook) {
    return unexpected(fmt::format("{} {}", text::escape_line(from), notebook.error()));
  }
  return notebook_program(*notebook, from);
}

}  // namespace grade::check

#include "check/notebook_program.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/notebook_magics.h"

namespace grade::check {

namespace {

// A Python string literal: a JSON string is one (quotes, backslashes and control characters
// escaped; the program is UTF-8, as Python reads it by default).
std::string python_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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

}  // namespace

Expected<std::string> notebook_program(const Notebook& notebook, std::string_view from) {
  std::string program(notebook_runner());
  // The file name quoted: a name holding a line end must not end the comment.
  program +=
      fmt::format("\n\n# The code cells of {}: (cell, kind, source, argument, as written).\n",
                  python_string(std::string(from)));
  program += "_grade_cells = [\n";
  std::string problems;
  for (const CodeCell& cell : notebook.code) {
    TranslatedCell translated = translate_cell(cell.source, cell.number);
    for (const std::string& problem : translated.problems) {
      problems += problem + "\n";
    }
    if (translated.kind != CellKind::kSkip) {
      program += cell_entry(cell, translated);
    }
  }
  if (!problems.empty()) {
    problems.pop_back();
    return unexpected(
        fmt::format("{} has lines that do not run when it is graded:\n{}", from, problems));
  }
  program +=
      "]\n\nif __name__ == \"__main__\":\n    _grade_nb.main(_grade_cells)\ndel _grade_cells\n";
  return program;
}

Expected<std::string> notebook_program(std::string_view text, std::string_view from) {
  auto notebook = read_notebook(text);
  if (!notebook) {
    return unexpected(fmt::format("{} {}", from, notebook.error()));
  }
  return notebook_program(*notebook, from);
}

}  // namespace grade::check

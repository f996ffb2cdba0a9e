// Fuzzes reading a notebook and making the program it is graded as (check/notebook.h,
// check/notebook_magics.h, check/notebook_program.h): the input is an .ipynb file's bytes.
// The contract: a program that starts with the runner, or a message (the notebook's, naming
// the file, or one line per IPython line to change, naming its cell and line); never an
// exception. Each code cell keeps its number of lines, so positions in tracebacks hold.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check/notebook.h"
#include "check/notebook_magics.h"
#include "check/notebook_program.h"
#include "fuzz_support.h"

namespace {

using grade::fuzz::require;
namespace check = grade::check;

std::size_t lines_of(std::string_view text) {
  const auto ends = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return ends + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

// The cell's Python has a line for each line of its source, and each problem is named by the
// cell and one of its lines.
void check_cell(const std::string& source, int number) {
  const check::TranslatedCell cell = check::translate_cell(source, number);
  require(lines_of(cell.python) == lines_of(source));
  require(cell.python.empty() || cell.python.back() == '\n');
  const std::string at = "cell " + std::to_string(number) + ", line ";
  for (const std::string& problem : cell.problems) {
    require(problem.starts_with(at));
    const std::size_t line = std::stoul(problem.substr(at.size()));
    require(line >= 1 && line <= lines_of(source));
  }
}

// A failure to make the program: the notebook's (after the file's name), or its lines'.
void check_failure(const std::string& error) {
  if (error.starts_with("ex1.ipynb ")) {
    return;
  }
  std::string_view rest = error;
  while (!rest.empty()) {
    require(rest.starts_with("cell "));
    const std::size_t end = rest.find('\n');
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = grade::fuzz::as_text(data, size);
  const auto program = check::notebook_program(text, "ex1.ipynb");
  if (program) {
    require(program->starts_with(check::notebook_runner()));
    require(program->find("_grade_nb.main(_grade_cells)") != std::string::npos);
  } else {
    require(!program.error().empty());
    check_failure(program.error());
  }
  if (const auto notebook = check::read_notebook(text)) {
    for (const check::CodeCell& cell : notebook->code) {
      require(cell.number >= 1 && cell.number <= notebook->cells);
      require(cell.source.find('\r') == std::string::npos);
      check_cell(cell.source, cell.number);
    }
  }
  // The input as one cell's source too: the magics' lines without JSON in the way.
  check_cell(std::string(text), 1);
  return 0;
}

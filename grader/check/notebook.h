// Reading a Jupyter notebook a student handed in: the code cells it would run, in document
// order, and nothing of what it saved (outputs, execution counts) -- a notebook's saved
// output is never evidence of what its code does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace grade::check {

// Above this a file is not a notebook to grade; the message tells how to shrink it.
inline constexpr std::size_t kMaxNotebookBytes = std::size_t{32} << 20;

struct CodeCell {
  int number = 0;      // 1-based position among all cells, markdown and raw included
  std::string source;  // line ends are "\n"
};

struct Notebook {
  int cells = 0;  // every cell of the notebook
  std::vector<CodeCell> code;
};

// The notebook in `text` (UTF-8, a BOM and CRLF accepted). A failure is the student's: why the
// notebook cannot be graded and how to fix it ("is not valid JSON: line 3, column 5: ...").
// Saved outputs and attachments are skipped while parsing, so a notebook of several MB of
// images costs little more than its code.
Expected<Notebook> read_notebook(std::string_view text);

}  // namespace grade::check

// IPython syntax in a notebook's code cells, given a meaning in a plain Python program
// (docs/notebooks.md): timing magics run their statement or cell once and print its time,
// display-only magics are dropped, shell escapes and unknown magics are the student's to fix.
// A cell's line numbers never move: each line becomes one line.
#pragma once

#include <string>
#include <vector>

namespace grade::check {

enum class CellKind {
  kCode,       // runs
  kTime,       // %%time: runs, then prints its CPU and wall time
  kTimeit,     // %%timeit: runs once, then prints its time as %timeit does
  kSkip,       // %%html, %%markdown, ...: shows something in Jupyter, runs nothing
  kCapture,    // %%capture [name]: runs with its output kept from the screen
  kWriteFile,  // %%writefile [-a] name: its text (below the first line) goes into a file
};

struct TranslatedCell {
  CellKind kind = CellKind::kCode;
  std::string python;    // the cell as Python, line for line
  std::string argument;  // kCapture: the name to keep the output in; kWriteFile: the file
  // "cell 2, line 1: shell commands (`!pip install`) do not run when ...", one per line
  std::vector<std::string> problems;
};

// `number` is the cell's position in the notebook, for messages and for the calls the timing
// magics become (_grade_nb.time(statement, cell, line), check/notebook_runner.py).
TranslatedCell translate_cell(const std::string& source, int number);

}  // namespace grade::check

// A notebook as the Python program that is graded: the runner (check/notebook_runner.py),
// then the code cells as a table it runs in order. The program is written once per grading
// into every run folder as <stem>.py; the notebook itself never is.
#pragma once

#include <string>
#include <string_view>

#include "check/notebook.h"
#include "util/expected.h"

namespace grade::check {

// The runner's text, built into the grader.
std::string_view notebook_runner();

// The program of `notebook`; a failure lists every line the student must change (shell
// escapes, unknown magics), one per line, as "cell 2, line 1: ...".
Expected<std::string> notebook_program(const Notebook& notebook, std::string_view from);

// Both steps, from the notebook's text.
Expected<std::string> notebook_program(std::string_view text, std::string_view from);

}  // namespace grade::check

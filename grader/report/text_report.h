// The human-readable report a student sees after `grade ex1 ex1.py`.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "check/result.h"
#include "report/view.h"

namespace grade::report {

struct TextOptions {
  bool color = false;    // ANSI colors; the CLI decides with use_color() (report/color.h)
  bool verbose = false;  // also: every run, messages of passed checks, build command, SHA-256
  std::size_t excerpt_lines = 20;  // per stream, of the deciding run's output
  // Columns the report's own text wraps at (the program's output is shown as it was printed);
  // the CLI decides it (cli/terminal_width.h). Quoted formats and lines are never broken.
  std::size_t width = 80;
  // Student: hidden checks are one summary line. Instructor: every check, hidden ones marked.
  View view = View::kStudent;
  // One line on what changed since the student's last attempt (cli/grade_history.h), shown just
  // above the score; "" for none.
  std::string since_last;
};

// Everything the program printed is escaped (terminal_safe in report/safe_text.h, over
// text::escape_control): student output can never move the cursor or change the terminal's colors.
void write_text_report(std::ostream& out, const check::GradeResult& result,
                       const TextOptions& options);

}  // namespace grade::report

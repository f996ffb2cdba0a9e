// One line on the terminal while a submission is graded ("Run 2 of 5 of ex1.py…"), rewritten at
// each step and erased before the report; and what an interruption stopped.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "check/grader.h"

namespace grade::cli {

// "Building ex1.cpp…", "Reading how ex1.py is written…", "Run 2 of 5 of ex1.py…".
std::string describe_progress(const check::Progress& progress, const std::string& file);

// "Interrupted during run 2 of 5 of ex1; everything it started was stopped." `last`: the step
// the grading was at (unset: none had started).
std::string describe_interruption(const std::optional<check::Progress>& last,
                                  const std::string& exercise, const std::string& file);

class ProgressLine {
 public:
  // Shows nothing when `enabled` is false (the stream is no terminal), yet remembers the step.
  // `escapes`: erase with "\r\x1b[K"; else (NO_COLOR, --color never, TERM=dumb: no escape
  // byte at all) overwrite with spaces.
  ProgressLine(std::ostream& out, bool enabled, bool escapes, std::string file)
      : out_(out), enabled_(enabled), escapes_(escapes), file_(std::move(file)) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { clear(); }

  void show(const check::Progress& progress);
  // Erases the line, if one is shown.
  void clear();
  const std::optional<check::Progress>& last() const { return last_; }

 private:
  std::ostream& out_;
  void erase();

  bool enabled_;
  bool escapes_;
  std::string file_;
  std::size_t shown_width_ = 0;  // columns of the line shown; 0: none
  std::optional<check::Progress> last_;
};

}  // namespace grade::cli

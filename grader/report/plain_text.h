// A grading in plain text, for the machine formats that carry text meant for people
// (Gradescope's `output`, JUnit's failure bodies and <system-out>). Every piece of student
// output is escaped (text::escape_control): no control bytes, only valid UTF-8.
#pragma once

#include <cstddef>
#include <string>

#include "check/result.h"

namespace grade::report {

// The message of a check and, when it failed, "Hint: ..." after it; empty when there is neither.
std::string check_details(const check::CheckResult& check);

// Both streams of a program run, `max_lines` lines each ("stdout:" then "  | line"...): the
// start of stdout and the end of stderr, where a traceback names the error.
std::string output_excerpt(const run::RunResult& run, std::size_t max_lines);

// What the grading came to, in sentences: the error or the failed build, how the runs went and
// how the deciding run ended, the notes. No check details.
std::string grading_summary(const check::GradeResult& result);

// The output worth showing next to the summary: the failed build's, else the deciding run's;
// empty when neither ran.
std::string relevant_output(const check::GradeResult& result, std::size_t max_lines);

}  // namespace grade::report

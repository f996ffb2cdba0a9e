// Gradescope's results.json for one grading (`grade --format gradescope`), as its autograder
// harness reads it (https://gradescope-autograders.readthedocs.io/en/latest/specs/). The
// subset written here is described by tests/schemas/gradescope-results.schema.json.
//
// One test per check of the deciding run, always with full details: a hidden check becomes a
// test with visibility "hidden", which Gradescope itself keeps from students.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check/result.h"

namespace grade::report {

struct GradescopeTest {
  std::string name;
  int score = 0;
  int max_score = 0;
  bool passed = false;  // status "passed" or "failed" (a skipped check is not passed)
  bool hidden = false;  // visibility "hidden" instead of "visible"
  std::string output;   // plain text: what was expected and seen, the hint
};

struct GradescopeResults {
  int score = 0;
  double execution_time = 0;  // seconds: the build and every run
  std::string output;         // plain text about the whole grading, shown above the tests
  std::vector<GradescopeTest> tests;
};

// The grading as Gradescope results. A grading in error has no tests and score 0; a failed
// build has every check as a failed test. Every string is valid UTF-8 without control bytes.
GradescopeResults to_gradescope(const check::GradeResult& result);

nlohmann::ordered_json to_json(const GradescopeResults& results);

// to_json(to_gradescope(result)), pretty-printed, followed by a newline.
void write_gradescope_report(std::ostream& out, const check::GradeResult& result);

}  // namespace grade::report

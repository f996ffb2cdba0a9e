// `grade export junit`: a gradebook's current results as one JUnit XML document, for a CI
// job that grades a class and wants its test report: one <testsuite> "STUDENT/EXERCISE" per
// current attempt, one test case per check (instructor view: hidden checks included, marked),
// "submission" failed for a missing file, "grading" in error when the grader failed.
#pragma once

#include <ostream>
#include <string_view>

#include "batch/gradebook.h"
#include "report/junit_report.h"

namespace grade::batch {

report::JUnitSuite junit_suite(const Attempt& attempt, std::string_view course_id);

// Streamed one attempt at a time; valid against tests/schemas/junit.xsd.
void export_junit(std::ostream& out, const Gradebook& book);

}  // namespace grade::batch

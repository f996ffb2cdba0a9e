// JUnit XML for CI (`grade --format junit`): GitLab, Jenkins and GitHub test reporters show one
// test case per check. The layout CI tools read is modelled by tests/schemas/junit.xsd.
//
// <testsuites> holds one <testsuite> named after the exercise: a <testcase> "build" when the
// language has a build step, then one per check of the deciding run (a failed check has a
// <failure>, a skipped one <skipped>). A failed build is a <failure> of "build" (the
// submission's fault, like a failed check); a grading in error is an <error> of a test case
// "grading" (the grader's fault). Hidden checks follow the view, as in the JSON report.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/result.h"
#include "report/view.h"
#include "report/xml_writer.h"

namespace grade::report {

struct JUnitCase {
  enum class Outcome { kPassed, kFailed, kSkipped, kError };

  std::string name;
  double seconds = 0;  // checks take no time of their own: 0; the build its wall time
  Outcome outcome = Outcome::kPassed;
  std::string message;  // one line, for the message attribute
  std::string type;     // failure or error type
  std::string details;  // body of <failure>/<error>: expected vs seen, the hint, output
};

struct JUnitSuite {
  std::string name;       // the exercise id
  std::string classname;  // "COURSE.EXERCISE", for every test case
  double seconds = 0;     // the build and every run
  std::vector<std::pair<std::string, std::string>> properties;  // score, status, view, ...
  std::vector<JUnitCase> cases;
  std::string system_out;  // the grading summary and an excerpt of the relevant output
};

JUnitSuite to_junit(const check::GradeResult& result, View view);

// The test case of one check, in a suite of one grading or of a class's gradebook: named after
// its title (a hidden check in the student view after its id only); a failure of type "check
// failed" or a skip with the first line of its message; its message and hint as details
// (check_details in plain_text.h).
JUnitCase junit_check_case(const check::CheckResult& check, View view);

// The first line of `text`, escaped, for a message attribute; `fallback` when there is none.
std::string junit_message(std::string_view text, std::string_view fallback);

// One <testsuite> into an open document: for documents of many suites (a class's results).
void write_junit_suite(XmlWriter& xml, const JUnitSuite& suite);

// The document, written with XmlWriter: well-formed and valid against tests/schemas/junit.xsd
// whatever the strings hold.
void write_junit(std::ostream& out, const JUnitSuite& suite);

// write_junit(out, to_junit(result, view)).
void write_junit_report(std::ostream& out, const check::GradeResult& result, View view);

}  // namespace grade::report

#include "report/junit_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/plain_text.h"
#include "report/run_summary.h"
#include "report/safe_text.h"
#include "report/xml_writer.h"

namespace grade::report {

namespace {

using Outcome = JUnitCase::Outcome;

constexpr std::size_t kExcerptLines = 30;

double seconds(double s) { return std::isfinite(s) && s > 0 ? s : 0.0; }

std::string format_seconds(double s) { return fmt::format("{:.3f}", seconds(s)); }

JUnitCase build_case(const check::GradeResult& r) {
  const check::BuildRecord& b = *r.build;
  JUnitCase test;
  test.name = "build";
  test.seconds = b.result.wall_seconds;
  if (!b.ok) {
    test.outcome = Outcome::kFailed;
    test.type = "build failed";
    test.message = junit_message(r.error, "the build failed");
    test.details = output_excerpt(b.result, kExcerptLines);
  }
  return test;
}

JUnitCase error_case(const check::GradeResult& r) {
  JUnitCase test;
  test.name = "grading";
  test.outcome = Outcome::kError;
  test.type = "grader error";
  test.message = junit_message(r.error, "the grader could not grade");
  test.details = grading_summary(r);
  return test;
}

std::string count(const JUnitSuite& suite, Outcome outcome) {
  return std::to_string(std::count_if(suite.cases.begin(), suite.cases.end(),
                                      [&](const JUnitCase& c) { return c.outcome == outcome; }));
}

}  // namespace

std::string junit_message(std::string_view text, std::string_view fallback) {
  const std::string_view line = text.substr(0, text.find('\n'));
  return line.empty() ? std::string(fallback) : one_line(line);
}

JUnitCase junit_check_case(const check::CheckResult& c, View view) {
  JUnitCase test;
  test.name = c.hidden && view == View::kStudent
                  ? fmt::format("{} ({})", kHiddenTitle, one_line(c.id))
                  : one_line(c.title.empty() ? c.id : c.title);
  test.details = check_details(c);
  switch (c.status) {
    case check::CheckStatus::kPass:
      test.outcome = Outcome::kPassed;
      break;
    case check::CheckStatus::kFail:
      if (c.advice) {  // fails nobody: CI passes, the details keep the advice
        test.outcome = Outcome::kPassed;
        break;
      }
      test.outcome = Outcome::kFailed;
      test.type = "check failed";
      test.message = junit_message(c.message, "check failed");
      break;
    case check::CheckStatus::kSkip:
      test.outcome = Outcome::kSkipped;
      test.message = junit_message(c.message, "not checked");
      break;
  }
  return test;
}

JUnitSuite to_junit(const check::GradeResult& result, View view) {
  const check::GradeResult r = apply_view(result, view);
  JUnitSuite suite;
  suite.name = one_line(r.exercise_id);
  suite.classname = one_line(r.course_id) + "." + one_line(r.exercise_id);
  suite.seconds = r.build ? seconds(r.build->result.wall_seconds) : 0.0;
  for (const check::RunRecord& run : r.runs) {
    suite.seconds += seconds(run.result.wall_seconds);
  }
  suite.properties = {{"status", std::string(check::to_string(r.status))},
                      {"score", std::to_string(r.score)},
                      {"max_score", std::to_string(r.max_score)},
                      {"runs", std::to_string(r.runs.size())},
                      {"view", std::string(view_name(view))},
                      {"submission", one_line(r.submission.path)},
                      {"sha256", r.submission.sha256}};
  if (r.scoring && !r.scoring->reason.empty()) {
    suite.properties.emplace_back("score_reason", one_line(r.scoring->reason));
  }
  if (r.status == check::GradeStatus::kError) {
    suite.cases.push_back(error_case(r));
  }
  if (r.build) {
    suite.cases.push_back(build_case(r));
  }
  for (const check::CheckResult& c : r.checks) {
    suite.cases.push_back(junit_check_case(c, view));
  }
  suite.system_out = grading_summary(r);
  if (const std::string output = relevant_output(r, kExcerptLines); !output.empty()) {
    suite.system_out += "\n" + output;
  }
  return suite;
}

void write_junit_suite(XmlWriter& xml, const JUnitSuite& suite) {
  const std::string tests = std::to_string(suite.cases.size());
  xml.open("testsuite", {{"name", suite.name},
                         {"tests", tests},
                         {"failures", count(suite, Outcome::kFailed)},
                         {"errors", count(suite, Outcome::kError)},
                         {"skipped", count(suite, Outcome::kSkipped)},
                         {"time", format_seconds(suite.seconds)}});
  xml.open("properties");
  for (const auto& [name, value] : suite.properties) {
    xml.element("property", {{"name", name}, {"value", value}});
  }
  xml.close();
  for (const JUnitCase& test : suite.cases) {
    const std::string case_time = format_seconds(test.seconds);
    const XmlAttributes attributes = {
        {"classname", suite.classname}, {"name", test.name}, {"time", case_time}};
    if (test.outcome == Outcome::kPassed) {
      xml.element("testcase", attributes);
      continue;
    }
    xml.open("testcase", attributes);
    switch (test.outcome) {
      case Outcome::kFailed:
        xml.element("failure", {{"message", test.message}, {"type", test.type}}, test.details);
        break;
      case Outcome::kError:
        xml.element("error", {{"message", test.message}, {"type", test.type}}, test.details);
        break;
      case Outcome::kSkipped:
        xml.element("skipped", {{"message", test.message}});
        break;
      case Outcome::kPassed:
        break;
    }
    xml.close();
  }
  xml.element("system-out", {}, suite.system_out);
  xml.close();
}

void write_junit(std::ostream& out, const JUnitSuite& suite) {
  XmlWriter xml(out);
  xml.open("testsuites", {{"name", "grade"},
                          {"tests", std::to_string(suite.cases.size())},
                          {"failures", count(suite, Outcome::kFailed)},
                          {"errors", count(suite, Outcome::kError)},
                          {"skipped", count(suite, Outcome::kSkipped)},
                          {"time", format_seconds(suite.seconds)}});
  write_junit_suite(xml, suite);
  xml.close();
}

void write_junit_report(std::ostream& out, const check::GradeResult& result, View view) {
  write_junit(out, to_junit(result, view));
}

}  // namespace grade::report

#include "batch/junit_export.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "batch/attempt.h"
#include "report/safe_text.h"
#include "report/xml_writer.h"

namespace grade::batch {

namespace {

using Outcome = report::JUnitCase::Outcome;

// The attempt's document, read by the reader that recorded it; nullopt when there is none.
std::optional<ResultDocument> stored_document(const Attempt& attempt) {
  if (!attempt.result_json) {
    return std::nullopt;
  }
  Expected<ResultDocument> doc = parse_result_document(*attempt.result_json);
  if (!doc) {
    return std::nullopt;
  }
  return std::move(doc).value();
}

}  // namespace

report::JUnitSuite junit_suite(const Attempt& attempt, std::string_view course_id) {
  report::JUnitSuite suite;
  const std::string student = report::one_line(attempt.student);
  const std::string exercise = report::one_line(attempt.exercise);
  suite.name = student + "/" + exercise;
  suite.classname = fmt::format("{}.{}", report::one_line(course_id), exercise);
  suite.seconds = attempt.seconds;
  suite.properties = {{"student", student},
                      {"status", std::string(to_string(attempt.status))},
                      {"score", std::to_string(attempt.score)},
                      {"max_score", std::to_string(attempt.max_score)},
                      {"started_at", attempt.started_at},
                      {"attempt_id", attempt.attempt_id}};
  if (attempt.status == AttemptStatus::kMissing) {
    suite.cases.push_back({"submission", 0, Outcome::kFailed,
                           fmt::format("no file for {} was handed in", exercise), "missing", ""});
    return suite;
  }
  const std::optional<ResultDocument> doc = stored_document(attempt);
  if (attempt.status == AttemptStatus::kError) {
    const std::string error = attempt.error.empty() && doc ? doc->error : attempt.error;
    suite.cases.push_back({"grading", attempt.seconds, Outcome::kError,
                           report::junit_message(error, "the grader could not grade"),
                           "grader error", report::terminal_safe(error)});
    return suite;
  }
  // The messages and hints of the deciding run's checks, by id (the gradebook's check rows
  // keep statuses and points only).
  std::map<std::string, const DocumentCheck*> texts;
  if (doc) {
    if (doc->build_failed) {
      suite.cases.push_back({"build", 0, Outcome::kFailed,
                             report::junit_message(doc->error, "the build failed"), "build failed",
                             report::terminal_safe(doc->error)});
    }
    suite.system_out = fmt::format("{} {}: {} {}/{}", student, exercise, to_string(attempt.status),
                                   attempt.score, attempt.max_score);
    if (!doc->score_reason.empty()) {
      suite.system_out += "\n" + report::terminal_safe(doc->score_reason);
    }
    for (const DocumentCheck& c : doc->checks) {
      texts[c.row.id] = &c;
    }
  }
  for (const CheckRow& check : attempt.checks) {
    const auto text = texts.find(check.id);
    const DocumentCheck* detail = text == texts.end() ? nullptr : text->second;
    const check::CheckResult result{check.id,
                                    check.title,
                                    check.status,
                                    check.points,
                                    check.max_points,
                                    detail != nullptr ? detail->message : "",
                                    detail != nullptr ? detail->hint : "",
                                    check.unobserved,
                                    check.hidden};
    // As a JUnit report of one grading in the instructor's view, hidden checks marked.
    report::JUnitCase test = report::junit_check_case(result, report::View::kInstructor);
    if (check.hidden) {
      test.name += " (hidden)";
    }
    suite.cases.push_back(std::move(test));
  }
  return suite;
}

void export_junit(std::ostream& out, const Gradebook& book) {
  report::XmlWriter xml(out);
  // Totals on <testsuites> are optional; leaving them out lets the document be streamed.
  xml.open("testsuites", {{"name", "grade batch " + book.course_id()}});
  book.for_each_current([&](const Attempt& attempt) {
    report::write_junit_suite(xml, junit_suite(attempt, book.course_id()));
  });
  xml.close();
}

}  // namespace grade::batch

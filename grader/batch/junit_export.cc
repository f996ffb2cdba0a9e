#include "batch/junit_export.h"

#include <map>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/safe_text.h"
#include "report/xml_writer.h"

namespace grade::batch {

namespace {

using Outcome = report::JUnitCase::Outcome;

struct CheckText {
  std::string message;
  std::string hint;
};

std::string string_at(const nlohmann::json& doc, const char* key) {
  const auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The messages and hints of the deciding run's checks, by id, from the stored document (the
// gradebook's check rows keep statuses and points only).
std::map<std::string, CheckText> check_texts(const nlohmann::json& doc) {
  std::map<std::string, CheckText> texts;
  const auto checks = doc.find("checks");
  if (checks == doc.end() || !checks->is_array()) {
    return texts;
  }
  for (const nlohmann::json& c : *checks) {
    if (c.is_object()) {
      texts[string_at(c, "id")] = {string_at(c, "message"), string_at(c, "hint")};
    }
  }
  return texts;
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
  const nlohmann::json doc = nlohmann::json::parse(attempt.result_json.value_or("null"), nullptr,
                                                   /*allow_exceptions=*/false);
  if (attempt.status == AttemptStatus::kError) {
    std::string error =
        attempt.error.empty() && doc.is_object() ? string_at(doc, "error") : attempt.error;
    suite.cases.push_back({"grading", attempt.seconds, Outcome::kError,
                           report::junit_message(error, "the grader could not grade"),
                           "grader error", report::terminal_safe(error)});
    return suite;
  }
  if (doc.is_object()) {
    const auto build = doc.find("build");
    if (build != doc.end() && build->is_object() && build->value("ok", true) == false) {
      const std::string error = string_at(doc, "error");
      suite.cases.push_back({"build", 0, Outcome::kFailed,
                             report::junit_message(error, "the build failed"), "build failed",
                             report::terminal_safe(error)});
    }
    suite.system_out = fmt::format("{} {}: {} {}/{}", student, exercise, to_string(attempt.status),
                                   attempt.score, attempt.max_score);
  }
  const std::map<std::string, CheckText> texts =
      doc.is_object() ? check_texts(doc) : std::map<std::string, CheckText>{};
  for (const CheckRow& check : attempt.checks) {
    const auto text = texts.find(check.id);
    const CheckText detail = text == texts.end() ? CheckText{} : text->second;
    const check::CheckResult result{check.id,     check.title,      check.status,
                                    check.points, check.max_points, detail.message,
                                    detail.hint,  check.unobserved, check.hidden};
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

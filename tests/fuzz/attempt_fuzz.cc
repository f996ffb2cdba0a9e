// Fuzzes the reader of the JSON result document a worker sends the batch parent
// (batch/attempt.h), and what the parent makes of a document it accepted: the gradebook's
// attempt and its JUnit export, which must stay well-formed XML whatever the document says.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "batch/attempt.h"
#include "batch/junit_export.h"
#include "fuzz_support.h"
#include "properties.h"

namespace {

namespace batch = grade::batch;
using grade::fuzz::require;

void check_document(const batch::ResultDocument& doc) {
  require(doc.status != batch::AttemptStatus::kMissing);
  require(doc.score >= 0 && doc.max_score >= 0);
  for (const batch::DocumentCheck& c : doc.checks) {
    require(c.row.points >= 0 && c.row.max_points >= 0);
  }
}

void check_attempt(const batch::Attempt& attempt, const batch::ResultDocument& doc,
                   std::string_view json) {
  require(attempt.exercise == doc.exercise && attempt.result_json == json);
  require(batch::is_attempt_id(attempt.attempt_id));
  require(attempt.checks.size() == doc.checks.size());
  std::ostringstream out;
  {
    grade::report::XmlWriter xml(out);
    grade::report::write_junit_suite(xml, batch::junit_suite(attempt, "pvt-1"));
  }
  require(grade::fuzz::well_formed_xml(out.str()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = grade::fuzz::as_text(data, size);
  const grade::Expected<batch::ResultDocument> doc = batch::parse_result_document(json);
  if (doc) {
    check_document(*doc);
  }
  batch::GradingContext context;
  context.student = "s1";
  context.exercise = doc ? doc->exercise : "ex1";  // so an accepted document is not refused
  context.started_at = "2024-05-01T09:30:00.250Z";
  const grade::Expected<batch::Attempt> attempt = batch::attempt_from_result_json(json, context);
  require(attempt.has_value() == doc.has_value());
  if (attempt) {
    check_attempt(*attempt, *doc, json);
  }
  return 0;
}

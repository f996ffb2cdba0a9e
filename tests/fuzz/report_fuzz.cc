// Fuzzes the escaping of the report writers (report/): a grading whose every text (program
// output, messages, hints, paths, notes) is chosen by the fuzzer is written as JSON, JUnit XML,
// Gradescope JSON and text, and each document is checked against what its writer promises:
//   JSON: serializes without replacement, is valid UTF-8, parses back to the same document, and
//         each text reads back as the input after to_valid_utf8;
//   XML:  well-formed XML 1.0 (valid UTF-8, no character XML forbids), and the escapers
//         round-trip through an XML reader's unescaping to xml_chars of the input;
//   text: valid UTF-8 without control characters but newlines (and colors when asked for),
//         nor characters that reorder the text (bidi controls, line separators).
#include <cstddef>
#include <cstdint>
#include <sstream>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include "check/evaluate.h"
#include "fuzz_support.h"
#include "properties.h"
#include "report/gradescope_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/safe_text.h"
#include "report/text_report.h"
#include "report/xml_writer.h"
#include "util/utf8.h"

namespace {

namespace check = grade::check;
namespace report = grade::report;
using grade::to_valid_utf8;
using grade::fuzz::require;
using Json = nlohmann::ordered_json;

std::string text(FuzzedDataProvider& in) { return in.ConsumeRandomLengthString(80); }

check::CheckResult fuzzed_check(FuzzedDataProvider& in) {
  check::CheckResult c;
  c.id = text(in);
  c.title = text(in);
  c.status = static_cast<check::CheckStatus>(in.ConsumeIntegralInRange(0, 2));
  c.max_points = in.ConsumeIntegralInRange(0, 5);
  c.points = c.status == check::CheckStatus::kPass ? c.max_points : 0;
  c.message = text(in);
  c.hint = text(in);
  c.unobserved = in.ConsumeBool();
  c.hidden = in.ConsumeBool();
  return c;
}

grade::run::RunResult fuzzed_run(FuzzedDataProvider& in, std::string out) {
  grade::run::RunResult run;
  run.pid = 4242;
  if (in.ConsumeBool()) {
    run.exit_code = in.ConsumeIntegralInRange(0, 255);
  } else {
    run.signal = in.ConsumeIntegralInRange(1, 70);
  }
  run.timed_out = in.ConsumeBool();
  run.wall_seconds = 0.5;
  run.out = {std::move(out), in.ConsumeBool()};
  run.err = {text(in), false};
  if (in.ConsumeBool()) {
    run.spawn_error = text(in);
  }
  run.observed.reason = text(in);
  return run;
}

// A grading: a build, one run whose output is the input's last bytes, and checks either
// evaluated by a bundled exercise (messages quoting that output) or made up.
check::GradeResult fuzzed_grading(FuzzedDataProvider& in, const grade::spec::Exercise*& graded) {
  check::GradeResult r;
  r.course_id = text(in);
  r.course_title = text(in);
  r.exercise_id = text(in);
  r.exercise_title = text(in);
  r.submission = {text(in), text(in), text(in)};
  r.status = static_cast<check::GradeStatus>(in.ConsumeIntegralInRange(0, 2));
  r.error = text(in);
  r.notes = {text(in), text(in)};
  if (in.ConsumeBool()) {
    r.build = check::BuildRecord{{text(in), text(in)}, fuzzed_run(in, text(in)), in.ConsumeBool()};
  }
  const auto& exercises = grade::fuzz::bundled_exercises();
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, exercises.size());
  graded = pick < exercises.size() ? &exercises[pick] : nullptr;
  std::vector<check::CheckResult> made_up;
  for (int n = in.ConsumeIntegralInRange(0, 3); n > 0; --n) {
    made_up.push_back(fuzzed_check(in));
  }
  check::RunRecord record;
  record.index = 1;
  record.verdict = static_cast<grade::run::Verdict>(in.ConsumeIntegralInRange(0, 11));
  record.result = fuzzed_run(in, in.ConsumeRemainingBytesAsString());
  record.checks = graded ? check::evaluate(*graded, record.result) : made_up;
  r.checks = record.checks;
  for (const check::CheckResult& c : r.checks) {
    r.max_score += c.max_points;
    r.score += c.points;
  }
  r.runs.push_back(std::move(record));
  return r;
}

void require_text(const Json& value, const std::string& input) {
  require(value.is_string() && value.get<std::string>() == to_valid_utf8(input));
}

void check_json(const check::GradeResult& r, const grade::spec::Exercise* graded) {
  for (const report::View view : {report::View::kStudent, report::View::kInstructor}) {
    const Json doc = report::to_json(r, view, graded);
    const std::string dumped = doc.dump();  // throws on invalid UTF-8: a crash here
    require(grade::fuzz::decode_utf8(dumped).has_value());
    require(Json::parse(dumped) == doc);
    if (view == report::View::kStudent) {
      continue;
    }
    require_text(doc["course"]["title"], r.course_title);
    require_text(doc["exercise"]["title"], r.exercise_title);
    require_text(doc["submission"]["path"], r.submission.path);
    require(r.error.empty() ? doc["error"].is_null() : doc["error"] == to_valid_utf8(r.error));
    require_text(doc["notes"][1], r.notes[1]);
    require_text(doc["runs"][0]["stdout"]["data"], r.runs[0].result.out.data);
    require_text(doc["runs"][0]["stderr"]["data"], r.runs[0].result.err.data);
    require(doc["checks"].size() == r.checks.size());
    for (std::size_t i = 0; i < r.checks.size(); ++i) {
      require_text(doc["checks"][i]["title"], r.checks[i].title);
      require_text(doc["checks"][i]["message"], r.checks[i].message);
      require_text(doc["checks"][i]["hint"], r.checks[i].hint);
    }
  }
}

void check_gradescope(const check::GradeResult& r) {
  const Json doc = report::to_json(report::to_gradescope(r));
  require(grade::fuzz::decode_utf8(doc.dump()).has_value());
  require(grade::fuzz::terminal_safe_text(doc["output"].get<std::string>(), false));
  for (const Json& test : doc["tests"]) {
    require(grade::fuzz::terminal_safe_text(test["name"].get<std::string>(), false));
    require(grade::fuzz::terminal_safe_text(test["output"].get<std::string>(), false));
  }
}

void check_xml(const check::GradeResult& r, std::string_view sample) {
  for (const report::View view : {report::View::kStudent, report::View::kInstructor}) {
    std::ostringstream out;
    report::write_junit_report(out, r, view);
    require(grade::fuzz::well_formed_xml(out.str()));
  }
  const std::string chars = report::xml_chars(sample);
  const auto decoded = grade::fuzz::decode_utf8(chars);
  require(decoded.has_value());
  for (const char32_t c : *decoded) {
    require(grade::fuzz::xml_char(c));
  }
  require(grade::fuzz::xml_unescape(report::xml_escape_text(sample)) == chars);
  require(grade::fuzz::xml_unescape(report::xml_escape_attribute(sample)) == chars);
}

void check_text(const check::GradeResult& r, FuzzedDataProvider& in, std::string_view sample) {
  report::TextOptions options;
  options.color = in.ConsumeBool();
  options.verbose = in.ConsumeBool();
  options.view = in.ConsumeBool() ? report::View::kStudent : report::View::kInstructor;
  options.excerpt_lines = in.ConsumeIntegralInRange<std::size_t>(0, 30);
  std::ostringstream out;
  report::write_text_report(out, r, options);
  require(grade::fuzz::terminal_safe_text(out.str(), options.color));
  require(grade::fuzz::terminal_safe_text(report::terminal_safe(sample), false));
  const std::string line = report::one_line(sample);
  require(grade::fuzz::terminal_safe_text(line, false) && line.find('\n') == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  FuzzedDataProvider options(data, size);  // the same bytes again, for the text options
  const std::string_view sample = grade::fuzz::as_text(data, size);
  const grade::spec::Exercise* graded = nullptr;
  const check::GradeResult r = fuzzed_grading(in, graded);
  check_json(r, graded);
  check_gradescope(r);
  check_xml(r, sample);
  check_text(r, options, sample);
  return 0;
}

#include "report/gradescope_report.h"

#include <cmath>

#include "report/plain_text.h"
#include "report/safe_text.h"
#include "util/utf8.h"

namespace grade::report {

namespace {

constexpr std::size_t kExcerptLines = 30;  // per stream, in the top-level output

double seconds(double s) { return std::isfinite(s) && s > 0 ? s : 0.0; }

double execution_time(const check::GradeResult& r) {
  double total = r.build ? seconds(r.build->result.wall_seconds) : 0.0;
  for (const check::RunRecord& run : r.runs) {
    total += seconds(run.result.wall_seconds);
  }
  // Hundredths are plenty, and keep the document readable.
  return std::round(total * 100) / 100;
}

GradescopeTest test_of(const check::CheckResult& c) {
  GradescopeTest test;
  test.name = one_line(c.title.empty() ? c.id : c.title);
  test.score = c.points;
  test.max_score = c.max_points;
  // Advice carries no points and fails nobody; its text still reaches the student.
  test.passed = c.status == check::CheckStatus::kPass || c.advice;
  test.hidden = c.hidden;
  test.output = check_details(c);
  return test;
}

}  // namespace

GradescopeResults to_gradescope(const check::GradeResult& r) {
  GradescopeResults results;
  results.execution_time = execution_time(r);
  results.output = grading_summary(r);
  if (const std::string output = relevant_output(r, kExcerptLines); !output.empty()) {
    results.output += "\n" + output;
  }
  if (r.status == check::GradeStatus::kError) {
    return results;  // nothing was graded: no test can say anything true
  }
  results.score = r.score;
  for (const check::CheckResult& c : r.checks) {
    results.tests.push_back(test_of(c));
  }
  return results;
}

nlohmann::ordered_json to_json(const GradescopeResults& results) {
  // Every string already went through escape_control; to_valid_utf8 is the last guard that
  // keeps the serializer from throwing.
  const auto text = [](const std::string& s) { return to_valid_utf8(s); };
  nlohmann::ordered_json tests = nlohmann::ordered_json::array();
  for (const GradescopeTest& t : results.tests) {
    tests.push_back({{"name", text(t.name)},
                     {"score", t.score},
                     {"max_score", t.max_score},
                     {"status", t.passed ? "passed" : "failed"},
                     {"visibility", t.hidden ? "hidden" : "visible"},
                     {"output", text(t.output)},
                     {"output_format", "text"}});
  }
  return {{"score", results.score},
          {"execution_time", results.execution_time},
          {"output", text(results.output)},
          {"output_format", "text"},
          {"tests", std::move(tests)}};
}

void write_gradescope_report(std::ostream& out, const check::GradeResult& result) {
  out << to_json(to_gradescope(result))
             .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
      << '\n';
}

}  // namespace grade::report

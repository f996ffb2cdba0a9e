// A score the scoring policy made 0 (check/scoring.h) is the same number in every format, and
// each says why.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "report/gradescope_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/text_report.h"
#include "sample_results.h"

namespace grade::report {
namespace {

const std::string kReason =
    "Scored 0: run 1 was stopped by the time limit, and this course gives no points to a "
    "program stopped by a limit; the checks that passed were worth 4 of 6 points.";

// Line breaks and the indent after them as one space: the text report wraps its paragraphs.
std::string flat(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n' || c == ' ') {
      if (out.empty() || out.back() != ' ') {
        out += ' ';
      }
    } else {
      out += c;
    }
  }
  return out;
}

TEST(ScoringReport, TheTextReportSaysWhyJustBeforeTheScore) {
  std::ostringstream out;
  write_text_report(out, samples::scored_zero(), {});
  const std::string text = out.str();
  const std::size_t reason = flat(text).find(kReason);
  EXPECT_NE(reason, std::string::npos) << text;
  EXPECT_EQ(flat(text).find(" Score: 0/6 — failed"), reason + kReason.size()) << text;
  // The checks that passed still show their points.
  EXPECT_NE(text.find("2/2"), std::string::npos) << text;
}

TEST(ScoringReport, NoReasonWhenThePolicyDidNotLowerTheScore) {
  std::ostringstream out;
  check::GradeResult partial = samples::timed_out();
  partial.scoring = check::ScoringDecision{spec::FailureKind::kLimit, {}, partial.score, ""};
  write_text_report(out, partial, {});
  EXPECT_EQ(out.str().find("Scored"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Score: 4/6 — failed"), std::string::npos) << out.str();
  EXPECT_EQ(to_json(partial)["scoring"]["reason"], nullptr);
  EXPECT_EQ(to_json(partial)["scoring"]["credit"], "partial");
}

TEST(ScoringReport, JsonCarriesTheScoreAndTheDecision) {
  const nlohmann::ordered_json doc = to_json(samples::scored_zero());
  EXPECT_EQ(doc["schema_version"], 10);
  EXPECT_EQ(doc["score"], 0);
  EXPECT_EQ(doc["scoring"], nlohmann::ordered_json({{"failure", "limit"},
                                                    {"credit", "zero"},
                                                    {"rule_from", "course"},
                                                    {"checks_score", 4},
                                                    {"reason", kReason}}));
  EXPECT_EQ(to_json(samples::passed())["scoring"], nullptr);
}

TEST(ScoringReport, GradescopeScoresZeroAndSaysWhy) {
  const GradescopeResults results = to_gradescope(samples::scored_zero());
  EXPECT_EQ(results.score, 0);
  EXPECT_NE(results.output.find("Score: 0/6\n" + kReason + "\n"), std::string::npos)
      << results.output;
}

TEST(ScoringReport, JUnitScoresZeroAndSaysWhy) {
  const JUnitSuite suite = to_junit(samples::scored_zero(), View::kStudent);
  bool score = false;
  bool reason = false;
  for (const auto& [name, value] : suite.properties) {
    score = score || (name == "score" && value == "0");
    reason = reason || (name == "score_reason" && value == kReason);
  }
  EXPECT_TRUE(score);
  EXPECT_TRUE(reason);
  EXPECT_NE(suite.system_out.find(kReason), std::string::npos) << suite.system_out;
}

}  // namespace
}  // namespace grade::report

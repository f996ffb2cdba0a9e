// The gradebook keeps the score the scoring policy decided (check/scoring.h) and its reason:
// the attempt's score is the document's, and the class's JUnit export says why it is 0.
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "batch/attempt.h"
#include "batch/junit_export.h"
#include "gradebook_support.h"

namespace grade::batch {
namespace {

using namespace grade::batch::testing;  // NOLINT(google-build-using-namespace): test helpers

constexpr const char* kReason =
    "Scored 0: run 1 was stopped by the time limit, and this course gives no points to a "
    "program stopped by a limit; the checks that passed were worth 2 of 5 points.";

// A failed grading whose check "prints-pid" passed (2 points), scored 0 by the policy.
nlohmann::json scored_zero() {
  auto doc = nlohmann::json::parse(
      result_document("ex1", {pass("prints-pid", 2), fail("children", 3)}, std::string(64, 'c')));
  doc["score"] = 0;
  doc["scoring"] = {{"failure", "limit"},
                    {"credit", "zero"},
                    {"rule_from", "course"},
                    {"checks_score", 2},
                    {"reason", kReason}};
  return doc;
}

TEST(GradebookScoring, TheAttemptHasThePolicysScoreAndTheDocumentItsReason) {
  const std::string text = scored_zero().dump();
  const auto attempt = attempt_from_result_json(text, context("alice", "ex1", at(1)));
  ASSERT_TRUE(attempt.has_value()) << attempt.error();
  EXPECT_EQ(attempt->score, 0);
  EXPECT_EQ(attempt->checks[0].points, 2);  // the check keeps its points
  const auto doc = parse_result_document(text);
  ASSERT_TRUE(doc.has_value()) << doc.error();
  EXPECT_EQ(doc->score_reason, kReason);
}

TEST(GradebookScoring, TheReasonIsOptionalButAString) {
  auto doc = scored_zero();
  doc["scoring"]["reason"] = nullptr;
  EXPECT_EQ(parse_result_document(doc.dump())->score_reason, "");
  doc.erase("scoring");  // a document before schema version 10
  EXPECT_EQ(parse_result_document(doc.dump())->score_reason, "");
  doc["scoring"] = 3;
  EXPECT_EQ(parse_result_document(doc.dump()).error(), "scoring is neither an object nor null");
  doc["scoring"] = {{"reason", 4}};
  EXPECT_EQ(parse_result_document(doc.dump()).error(), "scoring.reason is not a string");
}

TEST(GradebookScoring, TheJUnitExportSaysWhyTheScoreIsZero) {
  const auto attempt =
      attempt_from_result_json(scored_zero().dump(), context("alice", "ex1", at(1)));
  ASSERT_TRUE(attempt.has_value()) << attempt.error();
  const report::JUnitSuite suite = junit_suite(*attempt, kCourse);
  EXPECT_EQ(suite.system_out, std::string("alice ex1: failed 0/5\n") + kReason);
}

}  // namespace
}  // namespace grade::batch

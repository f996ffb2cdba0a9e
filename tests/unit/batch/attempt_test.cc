#include "batch/attempt.h"

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "gradebook_support.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers

TEST(GradebookAttempt, IsParsedFromAResultDocument) {
  const std::string doc =
      result_document("ex1", {pass("prints-pid", 2), fail("children", 3)}, std::string(64, 'c'));
  const auto a = attempt_from_result_json(doc, context("s1", "ex1", at(5)));
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_TRUE(is_attempt_id(a->attempt_id));
  EXPECT_EQ(a->student, "s1");
  EXPECT_EQ(a->exercise, "ex1");
  EXPECT_EQ(a->content_sha256, std::string(64, 'c'));
  EXPECT_EQ(a->spec_sha256, "spec-1");
  EXPECT_EQ(a->status, AttemptStatus::kFailed);
  EXPECT_EQ(a->score, 2);
  EXPECT_EQ(a->max_score, 5);
  EXPECT_EQ(a->started_at, at(5));
  EXPECT_EQ(a->seconds, 1.5);
  EXPECT_EQ(a->host, "host-1");
  EXPECT_EQ(a->grader_version, GRADE_VERSION);
  EXPECT_EQ(a->error, "");
  EXPECT_EQ(a->result_json, doc);  // kept as the worker wrote it
  ASSERT_EQ(a->checks.size(), 2U);
  EXPECT_EQ(a->checks[0], (CheckRow{"prints-pid", "Title of prints-pid", check::CheckStatus::kPass,
                                    2, 2, false, false}));
  EXPECT_EQ(a->checks[1].status, check::CheckStatus::kFail);
  EXPECT_EQ(a->checks[1].max_points, 3);
}

TEST(GradebookAttempt, TheDocumentIsReadWithTheTextsOfItsChecks) {
  const std::string text =
      result_document("ex1", {pass("prints-pid", 2), fail("children", 3)}, std::string(64, 'c'));
  const auto doc = parse_result_document(text);
  ASSERT_TRUE(doc.has_value()) << doc.error();
  EXPECT_EQ(doc->exercise, "ex1");
  EXPECT_EQ(doc->grader_version, GRADE_VERSION);
  EXPECT_EQ(doc->content_sha256, std::string(64, 'c'));
  EXPECT_EQ(doc->status, AttemptStatus::kFailed);
  EXPECT_EQ(doc->score, 2);
  EXPECT_EQ(doc->max_score, 5);
  EXPECT_EQ(doc->error, "");
  EXPECT_FALSE(doc->build_failed);
  ASSERT_EQ(doc->checks.size(), 2U);
  EXPECT_EQ(doc->checks[1], (DocumentCheck{{"children", "Title of children",
                                            check::CheckStatus::kFail, 0, 3, false, false},
                                           "saw nothing",
                                           "hint"}));
  // The attempt has the same rows.
  const auto a = attempt_from_result_json(text, context("s1", "ex1", at(5)));
  ASSERT_TRUE(a.has_value()) << a.error();
  ASSERT_EQ(a->checks.size(), 2U);
  EXPECT_EQ(a->checks[0], doc->checks[0].row);
  EXPECT_EQ(a->checks[1], doc->checks[1].row);
}

TEST(GradebookAttempt, TheDocumentSaysWhetherTheBuildFailed) {
  auto doc = nlohmann::json::parse(result_document("ex1", {}, ""));
  doc["build"] = {{"ok", false}};
  doc["error"] = "ex1.py does not compile\nline 3";
  const auto failed = parse_result_document(doc.dump());
  ASSERT_TRUE(failed.has_value()) << failed.error();
  EXPECT_TRUE(failed->build_failed);
  EXPECT_EQ(failed->error, "ex1.py does not compile\nline 3");

  doc["build"]["ok"] = true;
  EXPECT_FALSE(parse_result_document(doc.dump())->build_failed);

  doc["build"]["ok"] = "no";
  const auto broken = parse_result_document(doc.dump());
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error(), "build.ok is not a boolean");
  doc["build"] = 3;
  EXPECT_EQ(parse_result_document(doc.dump()).error(), "build is neither an object nor null");
}

TEST(GradebookAttempt, MessagesAndHintsAreOptionalButStrings) {
  auto doc = nlohmann::json::parse(result_document("ex1", {fail("a", 1)}, ""));
  doc["checks"][0].erase("hint");
  const auto without_hint = parse_result_document(doc.dump());
  ASSERT_TRUE(without_hint.has_value()) << without_hint.error();
  EXPECT_EQ(without_hint->checks[0].hint, "");
  doc["checks"][0]["message"] = 4;
  EXPECT_EQ(parse_result_document(doc.dump()).error(), "checks[0].message is not a string");
}

TEST(GradebookAttempt, ReadsTheOptionalHiddenFlag) {
  auto doc = nlohmann::json::parse(result_document("ex1", {pass("a", 1), pass("b", 1)}, ""));
  doc["checks"][1]["hidden"] = true;
  doc["view"] = "instructor";  // coming soon; ignored
  const auto a = attempt_from_result_json(doc.dump(), context("s1", "ex1", at(0)));
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_FALSE(a->checks[0].hidden);
  EXPECT_TRUE(a->checks[1].hidden);
}

TEST(GradebookAttempt, ABrokenDocumentSaysWhatIsWrong) {
  const auto error_of = [](const std::string& text) {
    const auto a = attempt_from_result_json(text, context("s1", "ex1", at(0)));
    return a.has_value() ? std::string("parsed") : a.error();
  };
  EXPECT_EQ(error_of("{\"truncated"), "result document of s1/ex1: not a JSON object");
  auto doc = nlohmann::json::parse(result_document("ex1", {pass("a", 1)}, ""));
  auto broken = doc;
  broken.erase("score");
  EXPECT_EQ(error_of(broken.dump()), "result document of s1/ex1: score is missing");
  broken = doc;
  broken["checks"][0]["status"] = "maybe";
  EXPECT_EQ(error_of(broken.dump()),
            "result document of s1/ex1: checks[0].status 'maybe' is not pass, fail or skip");
  broken = doc;
  broken["checks"][0]["points"] = -1;
  EXPECT_EQ(error_of(broken.dump()), "result document of s1/ex1: checks[0].points is not a count");
  broken = doc;
  broken["exercise"]["id"] = "ex2";
  EXPECT_EQ(error_of(broken.dump()),
            "result document of s1/ex1: it is about exercise 'ex2', not 'ex1'");
}

TEST(GradebookAttempt, MissingAndErrorAttemptsHaveNoDocument) {
  const Attempt missing = missing_attempt(context("s1", "ex1", at(1)), 6);
  EXPECT_EQ(missing.status, AttemptStatus::kMissing);
  EXPECT_EQ(missing.content_sha256, "");
  EXPECT_EQ(missing.max_score, 6);
  EXPECT_FALSE(missing.result_json.has_value());
  const Attempt died =
      error_attempt(context("s1", "ex1", at(1)), std::string(64, 'a'), "worker killed by SIGKILL");
  EXPECT_EQ(died.status, AttemptStatus::kError);
  EXPECT_EQ(died.error, "worker killed by SIGKILL");
  EXPECT_FALSE(died.result_json.has_value());
  EXPECT_NE(missing.attempt_id, died.attempt_id);
}

TEST(GradebookAttempt, IdsAreRandom128BitHex) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_attempt_id();
    EXPECT_TRUE(is_attempt_id(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000U);
  EXPECT_FALSE(is_attempt_id(std::string(32, 'A')));
  EXPECT_FALSE(is_attempt_id(std::string(31, 'a')));
}

TEST(GradebookAttempt, TimestampsAreFixedWidthUtcWithMilliseconds) {
  using namespace std::chrono;
  const system_clock::time_point t{milliseconds(1'714'555'800'250)};
  EXPECT_EQ(utc_timestamp(t), "2024-05-01T09:30:00.250Z");
  EXPECT_EQ(utc_timestamp(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_TRUE(is_utc_timestamp(utc_timestamp()));
  EXPECT_FALSE(is_utc_timestamp("2024-05-01T09:30:00Z"));
  EXPECT_FALSE(is_utc_timestamp("2024-05-01 09:30:00.250Z"));
}

TEST(GradebookAttempt, StatusNamesRoundTrip) {
  for (const AttemptStatus s : {AttemptStatus::kPassed, AttemptStatus::kFailed,
                                AttemptStatus::kError, AttemptStatus::kMissing}) {
    EXPECT_EQ(attempt_status_from(to_string(s)), s);
  }
  EXPECT_FALSE(attempt_status_from("pass").has_value());
  EXPECT_EQ(check_status_from("skip"), check::CheckStatus::kSkip);
}

}  // namespace
}  // namespace grade::batch

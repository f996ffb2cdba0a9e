#include "cli/history.h"

#include <string>

#include <gtest/gtest.h>

namespace grade::cli::history {
namespace {

// A function, not a global: building one may throw.
Key key() { return {"course-a", "/home/student/work", "ex1"}; }

Attempt attempt(Time time, const std::string& verdict, int score) {
  Attempt a;
  a.time = time;
  a.file = "ex1.py";
  a.sha256 = std::string(64, 'a');
  a.verdict = verdict;
  a.score = score;
  a.max_score = 15;
  a.checks = {{"distinct-names", verdict == "passed" ? "pass" : "fail", false},
              {"style", "fail", true}};
  return a;
}

TEST(History, AnEntryComesBackFromItsJsonAsItWas) {
  Entry entry = advance(std::nullopt, key(), attempt(1000, "failed", 3));
  entry = advance(entry, key(), attempt(2000, "passed", 15));
  const std::optional<Entry> back = from_json(to_json(entry), key());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key.folder, key().folder);
  EXPECT_EQ(back->last.time, 2000);
  EXPECT_EQ(back->last.file, "ex1.py");
  EXPECT_EQ(back->last.sha256, std::string(64, 'a'));
  EXPECT_EQ(back->last.verdict, "passed");
  EXPECT_EQ(back->last.score, 15);
  EXPECT_EQ(back->last.max_score, 15);
  ASSERT_EQ(back->last.checks.size(), 2U);
  EXPECT_EQ(back->last.checks[0].id, "distinct-names");
  EXPECT_EQ(back->last.checks[0].status, "pass");
  EXPECT_TRUE(back->last.checks[1].advice);
  EXPECT_EQ(back->standing, "passed");
  EXPECT_EQ(back->standing_since, 2000);
  ASSERT_TRUE(back->change);
  EXPECT_EQ(back->change->time, 2000);
  EXPECT_EQ(back->change->from, "failed");
  EXPECT_EQ(back->change->to, "passed");
}

TEST(History, TheFirstAttemptIsNoChangeAndAnErrorChangesNothing) {
  Entry entry = advance(std::nullopt, key(), attempt(1000, "failed", 3));
  EXPECT_FALSE(entry.change);
  EXPECT_EQ(entry.standing, "failed");
  entry = advance(entry, key(), attempt(1500, "failed", 5));
  EXPECT_FALSE(entry.change);
  EXPECT_EQ(entry.standing_since, 1000);  // failing since the first attempt
  entry = advance(entry, key(), attempt(2000, "error", 0));
  EXPECT_EQ(entry.last.verdict, "error");
  EXPECT_EQ(entry.standing, "failed");
  EXPECT_EQ(entry.standing_since, 1000);
  entry = advance(entry, key(), attempt(3000, "passed", 15));
  ASSERT_TRUE(entry.change);
  EXPECT_EQ(entry.change->from, "failed");
  EXPECT_EQ(entry.change->time, 3000);
  entry = advance(entry, key(), attempt(4000, "passed", 15));
  EXPECT_EQ(entry.change->time, 3000);  // the last change is kept while nothing changes
  EXPECT_EQ(entry.standing_since, 3000);
}

TEST(History, OnlyErrorsLeaveNoStanding) {
  const Entry entry = advance(std::nullopt, key(), attempt(1000, "error", 0));
  EXPECT_EQ(entry.standing, "");
  const auto back = from_json(to_json(entry), key());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->standing, "");
  EXPECT_FALSE(back->change);
}

TEST(History, ADocumentOfAnotherKeyIsNotTrusted) {
  const std::string text = to_json(advance(std::nullopt, key(), attempt(1000, "passed", 15)));
  EXPECT_TRUE(from_json(text, key()));
  EXPECT_FALSE(from_json(text, Key{"course-a", "/home/student/work", "ex2"}));
  EXPECT_FALSE(from_json(text, Key{"course-b", "/home/student/work", "ex1"}));
  EXPECT_FALSE(from_json(text, Key{"course-a", "/home/student", "ex1"}));
}

TEST(History, DamagedOrForeignDocumentsAreNothing) {
  const std::string good = to_json(advance(std::nullopt, key(), attempt(1000, "passed", 15)));
  for (const std::string& text : {
           std::string(""), std::string("not json"), std::string("[]"),
           std::string("{\"format\": \"grade-history\"}"),
           good.substr(0, good.size() / 2),  // cut short by a full disk
       }) {
    EXPECT_FALSE(from_json(text, key())) << text;
  }
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  EXPECT_FALSE(from_json(replaced("\"version\": 1", "\"version\": 2"), key()));
  EXPECT_FALSE(from_json(replaced("\"score\": 15", "\"score\": \"15\""), key()));
  EXPECT_FALSE(from_json(replaced("\"verdict\": \"passed\"", "\"verdict\": \"great\""), key()));
  EXPECT_FALSE(from_json(replaced("\"status\": \"pass\"", "\"status\": 1"), key()));
  EXPECT_FALSE(from_json(replaced("\"standing\": \"passed\"", "\"standing\": \"error\""), key()));
  EXPECT_FALSE(from_json(replaced("\"format\": \"grade-history\"", "\"format\": \"x\""), key()));
}

TEST(History, AnAttemptKeepsTheChecksOfTheGrading) {
  check::GradeResult result;
  result.status = check::GradeStatus::kFailed;
  result.score = 4;
  result.max_score = 15;
  result.submission.sha256 = "abc";
  check::CheckResult hidden;
  hidden.id = "secret";
  hidden.status = check::CheckStatus::kFail;
  hidden.hidden = true;
  check::CheckResult skipped;
  skipped.id = "later";
  result.checks = {hidden, skipped};
  const Attempt a = attempt_of(result, "ex1.py", 77);
  EXPECT_EQ(a.verdict, "failed");
  EXPECT_EQ(a.time, 77);
  EXPECT_EQ(a.sha256, "abc");
  ASSERT_EQ(a.checks.size(), 2U);
  EXPECT_EQ(a.checks[0].id, "secret");
  EXPECT_EQ(a.checks[0].status, "fail");
  EXPECT_EQ(a.checks[1].status, "skip");
}

}  // namespace
}  // namespace grade::cli::history

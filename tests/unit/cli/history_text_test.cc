#include "cli/history_text.h"

#include <cstdlib>
#include <ctime>
#include <string>

#include <gtest/gtest.h>

namespace grade::cli::history {
namespace {

// 2 Dec 2026 10:14:00 UTC.
constexpr Time kMorning = 1796206440;

class HistoryText : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);  // NOLINT(concurrency-mt-unsafe): before any thread
    ::tzset();                 // NOLINT(concurrency-mt-unsafe)
  }
};

Attempt attempt(Time time, std::vector<CheckState> checks, const std::string& sha = "aa") {
  Attempt a;
  a.time = time;
  a.sha256 = sha;
  a.verdict = "failed";
  a.max_score = 10;
  for (const CheckState& c : checks) {
    a.score += c.status == "pass" ? 2 : 0;
    if (c.status == "pass" && a.score == a.max_score) {
      a.verdict = "passed";
    }
  }
  a.checks = std::move(checks);
  return a;
}

TEST_F(HistoryText, WhenIsRelativeForHoursThenAClockTime) {
  EXPECT_EQ(when(kMorning, kMorning + 59), "just now");
  EXPECT_EQ(when(kMorning, kMorning + 12 * 60 + 5), "12 min ago");
  EXPECT_EQ(when(kMorning, kMorning + 3 * 3600 + 100), "3 h ago");
  EXPECT_EQ(when(kMorning - 10 * 3600, kMorning + 3 * 3600), "00:14");  // the same day
  EXPECT_EQ(when(kMorning, kMorning + 30 * 3600), "2 Dec 10:14");
  EXPECT_EQ(when(kMorning - 365 * 86400, kMorning), "2 Dec 2025");
  EXPECT_EQ(when(kMorning + 100, kMorning), "just now");  // a clock set back
}

TEST_F(HistoryText, NamesTheChecksNowPassingNowFailingAndStillFailing) {
  const Attempt before = attempt(
      kMorning,
      {{"distinct-names", "fail"}, {"launcher-pid", "fail"}, {"exits", "pass"}, {"count", "skip"}});
  const Attempt now = attempt(
      kMorning + 12 * 60,
      {{"distinct-names", "pass"}, {"launcher-pid", "fail"}, {"exits", "fail"}, {"count", "pass"}},
      "bb");
  EXPECT_EQ(change_line(before, now),
            "Since your last attempt (12 min ago): now passing distinct-names, count; now "
            "failing exits; still failing launcher-pid.");
}

TEST_F(HistoryText, TheSameResultSaysWhetherTheFileChanged) {
  const Attempt before = attempt(kMorning, {{"a", "pass"}, {"b", "fail"}});
  Attempt now = attempt(kMorning + 120, {{"a", "pass"}, {"b", "fail"}});
  EXPECT_EQ(change_line(before, now),
            "Same result as your last attempt (2 min ago); the file has not changed since.");
  now.sha256 = "cc";
  EXPECT_EQ(change_line(before, now), "Same result as your last attempt (2 min ago).");
}

TEST_F(HistoryText, ADifferentResultOfTheSameFileIsTheRunsDoing) {
  const Attempt before = attempt(kMorning, {{"a", "fail"}});
  const Attempt now = attempt(kMorning + 120, {{"a", "pass"}});
  EXPECT_EQ(change_line(before, now),
            "Since your last attempt (2 min ago): now passing a. The file has not changed since: "
            "the runs behaved differently.");
}

TEST_F(HistoryText, ChecksSkippedThenAndGradedNowAreNotADifferenceOfTheRuns) {
  const Attempt before = attempt(kMorning, {{"a", "pass"}, {"b", "skip"}});
  const Attempt now = attempt(kMorning + 120, {{"a", "pass"}, {"b", "pass"}});
  EXPECT_EQ(change_line(before, now),
            "Since your last attempt (2 min ago): now passing b. The file has not changed since: "
            "the checks skipped then were graded now.");
}

TEST_F(HistoryText, AdviceIsLeftOutAndLongListsAreCut) {
  std::vector<CheckState> failing;
  std::vector<CheckState> passing;
  for (const char* id : {"c1", "c2", "c3", "c4", "c5", "c6"}) {
    failing.push_back({id, "fail"});
    passing.push_back({id, "pass"});
  }
  failing.push_back({"tip", "pass", true});
  passing.push_back({"tip", "fail", true});
  EXPECT_EQ(change_line(attempt(kMorning, failing), attempt(kMorning + 60, passing, "bb")),
            "Since your last attempt (1 min ago): now passing c1, c2, c3, c4 and 2 more.");
}

TEST_F(HistoryText, WithoutChecksToNameTheVerdictsAreCompared) {
  Attempt before = attempt(kMorning, {{"a", "fail"}});
  Attempt now = attempt(kMorning + 60, {}, "bb");
  now.verdict = "error";
  EXPECT_EQ(change_line(before, now),
            "Since your last attempt (1 min ago): failed 0/10 then, error 0/10 now.");
}

TEST_F(HistoryText, TheVerdictsStoryIsARecentChangeElseItsStart) {
  Entry entry;
  entry.standing = "passed";
  entry.standing_since = kMorning;
  EXPECT_EQ(verdict_story(entry, kMorning + 3600), "passing since 10:14");
  entry.change = VerdictChange{kMorning, "failed", "passed"};
  EXPECT_EQ(verdict_story(entry, kMorning + 5 * 60), "failed → passed 5 min ago");
  EXPECT_EQ(verdict_story(entry, kMorning + 2 * 86400), "passing since 2 Dec 10:14");
  entry.standing = "failed";
  EXPECT_EQ(verdict_story(entry, kMorning + 2 * 86400), "failing since 2 Dec 10:14");
  entry.standing.clear();
  EXPECT_EQ(verdict_story(entry, kMorning), "");
}

}  // namespace
}  // namespace grade::cli::history

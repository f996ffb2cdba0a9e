#include "report/view.h"

#include <gtest/gtest.h>

#include "sample_results.h"

namespace grade::report {
namespace {

using check::CheckResult;

TEST(View, NamesRoundTrip) {
  EXPECT_EQ(view_name(View::kStudent), "student");
  EXPECT_EQ(view_name(View::kInstructor), "instructor");
  EXPECT_EQ(parse_view("student"), View::kStudent);
  EXPECT_EQ(parse_view("instructor"), View::kInstructor);
  EXPECT_EQ(parse_view("teacher"), std::nullopt);
}

TEST(View, StudentViewRedactsHiddenChecksEverywhereAndKeepsTheScore) {
  const check::GradeResult full = samples::hidden_checks();
  const check::GradeResult shown = student_view(full);
  EXPECT_EQ(shown.score, full.score);
  EXPECT_EQ(shown.max_score, full.max_score);
  EXPECT_EQ(shown.status, full.status);
  ASSERT_EQ(shown.checks.size(), full.checks.size());
  for (const auto* checks : {&shown.checks, &shown.runs[0].checks, &shown.runs[1].checks}) {
    for (const CheckResult& c : *checks) {
      if (c.hidden) {
        EXPECT_EQ(c.title, kHiddenTitle) << c.id;
        EXPECT_TRUE(c.message.empty()) << c.id;
        EXPECT_TRUE(c.hint.empty()) << c.id;
      } else {
        EXPECT_NE(c.title, kHiddenTitle) << c.id;
      }
    }
  }
  EXPECT_EQ(shown.checks[1].id, "uses-processes");
  EXPECT_EQ(shown.checks[1].status, check::CheckStatus::kFail);
  EXPECT_EQ(shown.checks[1].max_points, 2);
  EXPECT_EQ(shown.checks[2].message, full.checks[2].message) << "visible checks are untouched";
}

TEST(View, InstructorViewChangesNothing) {
  const check::GradeResult full = samples::hidden_checks();
  const check::GradeResult shown = apply_view(full, View::kInstructor);
  ASSERT_EQ(shown.checks.size(), full.checks.size());
  for (std::size_t i = 0; i < full.checks.size(); ++i) {
    EXPECT_EQ(shown.checks[i].title, full.checks[i].title);
    EXPECT_EQ(shown.checks[i].message, full.checks[i].message);
    EXPECT_EQ(shown.checks[i].hint, full.checks[i].hint);
  }
  EXPECT_EQ(apply_view(full, View::kStudent).checks[1].title, kHiddenTitle);
}

TEST(View, TallyCountsOnlyHiddenChecks) {
  const HiddenTally tally = tally_hidden(samples::hidden_checks().checks);
  EXPECT_EQ(tally.checks, 2);
  EXPECT_EQ(tally.passed, 1);
  EXPECT_EQ(tally.failed, 1);
  EXPECT_EQ(tally.skipped, 0);
  EXPECT_EQ(tally.points, 2);
  EXPECT_EQ(tally.max_points, 4);
  EXPECT_EQ(tally_hidden(samples::failed().checks).checks, 0);
}

}  // namespace
}  // namespace grade::report

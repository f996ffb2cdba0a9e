#include "batch/flaky.h"

#include <gtest/gtest.h>

#include "gradebook_support.h"

namespace grade::batch {
namespace {

using testing::fail;
using testing::graded;
using testing::pass;

report::RunDetails run(bool passed) {
  report::RunDetails r;
  r.passed = passed;
  return r;
}

TEST(Flaky, RunsDisagreeWhenSomePassedAndSomeFailed) {
  EXPECT_TRUE(runs_disagreed({run(true), run(true), run(false)}));
  EXPECT_FALSE(runs_disagreed({run(true), run(true)}));
  EXPECT_FALSE(runs_disagreed({run(false)}));
  EXPECT_FALSE(runs_disagreed({}));
}

TEST(Flaky, SameContentAndSpecGradedDifferently) {
  const Attempt passed = graded("s1", "ex1", testing::at(1), {pass("a", 2)});
  const Attempt failed = graded("s1", "ex1", testing::at(2), {fail("a", 2)});
  EXPECT_TRUE(graded_differently(failed, {passed, failed}));
  EXPECT_TRUE(graded_differently(passed, {passed, failed}));
  EXPECT_FALSE(graded_differently(failed, {failed})) << "one attempt alone";
}

TEST(Flaky, OtherContentOrSpecOrErrorsAreNoSign) {
  const Attempt passed = graded("s1", "ex1", testing::at(1), {pass("a", 2)});
  const Attempt edited = graded("s1", "ex1", testing::at(2), {fail("a", 2)}, 'b');
  const Attempt new_spec = graded("s1", "ex1", testing::at(3), {fail("a", 2)}, 'a', "spec-2");
  EXPECT_FALSE(graded_differently(edited, {passed, edited}));
  EXPECT_FALSE(graded_differently(new_spec, {passed, new_spec}));
  Attempt error = passed;
  error.attempt_id = new_attempt_id();
  error.status = AttemptStatus::kError;
  error.score = 0;
  EXPECT_FALSE(graded_differently(passed, {passed, error}));
  EXPECT_FALSE(graded_differently(error, {passed, error}));
}

TEST(Flaky, Describes) {
  EXPECT_EQ((Flakiness{true, true}).describe(), "runs disagreed; graded differently");
  EXPECT_EQ((Flakiness{false, true}).describe(), "graded differently");
  EXPECT_EQ(Flakiness{}.describe(), "");
  EXPECT_FALSE(Flakiness{}.any());
}

}  // namespace
}  // namespace grade::batch

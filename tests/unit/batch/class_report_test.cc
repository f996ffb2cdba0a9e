#include "batch/class_report.h"

#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "batch/attempt_details.h"
#include "gradebook_support.h"
#include "report/json_report.h"
#include "report/sample_results.h"

namespace grade::batch {
namespace {

using testing::at;
using testing::context;
using testing::fail;
using testing::graded;
using testing::pass;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) {
    ++n;
  }
  return n;
}

TEST(AttemptDetails, ReadsBackWhatTheJsonReportWrote) {
  const check::GradeResult result = report::samples::attributed();
  const std::string json = report::to_json(result, report::View::kInstructor, nullptr).dump();
  Attempt attempt;
  attempt.attempt_id = new_attempt_id();
  attempt.student = "s1";
  const report::AttemptDetails d = details_from_result_json(json, attempt).value();
  const report::AttemptDetails direct = report::details_of(result, report::View::kInstructor);
  EXPECT_EQ(d.anchor, "attempt-" + attempt.attempt_id);
  EXPECT_EQ(d.student, "s1");
  ASSERT_EQ(d.checks.size(), direct.checks.size());
  EXPECT_EQ(d.checks[0].id, direct.checks[0].id);
  EXPECT_EQ(d.checks[0].message, direct.checks[0].message);
  ASSERT_EQ(d.runs.size(), direct.runs.size());
  EXPECT_EQ(d.runs[0].passed, direct.runs[0].passed);
  EXPECT_EQ(d.runs[0].stdout_text, direct.runs[0].stdout_text);
  ASSERT_EQ(d.runs[0].tasks.size(), direct.runs[0].tasks.size());
  EXPECT_EQ(d.runs[0].tasks[1].pid, direct.runs[0].tasks[1].pid);
  EXPECT_EQ(d.runs[0].tasks[1].cpu_seconds, direct.runs[0].tasks[1].cpu_seconds);
  EXPECT_FALSE(details_from_result_json("[1]", attempt).has_value());
}

class ClassReportTest : public ::testing::Test {
 protected:
  testing::GradebookDir dir_;
  Gradebook book_ = Gradebook::open(dir_.file(), Gradebook::Mode::kCreate, testing::kCourse);
};

TEST_F(ClassReportTest, CountsFailedChecksFlakyAttemptsAndRows) {
  book_.record(graded("<b>s1</b>", "ex1", at(1), {pass("a", 2), pass("b", 2)}));
  book_.record(graded("<b>s1</b>", "ex1", at(2), {pass("a", 2), fail("b", 2)}));  // same content
  book_.record(graded("s2", "ex1", at(1), {fail("a", 2), fail("b", 2)}, 'c'));
  book_.record(missing_attempt(context("s3", "ex1", at(1)), 4));
  const ClassReport r = build_class_report(book_, {"ex1"});
  EXPECT_EQ(r.students, 3);
  ASSERT_EQ(r.exercises.size(), 1u);
  const ExerciseReport& e = r.exercises[0];
  ASSERT_EQ(e.most_failed.size(), 2u);
  EXPECT_EQ(e.most_failed[0].check_id, "b");
  EXPECT_EQ(e.most_failed[0].count, 2);
  EXPECT_EQ(e.most_failed[0].example, "saw nothing");
  EXPECT_EQ(e.flaky, 1);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_TRUE(r.rows[0].flaky.graded_differently);
  EXPECT_FALSE(r.rows[0].attempt.result_json.has_value());
  EXPECT_FALSE(r.rows[2].has_details) << "missing: no section";
  EXPECT_EQ(r.details.size(), 2u);

  std::ostringstream out;
  write_class_report(out, r);
  const std::string page = out.str();
  EXPECT_EQ(count(page, "<b>"), 0u);
  EXPECT_NE(page.find("&lt;b&gt;s1&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"student-row\""), 3u);
  EXPECT_EQ(count(page, "<section class=\"attempt\""), 2u);
  EXPECT_EQ(count(page, "class=\"histogram\""), 2u);
  EXPECT_NE(page.find("href=\"#attempt-" + r.rows[0].attempt.attempt_id + "\""), std::string::npos);
}

TEST(ClassReport, RunTimeHistogramBinsEveryRun) {
  const report::Histogram h = run_time_histogram({0.05, 0.5, 0.95, 1.0});
  int total = 0;
  for (const int n : h.counts) {
    total += n;
  }
  EXPECT_EQ(total, 4);
  EXPECT_EQ(h.counts.front(), 1);
  EXPECT_EQ(h.counts.back(), 2) << "the longest run falls in the last bin";
  EXPECT_EQ(h.bins.size(), h.counts.size());
  EXPECT_EQ(run_time_histogram({}).counts.size(), h.counts.size());
  const report::Histogram odd = run_time_histogram({-1.0, std::nan(""), 0.5});
  EXPECT_EQ(odd.counts.back(), 1) << "only the one real time is binned";
}

}  // namespace
}  // namespace grade::batch

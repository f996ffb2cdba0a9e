#include "report/html_attempt.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "report/sample_results.h"

namespace grade::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::string page_of(const check::GradeResult& result, View view) {
  std::ostringstream out;
  write_run_page(out, result, view);
  return out.str();
}

TEST(HtmlAttempt, DetailsKeepChecksRunsAndTasks) {
  const check::GradeResult result = samples::attributed();
  const AttemptDetails d = details_of(result, View::kInstructor);
  EXPECT_EQ(d.exercise, result.exercise_id);
  EXPECT_EQ(d.status, "failed");
  EXPECT_EQ(d.checks.size(), result.checks.size());
  ASSERT_EQ(d.runs.size(), result.runs.size());
  EXPECT_EQ(d.runs[0].tasks.size(), result.runs[0].result.observed.tasks.size());
  EXPECT_EQ(d.runs[0].stderr_text, "Traceback: boom\n");
}

TEST(HtmlAttempt, PageDrawsABarPerTaskAndEscapesTheProgramsText) {
  const check::GradeResult result = samples::attributed();
  const std::string page = page_of(result, View::kInstructor);
  EXPECT_EQ(count(page, "class=\"task-bar"), result.runs[0].result.observed.tasks.size());
  EXPECT_EQ(page.find('\x1b'), std::string::npos);
  EXPECT_EQ(page.find('\xff'), std::string::npos);
  EXPECT_NE(page.find("Traceback: boom"), std::string::npos);
  EXPECT_NE(page.find("class=\"check-row\""), std::string::npos);
}

TEST(HtmlAttempt, HostileOutputStaysText) {
  const std::string page = page_of(samples::hostile_output(), View::kInstructor);
  EXPECT_EQ(page.find('\x1b'), std::string::npos);
  EXPECT_EQ(count(page, "<script"), 0u);
}

TEST(HtmlAttempt, StudentViewHidesHiddenChecks) {
  const check::GradeResult result = samples::hidden_checks();
  const std::string student = page_of(result, View::kStudent);
  const std::string instructor = page_of(result, View::kInstructor);
  EXPECT_EQ(student.find("SECRET"), std::string::npos);
  EXPECT_NE(student.find(std::string(kHiddenTitle)), std::string::npos);
  EXPECT_NE(instructor.find("SECRET-MESSAGE"), std::string::npos);
}

TEST(HtmlAttempt, DecidingRunAloneInFullWhenAsked) {
  const check::GradeResult result = samples::failed();  // run 2 of 5 failed
  const AttemptDetails d = details_of(result, View::kInstructor);
  ASSERT_EQ(d.runs.size(), 2u);
  EXPECT_EQ(deciding_run_index(d), 1);
  std::ostringstream every;
  std::ostringstream deciding;
  {
    HtmlWriter a(every);
    write_attempt_details(a, d, RunsShown::kEvery);
    HtmlWriter b(deciding);
    write_attempt_details(b, d, RunsShown::kDeciding);
  }
  EXPECT_EQ(count(every.str(), "<details class=\"run\""), 2u);
  EXPECT_EQ(count(deciding.str(), "<details class=\"run\""), 1u);
  EXPECT_EQ(count(deciding.str(), "class=\"run-line\""), 1u);
  EXPECT_NE(deciding.str().find("Run 2: failed"), std::string::npos);
  EXPECT_EQ(deciding_run_index(AttemptDetails{}), -1);
}

TEST(HtmlAttempt, DescribesTasks) {
  const check::GradeResult result = samples::attributed();
  EXPECT_EQ(describe_tasks({}), "0 processes and 0 threads created");
  EXPECT_NE(describe_tasks(result.runs[0].result.observed.tasks).find("created"),
            std::string::npos);
}

}  // namespace
}  // namespace grade::report

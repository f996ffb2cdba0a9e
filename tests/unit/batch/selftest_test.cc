#include "batch/selftest.h"

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "batch/selftest_report.h"
#include "gradebook_support.h"
#include "util/temp_dir.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers

Grading full() {
  Grading g;
  g.graded = true;
  g.full_marks = true;
  g.score = g.max_score = 10;
  return g;
}

Grading failed_on(const std::string& check) {
  Grading g;
  g.graded = true;
  g.score = 4;
  g.max_score = 10;
  g.first_failing = check;
  g.message = "expected exactly 3, saw 2";
  return g;
}

Grading build_failed() {
  Grading g;
  g.graded = true;
  g.build_failed = true;
  g.max_score = 10;
  g.message = "SyntaxError";
  return g;
}

SelftestCase a_case(CaseKind kind, int gradings = 1, const std::string& check = "") {
  SelftestCase c;
  c.exercise = "ex1";
  c.language = "python";
  c.kind = kind;
  c.name = kind == CaseKind::kNearMiss ? "wrong/x.py" : std::string(to_string(kind));
  c.file = "/course/exercises/ex1/wrong/x.py";
  c.gradings = gradings;
  c.expected_check = check;
  return c;
}

TEST(SelftestGrading, TheFirstFailingCheckIsTheFirstInTheDocument) {
  const Grading g = grading_from_document(
      result_document("ex1", {pass("a", 2), fail("b", 3), fail("c", 1)}, std::string(64, 'c')));
  ASSERT_TRUE(g.graded) << g.error;
  EXPECT_FALSE(g.full_marks);
  EXPECT_EQ(g.first_failing, "b");
  EXPECT_EQ(g.message, "saw nothing");
  EXPECT_EQ(g.score, 2);
  EXPECT_EQ(g.max_score, 6);

  const Grading all = grading_from_document(result_document("ex1", {pass("a", 2)}, ""));
  EXPECT_TRUE(all.graded && all.full_marks);
  EXPECT_EQ(all.first_failing, "");

  const Grading broken = grading_from_document("{not json");
  EXPECT_FALSE(broken.graded);
  EXPECT_NE(broken.error.find("result document"), std::string::npos);
}

TEST(SelftestGrading, AWorkerThatDiedIsAnError) {
  Outcome died;
  died.kind = Outcome::Kind::kDied;
  died.signal = 9;
  const Grading g = grading_from_outcome(died);
  EXPECT_FALSE(g.graded);
  EXPECT_EQ(g.error, died.describe());
}

TEST(SelftestJudge, ASolutionNeedsFullMarksInEveryGrading) {
  const CaseReport good = judge(a_case(CaseKind::kSolution, 3), {full(), full(), full()});
  EXPECT_TRUE(good.holds);
  EXPECT_EQ(good.happened, "3/3 full marks");

  const CaseReport bad = judge(a_case(CaseKind::kSolution, 3), {full(), failed_on("b"), full()});
  EXPECT_FALSE(bad.holds);
  EXPECT_EQ(bad.happened, "FAILED: 2/3 full marks; grading 2 failed first on b (4/10)");
  EXPECT_EQ(bad.first_failing, "b");
  EXPECT_EQ(bad.message, "expected exactly 3, saw 2");

  const CaseReport short_of = judge(a_case(CaseKind::kSolution, 3), {full(), full()});
  EXPECT_FALSE(short_of.holds);
  EXPECT_EQ(short_of.happened, "FAILED: interrupted after 2 of 3 grading(s)");
}

TEST(SelftestJudge, ATemplateMustNotGetFullMarks) {
  EXPECT_TRUE(judge(a_case(CaseKind::kTemplate), {failed_on("a")}).holds);
  EXPECT_EQ(judge(a_case(CaseKind::kTemplate), {build_failed()}).happened, "its build failed");
  const CaseReport passed = judge(a_case(CaseKind::kTemplate), {full()});
  EXPECT_FALSE(passed.holds);
  EXPECT_EQ(passed.happened, "FAILED: full marks (10/10): a starter file must not pass");
  Grading error;
  error.error = "no compiler";
  EXPECT_FALSE(judge(a_case(CaseKind::kTemplate), {error}).holds);
}

TEST(SelftestJudge, AMissingSolutionDoesNotHoldAMissingTemplateIsSkipped) {
  SelftestCase solution = a_case(CaseKind::kSolution, 5);
  solution.absent = "no reference solution (s.py is missing)";
  const CaseReport no_solution = judge(solution, {});
  EXPECT_FALSE(no_solution.holds);
  EXPECT_EQ(no_solution.happened, "FAILED: no reference solution (s.py is missing)");
  SelftestCase starter = a_case(CaseKind::kTemplate);
  starter.absent = "no starter file";
  const CaseReport no_template = judge(starter, {});
  EXPECT_TRUE(no_template.holds && no_template.skipped);
}

TEST(SelftestJudge, ANearMissMustFailFirstOnItsDeclaredCheck) {
  const SelftestCase near = a_case(CaseKind::kNearMiss, 1, "b");
  const CaseReport as_declared = judge(near, {failed_on("b")});
  EXPECT_TRUE(as_declared.holds);
  EXPECT_EQ(as_declared.happened, "failed first on b as declared");

  const CaseReport other = judge(near, {failed_on("a")});
  EXPECT_FALSE(other.holds);
  EXPECT_EQ(other.happened, "FAILED: expected to fail on b, failed first on a (4/10)");

  EXPECT_EQ(judge(near, {full()}).happened,
            "FAILED: expected to fail on b, got full marks (10/10)");
  EXPECT_EQ(judge(near, {build_failed()}).happened,
            "FAILED: expected to fail on b, its build failed");

  const SelftestCase build = a_case(CaseKind::kNearMiss, 1, std::string(kBuildCheck));
  EXPECT_EQ(judge(build, {build_failed()}).happened, "build failed as declared");
  EXPECT_FALSE(judge(build, {failed_on("a")}).holds);
}

// Grades inline with a fake: no processes. Records the jobs it was given.
struct FakeGrading {
  std::map<std::string, Grading> by_name;
  std::vector<GradingJob> seen;

  GradeAll fn(const std::vector<SelftestCase>& cases) {
    return [this, &cases](const std::vector<GradingJob>& jobs, const auto& done) {
      for (const GradingJob& job : jobs) {
        seen.push_back(job);
        done(job, by_name.at(cases[job.case_index].name));
      }
    };
  }
};

TEST(SelftestRun, EveryCaseIsGradedAsOftenAsPlannedRoundByRound) {
  std::vector<SelftestCase> cases = {a_case(CaseKind::kSolution, 3), a_case(CaseKind::kTemplate),
                                     a_case(CaseKind::kNearMiss, 1, "b")};
  cases.push_back(a_case(CaseKind::kTemplate));
  cases.back().name = "missing";
  cases.back().absent = "no starter file";
  FakeGrading fake;
  fake.by_name = {
      {"solution", full()}, {"template", failed_on("a")}, {"wrong/x.py", failed_on("a")}};
  const SelftestReport report = run_selftest(cases, 3, fake.fn(cases));
  std::vector<std::pair<std::size_t, int>> order;
  for (const GradingJob& job : fake.seen) {
    order.emplace_back(job.case_index, job.round);
  }
  EXPECT_EQ(order,
            (std::vector<std::pair<std::size_t, int>>{{0, 1}, {1, 1}, {2, 1}, {0, 2}, {0, 3}}));
  EXPECT_EQ(report.gradings, 5U);
  ASSERT_EQ(report.cases.size(), 4U);
  EXPECT_EQ(report.cases[0].full_marks, 3);
  EXPECT_TRUE(report.cases[0].holds);
  EXPECT_TRUE(report.cases[1].holds);
  EXPECT_FALSE(report.cases[2].holds);  // failed first on a, not b
  EXPECT_TRUE(report.cases[3].skipped);
  EXPECT_EQ(report.failing(), 1U);
  EXPECT_FALSE(report.holds());

  std::ostringstream table;
  write_selftest_table(table, report, "/course", false);
  EXPECT_NE(table.str().find("ex1       python    wrong/x.py  to fail on b   FAILED: expected "
                             "to fail on b, failed first on a (4/10)\n    "
                             "exercises/ex1/wrong/x.py\n    a: expected exactly 3, saw 2\n"),
            std::string::npos)
      << table.str();
  EXPECT_NE(table.str().find("ex1       python    solution    full marks ×3  3/3 full marks\n"),
            std::string::npos)
      << table.str();
  EXPECT_NE(table.str().find("4 case(s): 3 hold (1 skipped), 1 DO NOT HOLD; 5 grading(s)"),
            std::string::npos)
      << table.str();

  const nlohmann::ordered_json json = selftest_json(report, "c1", "/course");
  EXPECT_EQ(json["selftest_version"], 1);
  EXPECT_EQ(json["holds"], false);
  EXPECT_EQ(json["cases_failing"], 1);
  EXPECT_EQ(json["cases"][2]["kind"], "near_miss");
  EXPECT_EQ(json["cases"][2]["expected_check"], "b");
  EXPECT_EQ(json["cases"][2]["first_failing"], "a");
  EXPECT_EQ(json["cases"][2]["file"], "exercises/ex1/wrong/x.py");
  EXPECT_EQ(json["cases"][0]["full_marks"], 3);
  EXPECT_TRUE(json["cases"][0]["expected_check"].is_null());
}

TEST(SelftestRun, InWorkersEachGradingRunsInAWorkerAndItsDocumentIsJudged) {
  const TempDir scratch = TempDir::create("grade-selftest-test-").value();
  const std::vector<SelftestCase> cases = {a_case(CaseKind::kSolution, 2),
                                           a_case(CaseKind::kNearMiss, 1, "b")};
  PoolOptions pool;
  pool.jobs = 2;
  pool.scratch_root = scratch.path();
  PoolStats stats;
  const pid_t parent = ::getpid();
  const GradeAll grade_all = in_workers(
      [parent](const SelftestCase& c) {
        if (::getpid() == parent) {
          throw std::runtime_error("graded in the parent");
        }
        return c.kind == CaseKind::kSolution
                   ? result_document("ex1", {pass("a", 1), pass("b", 1)}, "")
                   : result_document("ex1", {pass("a", 1), fail("b", 1)}, "");
      },
      cases, pool, stats);
  const SelftestReport report = run_selftest(cases, 2, grade_all);
  EXPECT_TRUE(report.holds()) << report.cases[0].happened << " / " << report.cases[1].happened;
  EXPECT_EQ(report.cases[0].full_marks, 2);
  EXPECT_EQ(stats.finished, 3U);
}

}  // namespace
}  // namespace grade::batch

// Checks with expressions (spec/expression.h): `each` against a formula of the same line or
// of the run, and bounds computed from facts and counts, run.cpus given as the grader would.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "check/canned_run.h"
#include "check/evaluate.h"
#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using testing::by_id;
using testing::exited;

const spec::Exercise& spec_of(const std::string& checks) {
  static std::map<std::string, spec::Exercise> loaded;
  auto it = loaded.find(checks);
  if (it == loaded.end()) {
    it = loaded
             .emplace(checks, testing::SpecFile(std::string(R"y(id: ex
title: t
prompt: p
contract: c
extract:
  square:
    pattern: 'square (?P<n>-?[0-9]+) = (?P<sq>\S+)'
    label: '"square <n> = <sq>" lines'
  worker:
    pattern: 'worker (?P<pid>[0-9]+)'
    label: '"worker <pid>" lines'
checks:
)y") + checks)
                                  .load())
             .first;
  }
  return it->second;
}

const Machine kTwoCpus{2, 4};

CheckResult only(const std::string& check, const run::RunResult& run,
                 const Machine& machine = kTwoCpus) {
  const auto results = evaluate(spec_of(check), run, nullptr, nullptr, machine);
  EXPECT_EQ(results.size(), 1U);
  return results.front();
}

std::string squares(int from, int to) {
  std::string out;
  for (int n = from; n <= to; ++n) {
    out += "square " + std::to_string(n) + " = " + std::to_string(n * n) + "\n";
  }
  return out;
}

const char* const kSquares =
    R"y(  - {id: sq, title: t, each: {of: square.sq, op: "==", expr: "square.n * square.n"}})y";

TEST(ExpressionChecks, TheSquaresOfOneToEightPass) {
  const CheckResult r = only(kSquares, exited(0, squares(1, 8)));
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.message;
  EXPECT_EQ(r.message, "expected every sq == square.n * square.n of the same line");
}

TEST(ExpressionChecks, AWrongSquareFailsWithItsLine) {
  const CheckResult r = only(kSquares, exited(0, squares(1, 2) + "square 3 = 10\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected every sq == square.n * square.n of the same line, but 1 of 3 line is not: "
            "line 3 'square 3 = 10': sq is 10; square.n * square.n is 9");
}

TEST(ExpressionChecks, ATextValueFailsAsNotANumber) {
  const CheckResult r = only(kSquares, exited(0, "square 2 = four\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected every sq == square.n * square.n of the same line, but these are not "
            "numbers: 'four'");
}

TEST(ExpressionChecks, DivisionByZeroOnALineFailsNeverPasses) {
  const CheckResult r = only(
      R"y(  - {id: q, title: t, each: {of: square.sq, op: "==", expr: "square.sq / square.n"}})y",
      exited(0, "square 0 = 0\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_NE(r.message.find("division by zero (n (0) is 0)"), std::string::npos) << r.message;
}

TEST(ExpressionChecks, EqualityAllowsForRoundingOnly) {
  const std::string check =
      R"y(  - {id: third, title: t, each: {of: square.sq, op: "==", expr: "square.n / 3"}})y";
  EXPECT_EQ(only(check, exited(0, "square 1 = 0.3333333333333333\n")).status, CheckStatus::kPass);
  EXPECT_EQ(only(check, exited(0, "square 1 = 0.333\n")).status, CheckStatus::kFail);
  const std::string sum =
      R"y(  - {id: sum, title: t, each: {of: square.sq, op: "==", expr: "0.1 + 0.2"}})y";
  EXPECT_EQ(only(sum, exited(0, "square 1 = 0.3\n")).status, CheckStatus::kPass);
}

TEST(ExpressionChecks, AConstantFormulaIsShownWithItsValue) {
  const CheckResult r =
      only(R"y(  - {id: c, title: t, each: {of: square.n, op: "<=", expr: "run.cpus * 2"}})y",
           exited(0, "square 5 = 25\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected every n <= the CPUs the run may use (2) * 2 = 4, but 1 of 1 is not: 5");
}

const char* const kPerCpu =
    R"y(  - {id: per-cpu, title: t, count: {of: worker, equals: run.cpus}})y";

TEST(ExpressionChecks, ACountEqualToTheCpus) {
  EXPECT_EQ(only(kPerCpu, exited(0, "worker 11\nworker 12\n")).status, CheckStatus::kPass);
  const CheckResult r = only(kPerCpu, exited(0, "worker 11\nworker 12\nworker 13\nworker 14\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected exactly 2 (the CPUs the run may use) \"worker <pid>\" lines, saw 4");
}

TEST(ExpressionChecks, CpusNotKnownSkipsNeverPasses) {
  const CheckResult r = only(kPerCpu, exited(0, "worker 11\n"), Machine{});
  EXPECT_EQ(r.status, CheckStatus::kSkip);
  EXPECT_TRUE(r.unobserved);
  EXPECT_EQ(r.message, "not checked: the CPUs the run may use is not known on this machine");
}

TEST(ExpressionChecks, PoolDefaultSizeIsTheOnlineCpus) {
  const std::string check =
      R"y(  - {id: pool, title: t, observed: {of: worker_processes, equals: run.online_cpus}})y";
  const CheckResult r = only(
      check, testing::observed_run(
                 4100, {testing::canned_process(4101, 4100), testing::canned_process(4102, 4100)}));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected the run to create exactly 4 (the CPUs online (what os.cpu_count() says)) "
            "worker processes; it created 2 (PIDs 4101, 4102)");
}

const char* const kWorkersSeen =
    R"y(  - {id: seen, title: t, count: {of: worker, equals: observed.worker_processes.count}})y";

TEST(ExpressionChecks, ABoundThatNeedsObservationIsSkippedWithoutIt) {
  const CheckResult r = only(kWorkersSeen, exited(0, "worker 4101\n"));
  EXPECT_EQ(r.status, CheckStatus::kSkip);
  EXPECT_TRUE(r.unobserved);
  EXPECT_EQ(r.message, "not checked: the run was not observed");
}

TEST(ExpressionChecks, TheLinesPrintedEqualTheProcessesCreated) {
  const auto created = {testing::canned_process(4101, 4100), testing::canned_process(4102, 4100)};
  EXPECT_EQ(
      only(kWorkersSeen, testing::observed_run(4100, created, "worker 4101\nworker 4102\n")).status,
      CheckStatus::kPass);
  const CheckResult r = only(kWorkersSeen, testing::observed_run(4100, created, "worker 4101\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected exactly 2 (the worker processes the run created) \"worker <pid>\" lines, "
            "saw 1");
}

TEST(ExpressionChecks, DistinctValuesEqualTheLines) {
  const std::string check =
      R"y(  - {id: d, title: t, distinct: {of: worker.pid, equals: "count(worker)"}})y";
  EXPECT_EQ(only(check, exited(0, "worker 11\nworker 12\n")).status, CheckStatus::kPass);
  const CheckResult r = only(check, exited(0, "worker 11\nworker 11\nworker 12\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected exactly 3 (the \"worker <pid>\" lines) different pid values on the "
            "\"worker <pid>\" lines, saw 2: 11 (twice), 12");
}

TEST(ExpressionChecks, AQuotedNumberIsShownOnce) {
  const CheckResult r =
      only(R"y(  - {id: q, title: t, count: {of: worker, equals: "2"}})y", exited(0, "worker 1\n"));
  EXPECT_EQ(r.message, "expected exactly 2 \"worker <pid>\" lines, saw 1");
}

TEST(ExpressionChecks, ComputedBoundsAreWholeCounts) {
  // at_least 2 / 4 = 0.5 holds from 1; equals 0.5 can never hold, and says so.
  const std::string at_least =
      R"y(  - {id: a, title: t, count: {of: worker, at_least: "run.cpus / 4"}})y";
  EXPECT_EQ(only(at_least, exited(0, "")).status, CheckStatus::kFail);
  EXPECT_EQ(only(at_least, exited(0, "worker 1\n")).message,
            "expected at least 1 (the CPUs the run may use (2) / 4 = 0.5) \"worker <pid>\" lines, "
            "saw 1");
  const CheckResult r =
      only(R"y(  - {id: e, title: t, count: {of: worker, equals: "run.cpus / 4"}})y",
           exited(0, "worker 1\n"));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "the count cannot be compared with the CPUs the run may use (2) / 4 = 0.5: it is not "
            "a whole number");
}

}  // namespace
}  // namespace grade::check

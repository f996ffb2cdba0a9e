#include "check/evaluate.h"

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using testing::by_id;
using testing::exited;

const spec::Exercise& processes_spec() {
  static const spec::Exercise exercise = testing::SpecFile(testing::kProcessesSpec).load();
  return exercise;
}

TEST(Evaluate, CorrectOutputPassesEverything) {
  const auto results = evaluate(
      processes_spec(), exited(0, "start\nProcess ID: 4101\nProcess ID: 4103\nProcess ID: 4102\n"));
  for (const CheckResult& r : results) {
    EXPECT_EQ(r.status, CheckStatus::kPass) << r.id << ": " << r.message;
    EXPECT_EQ(r.points, r.max_points);
    EXPECT_TRUE(r.hint.empty());
  }
}

TEST(Evaluate, RepeatedPidIsReportedWithCounts) {
  const auto results = evaluate(
      processes_spec(), exited(0, "Process ID: 4101\nProcess ID: 4101\nProcess ID: 4102\n"));
  const CheckResult& distinct = by_id(results, "distinct");
  EXPECT_EQ(distinct.status, CheckStatus::kFail);
  EXPECT_EQ(distinct.points, 0);
  EXPECT_EQ(distinct.message,
            "expected exactly 3 different pid values on the `Process ID: <pid>` lines, saw 2: "
            "4101 (twice), 4102");
  EXPECT_EQ(distinct.hint, "Use processes, not threads.");
}

TEST(Evaluate, ARepeatedPidThatIsTheProgramsOwnIsNamedAsSuch) {
  // The children printed os.getppid(): the launched program's PID (4100), three times.
  const auto results = evaluate(
      processes_spec(), exited(0, "Process ID: 4100\nProcess ID: 4100\nProcess ID: 4100\n"));
  EXPECT_EQ(by_id(results, "distinct").message,
            "expected exactly 3 different pid values on the `Process ID: <pid>` lines, saw 1: "
            "4100 (3 times); 4100 is your program's own PID (the process the grader started)");
}

TEST(Evaluate, DependentChecksAreSkippedNotFailedTwice) {
  const auto results = evaluate(processes_spec(), exited(0, "Process ID: 1\nProcess ID: 2\n"));
  const CheckResult& count = by_id(results, "three-lines");
  EXPECT_EQ(count.status, CheckStatus::kFail);
  EXPECT_EQ(count.message, "expected exactly 3 `Process ID: <pid>` lines, saw 2");
  EXPECT_EQ(by_id(results, "distinct").status, CheckStatus::kSkip);
  // Named by its title, as the report shows it, not by its id.
  EXPECT_EQ(by_id(results, "distinct").message,
            "not checked, because it needs \u201cThree PID lines\u201d, which did not pass");
  EXPECT_EQ(by_id(results, "not-parent").status, CheckStatus::kSkip);
}

TEST(Evaluate, HiddenIsCarriedAndNotNamedByVisibleDependents) {
  const spec::Exercise exercise = testing::SpecFile(std::string(testing::kPidLineSpecHead) + R"(
  - {id: secret-count, title: Three lines, hidden: true, count: {of: pid_line, equals: 3}}
  - id: distinct
    title: Distinct
    distinct: {of: pid_line.pid, equals: 3}
    depends_on: [secret-count]
  - id: also-hidden
    title: Also hidden
    hidden: true
    distinct: {of: pid_line.pid, equals: 3}
    depends_on: [secret-count]
)")
                                      .load();
  const auto results = evaluate(exercise, exited(0, "Process ID: 1\n"));
  EXPECT_TRUE(by_id(results, "secret-count").hidden);
  EXPECT_FALSE(by_id(results, "distinct").hidden);
  EXPECT_EQ(by_id(results, "secret-count").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "distinct").message,
            "not checked, because it needs a hidden check, which did not pass");
  // Only instructors read a hidden check's message: it may name the other one.
  EXPECT_TRUE(by_id(results, "also-hidden").hidden);
  EXPECT_EQ(by_id(results, "also-hidden").message,
            "not checked, because it needs \u201cThree lines\u201d, which did not pass");
}

TEST(Evaluate, NearMissLinesAreShown) {
  const auto results = evaluate(processes_spec(), exited(0, "process id = 1\nProcess ID: 2\n"));
  EXPECT_NE(by_id(results, "three-lines")
                .message.find("look close but are not in the exact format: 'process id = 1'"),
            std::string::npos);
}

TEST(Evaluate, LaunchedPidIsAFact) {
  const auto results = evaluate(
      processes_spec(), exited(0, "Process ID: 4100\nProcess ID: 4101\nProcess ID: 4102\n", 4100));
  const CheckResult& parent = by_id(results, "not-parent");
  EXPECT_EQ(parent.status, CheckStatus::kFail);
  EXPECT_EQ(parent.message,
            "expected every pid != your program's own PID (4100), but 1 of 3 is not: 4100");
}

TEST(Evaluate, CrashAfterPrintingFailsTheExitCheck) {
  run::RunResult crashed = exited(0, "Process ID: 1\nProcess ID: 2\nProcess ID: 3\n");
  crashed.exit_code.reset();
  crashed.signal = 11;
  const auto results = evaluate(processes_spec(), crashed);
  const CheckResult& exit = by_id(results, "exits");
  EXPECT_EQ(exit.status, CheckStatus::kFail);
  EXPECT_NE(exit.message.find("SIGSEGV"), std::string::npos) << exit.message;
}

TEST(Evaluate, TimeoutFailsTheExitCheckEvenWithStatusZero) {
  run::RunResult slow = exited(0, "");
  slow.timed_out = true;
  EXPECT_EQ(by_id(evaluate(processes_spec(), slow), "exits").status, CheckStatus::kFail);
}

const spec::Exercise& timing_spec() {
  static const spec::Exercise exercise = testing::SpecFile(R"(id: ex3
title: Timing
prompt: P
contract: C
extract:
  threads: {pattern: 'Threads: (?P<seconds>\S+) s'}
  processes: {pattern: 'Processes: (?P<seconds>\S+) s'}
  faster: {pattern: 'Faster: (?P<which>\w+)'}
  names: {pattern: 'Thread name: (?P<name>\S+), Process ID: (?P<pid>\d+)'}
checks:
  - {id: positive, title: P, each: {of: threads.seconds, op: '>', value: 0}}
  - {id: within, title: W, each: {of: threads.seconds, op: '<=', fact: run.wall_time}}
  - {id: one-threads, title: T, count: {of: threads, at_most: 1}}
  - {id: one-processes, title: P, count: {of: processes, at_most: 1}}
  - {id: one-faster, title: F, count: {of: faster, at_most: 1}}
  - {id: pick, title: F, picks_min: {choice: faster.which, options: {threads: threads.seconds, processes: processes.seconds}}, depends_on: [one-threads, one-processes, one-faster]}
  - {id: only, title: O, unmatched: {at_most: 0}}
  - {id: same-pid, title: S, all_equal: {of: names.pid}}
  - {id: vs-capture, title: V, each: {of: threads.seconds, op: '<', capture: processes.seconds}, depends_on: [one-processes]}
)")
                                             .load();
  return exercise;
}

TEST(Evaluate, TimingChecks) {
  const auto ok = evaluate(timing_spec(),
                           exited(0,
                                  "Threads: 0.10 s\nProcesses: 0.25 s\nFaster: threads\n"
                                  "Thread name: A, Process ID: 7\nThread name: B, Process ID: 7\n",
                                  7, 0.5));
  for (const CheckResult& r : ok) {
    EXPECT_EQ(r.status, CheckStatus::kPass) << r.id << ": " << r.message;
  }

  const auto bad =
      evaluate(timing_spec(),
               exited(0,
                      "Threads: 9999.0 s\nProcesses: 0.25 s\nFaster: threads\n"
                      "debug!\nThread name: A, Process ID: 7\nThread name: B, Process ID: 8\n",
                      7, 0.5));
  EXPECT_EQ(by_id(bad, "positive").status, CheckStatus::kPass);
  EXPECT_EQ(by_id(bad, "within").message,
            "expected every seconds <= the run's wall time (0.500 s), but 1 of 1 is not: 9999.0");
  EXPECT_EQ(by_id(bad, "pick").message,
            "the program says 'threads', but its own numbers say otherwise (processes 0.25, "
            "threads 9999.0)");
  EXPECT_EQ(by_id(bad, "only").message,
            "expected at most 0 other lines on stdout, saw 1: 'debug!'");
  EXPECT_EQ(by_id(bad, "same-pid").message,
            "expected one and the same pid on every one of the lines matching 'Thread name: "
            "(?P<name>\\S+), Process ID: (?P<pid>\\d+)', saw 2 different values: 7, 8");
  EXPECT_EQ(by_id(bad, "vs-capture").status, CheckStatus::kFail);
}

TEST(Evaluate, ACountThatFallsShortSaysWhichMatchingLinesWentToTheOtherStream) {
  run::RunResult run = exited(0, "Process ID: 4101\n");
  run.err.data = "INFO starting\nProcess ID: 4102\nProcess ID: 4103\n";
  const auto results = evaluate(processes_spec(), run);
  EXPECT_EQ(by_id(results, "three-lines").message,
            "expected exactly 3 `Process ID: <pid>` lines, saw 1; 2 such lines went to stderr, "
            "where they are not counted (logging, print(..., file=sys.stderr), std::cerr and "
            "fprintf(stderr, ...) write there; print them to stdout): 'Process ID: 4102', "
            "'Process ID: 4103'");
  // Enough lines on stdout: those on stderr are not mentioned.
  run.out.data = "Process ID: 4101\nProcess ID: 4105\nProcess ID: 4106\n";
  EXPECT_EQ(by_id(evaluate(processes_spec(), run), "three-lines").message,
            "expected exactly 3 `Process ID: <pid>` lines, saw 3");
}

TEST(Evaluate, NonNumbersAndMissingValuesFail) {
  const auto results = evaluate(timing_spec(), exited(0, "Threads: fast s\nFaster: quickly\n"));
  EXPECT_EQ(by_id(results, "positive").message,
            "expected every seconds > 0, but these are not numbers: 'fast'");
  EXPECT_NE(
      by_id(results, "pick").message.find("processes.seconds needs exactly one number, saw none"),
      std::string::npos);
  EXPECT_EQ(by_id(results, "same-pid").message,
            "expected one and the same pid on every one of the lines matching 'Thread name: "
            "(?P<name>\\S+), Process ID: (?P<pid>\\d+)', but there was no such line");
}

TEST(Evaluate, OrderingAgainstTextFailsInsteadOfComparingStrings) {
  const spec::Exercise exercise = testing::SpecFile(R"(id: ex
title: T
prompt: P
contract: C
extract:
  a: {pattern: 'A: (?P<v>\S+)'}
  b: {pattern: 'B: (?P<v>\S+)'}
checks:
  - {id: one-b, title: B, count: {of: b, equals: 1}}
  - {id: lt, title: L, each: {of: a.v, op: '<', capture: b.v}, depends_on: [one-b]}
)")
                                      .load();
  const auto results = evaluate(exercise, exited(0, "A: zzz\nB: yyy\n"));
  EXPECT_EQ(by_id(results, "lt").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "lt").message, "cannot order v against 'yyy' (b.v): it is not a number");
}

TEST(Evaluate, ManyValuesAreTalliedInOrderOfFirstAppearance) {
  std::string out;
  for (int i = 0; i < 20; ++i) {
    out += fmt::format("Process ID: {}\nProcess ID: {}\n", 1000 + i, 1000 + i);
  }
  const auto results = evaluate(processes_spec(), exited(0, out));
  EXPECT_EQ(by_id(results, "three-lines").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "distinct").status, CheckStatus::kSkip);
  const auto& exercise = processes_spec();
  spec::Exercise only_distinct = exercise;
  only_distinct.checks = {exercise.checks[2]};
  only_distinct.checks[0].depends_on.clear();
  EXPECT_EQ(evaluate(only_distinct, exited(0, out))[0].message,
            "expected exactly 3 different pid values on the `Process ID: <pid>` lines, saw 20: "
            "1000 (twice), 1001 (twice), 1002 "
            "(twice), "
            "1003 (twice), 1004 (twice), 1005 (twice), 1006 (twice), 1007 (twice) and 12 more");
}

// A line is read as a terminal shows it (ESC sequences are not text); what is left and could
// still act on a terminal (a C1 control written as UTF-8: CSI to xterm) is escaped.
TEST(Evaluate, UntrustedOutputIsEscapedInMessages) {
  const auto results = evaluate(timing_spec(), exited(0, "\x1b[2J\u009b2J boom\n"));
  EXPECT_EQ(by_id(results, "only").message,
            "expected at most 0 other lines on stdout, saw 1: '\\u009b2J boom'");
}

}  // namespace
}  // namespace grade::check

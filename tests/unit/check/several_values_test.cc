// Several values from one line (split, findall): what extraction gives, and how distinct,
// each, ordered and membership in every value of a capture judge them.
#include <gtest/gtest.h>

#include "check/canned_run.h"
#include "check/evaluate.h"
#include "check/extract.h"
#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using Values = std::vector<std::string>;
using testing::by_id;
using testing::canned_process;

constexpr int kLauncher = 4100;

// A queue exercise: the children print their PIDs, the parent prints them all on one line.
const spec::Exercise& queue_spec() {
  static const spec::Exercise exercise = testing::SpecFile(R"(id: ex4
title: t
prompt: p
contract: c
extract:
  workers:
    pattern: 'Worker PIDs: \[(?P<pids>.*)\]'
    label: '"Worker PIDs: [...]" line'
    split: {pids: ','}
  numbers:
    pattern: 'Numbers: (?P<all>.*)'
    label: '"Numbers: ..." lines'
    findall: {all: '-?[0-9]+'}
  child:
    pattern: 'Child PID: (?P<pid>[0-9]+)'
    label: '"Child PID: <pid>" lines'
checks:
  - {id: three, title: Three PIDs, distinct: {of: workers.pids, equals: 3}}
  - {id: real, title: Real, each: {of: workers.pids, op: in, fact: observed.worker_processes}}
  - {id: mine, title: Mine, each: {of: workers.pids.parent, op: '==', fact: run.pid}}
  - {id: printed, title: Printed, each: {of: workers.pids, op: in, capture: child.pid}}
  - {id: not-child, title: Not a child, each: {of: numbers.all, op: not_in, capture: child.pid}}
  - {id: up, title: Up, ordered: {of: numbers.all, order: increasing}}
)")
                                             .load();
  return exercise;
}

run::RunResult run_of(const std::string& out) {
  return testing::observed_run(kLauncher,
                               {canned_process(4101, kLauncher), canned_process(4102, kLauncher),
                                canned_process(4103, kLauncher)},
                               out);
}

TEST(SeveralValues, SplitAndFindallGiveEveryValueOfALineInOrder) {
  const Extraction e =
      extract(queue_spec(),
              run_of("Worker PIDs: [4101, 4102 ,4103]\nNumbers: 1 2, x3 -4\nNumbers: none\n"));
  ASSERT_EQ(e.of("workers").size(), 1U);
  // The capture keeps the text it matched; its values are the parts.
  EXPECT_EQ(e.of("workers")[0].captures.at("pids"), "4101, 4102 ,4103");
  EXPECT_EQ(e.of("workers")[0].values("pids"), (Values{"4101", "4102", "4103"}));
  EXPECT_EQ(e.values({"numbers", "all"}), (Values{"1", "2", "3", "-4"}));
  ASSERT_EQ(e.of("numbers").size(), 2U);
  EXPECT_EQ(e.of("numbers")[1].values("all"), Values{});
  EXPECT_EQ(e.values({"workers", "nothing"}), Values{});
}

TEST(SeveralValues, EveryValueOfALineIsJudged) {
  const auto results = evaluate(queue_spec(), run_of("Child PID: 4101\nChild PID: 4102\n"
                                                     "Child PID: 4103\n"
                                                     "Worker PIDs: [4101, 4102, 4103]\n"
                                                     "Numbers: 1 2 3\n"));
  for (const CheckResult& r : results) {
    EXPECT_EQ(r.status, CheckStatus::kPass) << r.id << ": " << r.message;
  }
  EXPECT_EQ(by_id(results, "printed").message,
            "expected every pids in the pid values of the \"Child PID: <pid>\" lines (4101, 4102, "
            "4103)");
  EXPECT_EQ(by_id(results, "up").message,
            "the 3 all values of the \"Numbers: ...\" lines are in increasing order");
}

TEST(SeveralValues, AWrongValueAmongSeveralFailsInTheExercisesWords) {
  const auto results = evaluate(queue_spec(), run_of("Child PID: 4101\nChild PID: 4102\n"
                                                     "Worker PIDs: [4101, 4101, 5000]\n"
                                                     "Numbers: 3 4101 7\n"));
  EXPECT_EQ(by_id(results, "three").message,
            "expected exactly 3 different pids values on the \"Worker PIDs: [...]\" line, saw 2: "
            "4101 (twice), 5000");
  EXPECT_EQ(by_id(results, "real").message,
            "expected every pids in the 3 worker processes this run created "
            "(observed.worker_processes: 4101, 4102, 4103), but 1 of 3 is not: 5000");
  EXPECT_EQ(by_id(results, "mine").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "mine").message,
            "expected every pids.parent == your program's own PID (4100), but 1 of 3 is not: "
            "5000 is not a process the run created");
  EXPECT_EQ(by_id(results, "printed").message,
            "expected every pids in the pid values of the \"Child PID: <pid>\" lines (4101, "
            "4102), but 1 of 3 is not: 5000");
  EXPECT_EQ(by_id(results, "not-child").message,
            "expected every all not in the pid values of the \"Child PID: <pid>\" lines (4101, "
            "4102), but 1 of 3 is not: 4101");
  EXPECT_EQ(by_id(results, "up").message,
            "expected the all values of the \"Numbers: ...\" lines in increasing order, but on "
            "line 4, all = 7 comes after all = 4101");
}

TEST(SeveralValues, LinesWithNoValuesLeaveNothingToCheck) {
  const auto results =
      evaluate(queue_spec(), run_of("Worker PIDs: []\nNumbers: none\nChild PID: 4101\n"));
  EXPECT_EQ(by_id(results, "three").message,
            "expected exactly 3 different pids values on the \"Worker PIDs: [...]\" line, saw 0");
  EXPECT_EQ(by_id(results, "real").message, "there was no pids to check");
  EXPECT_EQ(by_id(results, "up").message,
            "expected the all values of the \"Numbers: ...\" lines in increasing order, but "
            "there was no all to compare");
  // Membership in an empty set: in fails, not_in holds.
  const auto none = evaluate(queue_spec(), run_of("Worker PIDs: [4101]\nNumbers: 5\n"));
  EXPECT_EQ(by_id(none, "printed").message,
            "expected every pids in the pid values of the \"Child PID: <pid>\" lines (there were "
            "none), but 1 of 1 is not: 4101");
  EXPECT_EQ(by_id(none, "not-child").status, CheckStatus::kPass);
}

// Squares printed one per line, as a spec of the squares of 1..n in order would read them.
const spec::Exercise& squares_spec() {
  static const spec::Exercise exercise = testing::SpecFile(R"(id: sq
title: t
prompt: p
contract: c
extract:
  square:
    pattern: 'Square of (?P<n>\S+): (?P<sq>-?[0-9]+)'
    label: '"Square of <n>: <sq>" lines'
checks:
  - {id: up, title: Up, ordered: {of: square.n, order: increasing}}
  - {id: down, title: Down, ordered: {of: square.n, order: decreasing}}
  - {id: never-down, title: Never down, ordered: {of: square.sq, order: non_decreasing}}
  - {id: never-up, title: Never up, ordered: {of: square.sq, order: non_increasing}}
)")
                                             .load();
  return exercise;
}

std::vector<CheckResult> squares(const std::vector<std::string>& n_sq) {
  std::string out;
  for (std::size_t i = 0; i + 1 < n_sq.size(); i += 2) {
    out += "Square of " + n_sq[i] + ": " + n_sq[i + 1] + "\n";
  }
  return evaluate(squares_spec(), testing::exited(0, out));
}

TEST(Ordered, NumbersCompareAsNumbers) {
  const auto results = squares({"9", "81", "10", "100"});
  EXPECT_EQ(by_id(results, "up").status, CheckStatus::kPass) << by_id(results, "up").message;
  EXPECT_EQ(by_id(results, "down").message,
            "expected the n values of the \"Square of <n>: <sq>\" lines in decreasing order, but "
            "line 2 (n = 10) comes after line 1 (n = 9)");
}

TEST(Ordered, StrictOrdersRefuseEqualNeighboursAndTheOthersAllowThem) {
  const auto results = squares({"1", "1", "-1", "1", "2", "4"});
  EXPECT_EQ(by_id(results, "up").message,
            "expected the n values of the \"Square of <n>: <sq>\" lines in increasing order, but "
            "line 2 (n = -1) comes after line 1 (n = 1)");
  EXPECT_EQ(by_id(results, "never-down").status, CheckStatus::kPass);
  EXPECT_EQ(by_id(results, "never-down").message,
            "the 3 sq values of the \"Square of <n>: <sq>\" lines are in non-decreasing order");
  EXPECT_EQ(by_id(results, "never-up").message,
            "expected the sq values of the \"Square of <n>: <sq>\" lines in non-increasing order, "
            "but line 3 (sq = 4) comes after line 2 (sq = 1)");
  const auto same = squares({"1", "4", "2", "4"});
  EXPECT_EQ(by_id(same, "never-up").status, CheckStatus::kPass);
}

TEST(Ordered, TextComparesAsTextWhenAnyValueIsNotANumber) {
  // "b" is no number, so "10" < "9" as text.
  const auto results = squares({"10", "1", "9", "1", "b", "1"});
  EXPECT_EQ(by_id(results, "up").status, CheckStatus::kPass) << by_id(results, "up").message;
  const auto one = squares({"x", "1"});
  EXPECT_EQ(by_id(one, "down").status, CheckStatus::kPass) << "one value is in any order";
}

}  // namespace
}  // namespace grade::check

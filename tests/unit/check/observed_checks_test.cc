// Checks against what a run really created: the `observed` kind and `in` observed.processes,
// on canned observations, and how they are skipped when the run was not observed.
#include <gtest/gtest.h>

#include "check/evaluate.h"
#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using run::Observation;
using run::Task;
using testing::by_id;
using testing::exited;

constexpr int kLauncher = 4100;

const spec::Exercise& spec() {
  static const spec::Exercise exercise = testing::SpecFile(std::string(testing::kPidLineSpecHead) +
                                                           R"(  - id: three-lines
    title: three-lines
    count: {of: pid_line, equals: 3}
  - id: real-processes
    title: real-processes
    observed: {of: processes, at_least: 3}
  - id: pids-real
    title: pids-real
    each: {of: pid_line.pid, op: in, fact: observed.processes}
    depends_on: [three-lines]
  - id: after-real
    title: after-real
    count: {of: pid_line, at_least: 1}
    depends_on: [pids-real]
  - id: threads
    title: threads
    observed: {of: threads, equals: 0}
  - id: all-threads
    title: all-threads
    observed: {of: all_threads, at_most: 1}
)")
                                             .load();
  return exercise;
}

Task task(Task::Kind kind, int tid, int pid, int parent) {
  Task t;
  t.kind = kind;
  t.tid = tid;
  t.pid = pid;
  t.parent_pid = parent;
  return t;
}

Task process(int pid, int parent) { return task(Task::Kind::kProcess, pid, pid, parent); }

Task thread(int tid, int pid) { return task(Task::Kind::kThread, tid, pid, pid); }

// A run of the launcher that created `children` as processes (a fork server's workers are
// grandchildren: the parent does not matter).
run::RunResult observed_run(const std::string& out, const std::vector<Task>& created) {
  run::RunResult r = exited(0, out, kLauncher);
  r.observed.state = Observation::State::kObserved;
  r.observed.tasks.push_back(process(kLauncher, 0));
  r.observed.tasks.insert(r.observed.tasks.end(), created.begin(), created.end());
  return r;
}

constexpr const char* kThreeLines = "Process ID: 4101\nProcess ID: 4102\nProcess ID: 4103\n";

TEST(ObservedChecks, RealProcessesPass) {
  const auto results = evaluate(
      spec(), observed_run(kThreeLines, {process(4101, kLauncher), process(4102, kLauncher),
                                         process(4199, kLauncher), process(4103, 4199)}));
  for (const CheckResult& r : results) {
    EXPECT_EQ(r.status, CheckStatus::kPass) << r.id << ": " << r.message;
    EXPECT_FALSE(r.unobserved);
  }
}

TEST(ObservedChecks, FabricatedPidsFailAndAreNamed) {
  const auto results =
      evaluate(spec(), observed_run("Process ID: 4101\nProcess ID: 4102\nProcess ID: 5000\n",
                                    {process(4101, kLauncher), process(4102, kLauncher)}));
  const CheckResult& real = by_id(results, "real-processes");
  EXPECT_EQ(real.status, CheckStatus::kFail);
  EXPECT_EQ(real.message,
            "expected the run to create at least 3 new processes; it created 2 (PIDs 4101, 4102)");
  const CheckResult& pids = by_id(results, "pids-real");
  EXPECT_EQ(pids.status, CheckStatus::kFail);
  EXPECT_EQ(pids.message,
            "expected every pid in the 2 processes this run created (observed.processes: 4101, "
            "4102), but 1 of 3 is not: 5000");
}

// A number too large for a PID is simply not one of them (found by tests/fuzz: casting it to
// int was undefined behaviour, which the asan preset reports).
TEST(ObservedChecks, ANumberBeyondAnyPidIsNotACreatedProcess) {
  const auto results = evaluate(
      spec(), observed_run("Process ID: 4101\nProcess ID: 4102\nProcess ID: 99999999999999999999\n",
                           {process(4101, kLauncher), process(4102, kLauncher)}));
  const CheckResult& pids = by_id(results, "pids-real");
  EXPECT_EQ(pids.status, CheckStatus::kFail);
  EXPECT_EQ(pids.message,
            "expected every pid in the 2 processes this run created (observed.processes: 4101, "
            "4102), but 1 of 3 is not: 99999999999999999999");
}

TEST(ObservedChecks, TheLauncherIsNotACreatedProcess) {
  const auto results =
      evaluate(spec(), observed_run("Process ID: 4100\nProcess ID: 4101\nProcess ID: 4102\n",
                                    {process(4101, kLauncher), process(4102, kLauncher)}));
  EXPECT_EQ(by_id(results, "pids-real").status, CheckStatus::kFail);
}

TEST(ObservedChecks, ThreadsAreCountedPerProcess) {
  const auto results =
      evaluate(spec(), observed_run(kThreeLines, {process(4101, kLauncher), thread(4102, 4101),
                                                  thread(4103, 4101), thread(4104, kLauncher)}));
  const CheckResult& threads = by_id(results, "threads");
  EXPECT_EQ(threads.status, CheckStatus::kFail);
  EXPECT_EQ(threads.message,
            "expected the run to create exactly 0 new threads in the main program; it created 1 "
            "(TID 4104)");
  const CheckResult& all = by_id(results, "all-threads");
  EXPECT_EQ(all.status, CheckStatus::kFail);
  EXPECT_EQ(all.message,
            "expected the run to create at most 1 new threads; it created 3 (TIDs 4102, 4103, "
            "4104)");
}

// Past the observation's cap, counts come from the totals, and a PID that is not among the
// listed ones cannot be judged: the check fails rather than pass by accident.
TEST(ObservedChecks, ATruncatedListCountsItsTotalsAndDecidesNothingItDoesNotList) {
  run::RunResult r = observed_run(kThreeLines, {process(4101, kLauncher)});
  r.observed.omitted.processes = 2000;
  r.observed.omitted.threads = 5;
  r.observed.omitted.threads_in_launched = 2;
  auto results = evaluate(spec(), r);
  EXPECT_EQ(by_id(results, "real-processes").status, CheckStatus::kPass)
      << by_id(results, "real-processes").message;
  EXPECT_EQ(by_id(results, "threads").message,
            "expected the run to create exactly 0 new threads in the main program; it created 2");
  EXPECT_EQ(by_id(results, "all-threads").message,
            "expected the run to create at most 1 new threads; it created 5");
  const CheckResult& pids = by_id(results, "pids-real");
  EXPECT_EQ(pids.status, CheckStatus::kFail);
  EXPECT_EQ(pids.message,
            "expected every pid in the 2001 processes this run created (observed.processes: "
            "4101), but the run created more processes and threads than the grader lists "
            "(1024), so these cannot be checked: 4102, 4103");
  // A PID that is listed still decides, and a fabricated one among the unknown cannot pass.
  r.observed.tasks.push_back(process(4102, kLauncher));
  r.observed.tasks.push_back(process(4103, kLauncher));
  results = evaluate(spec(), r);
  EXPECT_EQ(by_id(results, "pids-real").status, CheckStatus::kPass)
      << by_id(results, "pids-real").message;
}

TEST(ObservedChecks, UnobservedRunsSkipWithTheReasonAndPropagate) {
  run::RunResult r = exited(0, kThreeLines, kLauncher);
  r.observed.state = Observation::State::kUnavailable;
  r.observed.reason = "the system does not allow tracing processes here";
  const auto results = evaluate(spec(), r);
  EXPECT_EQ(by_id(results, "three-lines").status, CheckStatus::kPass);
  for (const char* id : {"real-processes", "pids-real", "threads", "all-threads"}) {
    const CheckResult& c = by_id(results, id);
    EXPECT_EQ(c.status, CheckStatus::kSkip) << id;
    EXPECT_TRUE(c.unobserved) << id;
    EXPECT_EQ(c.points, 0) << id;
    EXPECT_EQ(c.message, "not checked: the system does not allow tracing processes here") << id;
  }
  // A check that needs no observation but depends on one that was skipped for want of it.
  const CheckResult& after = by_id(results, "after-real");
  EXPECT_EQ(after.status, CheckStatus::kSkip);
  EXPECT_TRUE(after.unobserved);
  EXPECT_EQ(after.message,
            "not checked, because it needs \u201cpids-real\u201d, which could not be checked");
}

TEST(ObservedChecks, AFailedPrerequisiteStillSkipsAsAFailure) {
  run::RunResult r = exited(0, "Process ID: 4101\n", kLauncher);
  r.observed.state = Observation::State::kOff;
  r.observed.reason = "observation is turned off";
  const auto results = evaluate(spec(), r);
  const CheckResult& pids = by_id(results, "pids-real");
  EXPECT_EQ(pids.status, CheckStatus::kSkip);
  EXPECT_FALSE(pids.unobserved);  // the student's own mistake decides, not the machine
}

}  // namespace
}  // namespace grade::check

// The kinds and facts over task sets: observed of every set, ended, matches_span and the
// observed.<set>.span / .cpu facts, on canned observations.
#include <gtest/gtest.h>

#include "check/canned_run.h"
#include "check/evaluate.h"
#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using run::Observation;
using run::Task;
using testing::by_id;

constexpr int kLauncher = 4100;

const spec::Exercise& spec() {
  static const spec::Exercise exercise = testing::SpecFile(R"(id: ex
title: t
prompt: p
contract: c
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
  threads:
    pattern: 'Threads: (?P<seconds>[-0-9.e]+) s'
checks:
  - id: three-workers
    title: t
    observed: {of: worker_processes, equals: 3}
  - id: direct
    title: t
    observed: {of: direct_processes, at_most: 1}
  - id: workers-end
    title: t
    ended: {of: worker_processes, exit_code: 0}
  - id: workers-end-or-stopped
    title: t
    ended: {of: worker_processes, exit_code: 0, or_stopped_by_program: true}
  - id: threads-time
    title: t
    matches_span: {of: threads.seconds, tasks: worker_threads}
  - id: threads-time-rounds
    title: t
    matches_span: {of: threads.seconds, tasks: worker_threads, rounds: true, relative: 0.1, below: 0, above: 0.01}
  - id: within-span
    title: t
    each: {of: threads.seconds, op: "<=", fact: observed.worker_threads.span}
  - id: within-cpu
    title: t
    each: {of: threads.seconds, op: ">=", fact: observed.threads.cpu}
  - id: pids-of-workers
    title: t
    each: {of: pid_line.pid, op: in, fact: observed.processes.workers}
)")
                                             .load();
  return exercise;
}

Task task(Task::Kind kind, int tid, int pid, int parent, double start, double end) {
  return testing::canned_task(kind, tid, pid, parent, start, end);
}

Task process(int pid, int parent) { return testing::canned_process(pid, parent, 1, 2); }

Task resource_tracker(int pid) {
  return testing::canned_helper(pid, kLauncher, "resource_tracker");
}

run::RunResult run_with(const std::string& out, const std::vector<Task>& created) {
  return testing::observed_run(kLauncher, created, out);
}

// A pool of five and its resource tracker.
std::vector<Task> pool_of_five() {
  std::vector<Task> out = {resource_tracker(4101)};
  for (int pid = 4102; pid <= 4106; ++pid) {
    out.push_back(process(pid, kLauncher));
  }
  return out;
}

TEST(ObservedKinds, WorkerProcessesLeaveTheHelpersOutAndSaySo) {
  const auto results = evaluate(spec(), run_with("", pool_of_five()));
  const CheckResult& workers = by_id(results, "three-workers");
  EXPECT_EQ(workers.status, CheckStatus::kFail);
  EXPECT_EQ(workers.message,
            "expected the run to create exactly 3 worker processes; it created 5 (PIDs 4102, "
            "4103, 4104, 4105, 4106); multiprocessing's resource tracker (PID 4101) is not "
            "counted");
  EXPECT_EQ(by_id(results, "direct").message,
            "expected the run to create at most 1 processes started by the main program itself; "
            "it created 6 (PIDs 4101, 4102, 4103, 4104, 4105, 4106)");
}

TEST(ObservedKinds, CountsPastTheCapPassOnlyIfEveryPossibleCountDoes) {
  run::RunResult r =
      run_with("", {process(4101, kLauncher), process(4102, kLauncher), process(4103, kLauncher)});
  r.observed.omitted.processes = 2;
  const auto results = evaluate(spec(), r);
  const CheckResult& workers = by_id(results, "three-workers");
  EXPECT_EQ(workers.status, CheckStatus::kFail);
  EXPECT_EQ(workers.message,
            "expected the run to create exactly 3 worker processes; it created between 3 and 5 "
            "(PIDs 4101, 4102, 4103)");
}

TEST(ObservedKinds, EndedSaysWhichDidNotExitAndHow) {
  std::vector<Task> created = {process(4101, kLauncher), process(4102, kLauncher),
                               process(4103, kLauncher), process(4104, kLauncher)};
  created[1].exit_code = 1;
  created[2].exit_code.reset();
  created[2].signal = 15;
  created[3].exit_code.reset();
  created[3].signal = 9;
  created[3].killed_by_grader = run::GraderKill::kOutlivedProgram;
  const auto results = evaluate(spec(), run_with("", created));
  const CheckResult& ended = by_id(results, "workers-end");
  EXPECT_EQ(ended.status, CheckStatus::kFail);
  EXPECT_EQ(ended.message,
            "expected every one of the worker processes to exit with status 0, but 3 of 4 did "
            "not: process 4102 exited with status 1; process 4103 was killed by SIGTERM; process "
            "4104 was stopped by the grader because it was still running when the program had "
            "ended");
}

// A with Pool(...) block ends by terminating the workers: SIGTERM from the program itself.
TEST(ObservedKinds, EndedByTheProgramsOwnSignalCountsOnlyWhereTheCheckSaysSo) {
  std::vector<Task> created = {process(4101, kLauncher), process(4102, kLauncher),
                               process(4103, kLauncher)};
  for (Task* t : {&created[1], &created[2]}) {
    t->exit_code.reset();
    t->signal = 15;
    t->signal_from_run = true;
  }
  auto results = evaluate(spec(), run_with("", created));
  EXPECT_EQ(by_id(results, "workers-end").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "workers-end").message,
            "expected every one of the worker processes to exit with status 0, but 2 of 3 did "
            "not: process 4102 was killed by SIGTERM from your program; process 4103 was killed "
            "by SIGTERM from your program");
  EXPECT_EQ(by_id(results, "workers-end-or-stopped").status, CheckStatus::kPass);
  EXPECT_EQ(by_id(results, "workers-end-or-stopped").message,
            "all 3 worker processes ended normally: 1 exited with status 0, 2 ended by your "
            "program's own signal, as Pool.terminate() and the end of a with Pool(...) block do");
  // A signal from anyone else (the kernel, outside) is still no normal end.
  created[2].signal_from_run = false;
  results = evaluate(spec(), run_with("", created));
  EXPECT_EQ(by_id(results, "workers-end-or-stopped").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "workers-end-or-stopped").message,
            "expected every one of the worker processes to exit with status 0, but 1 of 3 did "
            "not: process 4103 was killed by SIGTERM");
}

TEST(ObservedKinds, EndedOfAnUnseenEndSkipsAndOfNothingFails) {
  std::vector<Task> created = {process(4101, kLauncher)};
  created[0].exit_code.reset();
  CheckResult ended = by_id(evaluate(spec(), run_with("", created)), "workers-end");
  EXPECT_EQ(ended.status, CheckStatus::kSkip);
  EXPECT_TRUE(ended.unobserved);
  EXPECT_EQ(ended.message, "not checked: the grader did not see how process 4101 ended");
  ended = by_id(evaluate(spec(), run_with("", {})), "workers-end");
  EXPECT_EQ(ended.status, CheckStatus::kFail);
  EXPECT_EQ(ended.message,
            "expected every one of the worker processes to exit with status 0, but the run "
            "created none");
  ended = by_id(evaluate(spec(), run_with("", pool_of_five())), "workers-end");
  EXPECT_EQ(ended.status, CheckStatus::kPass);
  EXPECT_EQ(ended.message, "all 5 worker processes exited with status 0");
}

// Threads 4101-4103 of the main program, from 0.5 s to 1.0 s in all, the longest 0.3 s.
std::vector<Task> three_threads() {
  return {task(Task::Kind::kThread, 4101, kLauncher, kLauncher, 0.5, 0.8),
          task(Task::Kind::kThread, 4102, kLauncher, kLauncher, 0.6, 0.8),
          task(Task::Kind::kThread, 4103, kLauncher, kLauncher, 0.8, 1.0)};
}

TEST(ObservedKinds, APrintedTimeMustFitTheSpan) {
  // Defaults: [0.5 * 0.5 - 0.05, 0.5 * 1.5 + 0.15] = [0.2, 0.9].
  auto results = evaluate(spec(), run_with("Threads: 0.512 s\n", three_threads()));
  EXPECT_EQ(by_id(results, "threads-time").status, CheckStatus::kPass);
  EXPECT_EQ(by_id(results, "threads-time").message,
            "printed 'Threads: 0.512 s', and the worker threads in the main program ran for "
            "0.500 s in all (first start to last end): between 0.200 s and 0.900 s would fit");
  results = evaluate(spec(), run_with("Threads: 0.05 s\n", three_threads()));
  EXPECT_EQ(by_id(results, "threads-time").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "threads-time").message,
            "printed 'Threads: 0.05 s', but the worker threads in the main program ran for "
            "0.500 s in all (first start to last end); a time between 0.200 s and 0.900 s "
            "would fit");
}

TEST(ObservedKinds, WithRoundsTheLowerEndComesFromTheShortestLife) {
  // Lives 0.3, 0.2, 0.2: [0.2 * 0.9 - 0, 0.5 * 1.1 + 0.01] = [0.18, 0.56].
  auto results = evaluate(spec(), run_with("Threads: 0.28 s\n", three_threads()));
  EXPECT_EQ(by_id(results, "threads-time-rounds").status, CheckStatus::kPass)
      << by_id(results, "threads-time-rounds").message;
  // The best round was the one of the 0.2-s threads; the 0.3-s thread ran in a slower round.
  results = evaluate(spec(), run_with("Threads: 0.21 s\n", three_threads()));
  EXPECT_EQ(by_id(results, "threads-time-rounds").status, CheckStatus::kPass)
      << by_id(results, "threads-time-rounds").message;
  results = evaluate(spec(), run_with("Threads: 0.15 s\n", three_threads()));
  EXPECT_EQ(by_id(results, "threads-time-rounds").message,
            "printed 'Threads: 0.15 s', but the worker threads in the main program ran for "
            "0.500 s in all (first start to last end), the shortest-lived of them for 0.200 s; a "
            "time between 0.180 s and 0.560 s would fit");
}

TEST(ObservedKinds, AnUnknownEndSkipsTheTimingChecks) {
  std::vector<Task> threads = three_threads();
  threads[1].end_seconds.reset();
  threads[0].cpu_seconds.reset();
  const auto results = evaluate(spec(), run_with("Threads: 0.5 s\n", threads));
  for (const char* id : {"threads-time", "within-span"}) {
    EXPECT_EQ(by_id(results, id).status, CheckStatus::kSkip) << id;
    EXPECT_TRUE(by_id(results, id).unobserved) << id;
  }
  EXPECT_EQ(by_id(results, "threads-time").message,
            "not checked: how long the worker threads in the main program ran is not known: the "
            "grader did not see thread 4102 end");
  EXPECT_EQ(by_id(results, "within-cpu").message,
            "not checked: observed.threads.cpu is not known: the CPU time of thread 4101 could "
            "not be read");
}

TEST(ObservedKinds, SpanAndCpuFactsCompareAsNumbers) {
  const auto results = evaluate(spec(), run_with("Threads: 0.6 s\n", three_threads()));
  EXPECT_EQ(by_id(results, "within-span").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "within-span").message,
            "expected every seconds <= 0.500000 (observed.worker_threads.span, seconds from the "
            "first start to the last end of the worker threads in the main program), but 1 of 1 "
            "is not: 0.6");
  EXPECT_EQ(by_id(results, "within-cpu").status, CheckStatus::kPass)
      << by_id(results, "within-cpu").message;
}

TEST(ObservedKinds, TheWorkersSetFactLeavesHelpersOut) {
  const auto results = evaluate(spec(), run_with("Process ID: 4101\n", pool_of_five()));
  EXPECT_EQ(by_id(results, "pids-of-workers").message,
            "expected every pid in the 5 worker processes this run created "
            "(observed.worker_processes: 4102, 4103, 4104, 4105, 4106), but 1 of 1 is not: 4101");
}

TEST(ObservedKinds, NothingIsCheckedOnAnUnobservedRun) {
  run::RunResult r = testing::exited(0, "Threads: 0.5 s\n", kLauncher);
  r.observed.state = Observation::State::kUnavailable;
  r.observed.reason = "tracing is not allowed here";
  for (const CheckResult& c : evaluate(spec(), r)) {
    EXPECT_EQ(c.status, CheckStatus::kSkip) << c.id;
    EXPECT_EQ(c.message, "not checked: tracing is not allowed here") << c.id;
  }
}

}  // namespace
}  // namespace grade::check

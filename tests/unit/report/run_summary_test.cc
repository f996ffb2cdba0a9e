#include "report/run_summary.h"

#include <gtest/gtest.h>

#include "sample_results.h"

namespace grade::report {
namespace {

TEST(ReportRunSummary, DecidingRunIsTheFirstFailingOrTheLast) {
  const check::GradeResult passed = samples::passed();
  ASSERT_NE(deciding_run(passed), nullptr);
  EXPECT_EQ(deciding_run(passed)->index, 3);
  EXPECT_EQ(deciding_run(samples::failed())->index, 2);
  EXPECT_EQ(deciding_run(samples::build_failed()), nullptr);
}

// At the time limit, where each task stood, when the tracer read it; the generic paragraph
// otherwise.
TEST(ReportRunSummary, ATimeoutSaysWhereEachTaskStood) {
  run::RunResult run;
  run.pid = 100;
  run.timed_out = true;
  run.wall_seconds = 5.0;
  run.observed.state = run::Observation::State::kObserved;
  run::Task launched;
  launched.pid = launched.tid = 100;
  run.observed.tasks.push_back(launched);
  EXPECT_EQ(explain_run_end(run::Verdict::kWallTimeout, run),
            run::explain_verdict(run::Verdict::kWallTimeout, run));
  run.observed.tasks[0].at_timeout = run::Standing::kComputing;
  EXPECT_EQ(explain_run_end(run::Verdict::kWallTimeout, run),
            "The program did not finish within the time limit and was stopped. When the time "
            "limit hit (after 5.0 s), your main program was computing: the program is too slow "
            "(or loops without end), not stuck waiting. Look for a loop that does far more work "
            "than needed or never ends, and for busy waiting.");
  EXPECT_EQ(explain_run_end(run::Verdict::kSignal, run),
            run::explain_verdict(run::Verdict::kSignal, run));
}

// Threads stopped with the main program are said with the processes stopped after it.
TEST(ReportRunSummary, SaysWhichThreadsWereStoppedWithTheMainProgram) {
  run::RunResult run;
  run.pid = 100;
  run.observed.state = run::Observation::State::kObserved;
  run::Task launched;
  launched.pid = launched.tid = 100;
  run.observed.tasks.push_back(launched);
  run::Task thread;
  thread.kind = run::Task::Kind::kThread;
  thread.pid = 100;
  thread.tid = 101;
  thread.outlived_process = true;
  run.observed.tasks.push_back(thread);
  EXPECT_EQ(describe_stopped_at_end(run),
            "When your main program ended, 1 of its threads was still running and was stopped "
            "with it, before it printed anything. join() every thread you start before the "
            "program ends (a daemon thread ends with the program).");
}

// Processes that outlived the program: how many, which, and what the student should do.
TEST(ReportRunSummary, SaysWhichProcessesOutlivedTheProgram) {
  run::RunResult run;
  run.observed.state = run::Observation::State::kObserved;
  run::Task launched;
  launched.pid = launched.tid = 100;
  run.observed.tasks.push_back(launched);
  EXPECT_EQ(describe_stopped_at_end(run), "");
  for (const int pid : {101, 102, 103}) {
    run::Task child;
    child.pid = child.tid = pid;
    child.parent_pid = 100;
    if (pid != 103) {
      child.killed_by_grader = run::GraderKill::kOutlivedProgram;
    }  // 103 ended on its own
    run.observed.tasks.push_back(child);
  }
  run::Task thread;
  thread.kind = run::Task::Kind::kThread;
  thread.pid = 101;
  thread.tid = 104;
  thread.killed_by_grader =
      run::GraderKill::kOutlivedProgram;  // a thread is counted with its process, never on its own
  run.observed.tasks.push_back(thread);
  run::Task tracker;  // multiprocessing's helper, on its way out: not the student's doing
  tracker.pid = tracker.tid = 105;
  tracker.parent_pid = 100;
  tracker.command_line = "python3 -c from multiprocessing.resource_tracker import main;main(5)";
  tracker.killed_by_grader = run::GraderKill::kOutlivedProgram;
  run.observed.tasks.push_back(tracker);
  EXPECT_EQ(describe_stopped_at_end(run),
            "When your program ended, 2 processes it started were still running (PIDs 101, "
            "102); grade stopped them, so whatever they would still have printed is lost. Wait "
            "for your processes (join() or wait()) before the program ends.");
  run.observed.tasks[2].killed_by_grader.reset();
  EXPECT_EQ(describe_stopped_at_end(run),
            "When your program ended, 1 process it started was still running (PID 101); grade "
            "stopped it, so whatever it would still have printed is lost. Wait for your "
            "processes (join() or wait()) before the program ends.");
}

TEST(ReportRunSummary, CountsRunsMadeAndAsked) {
  EXPECT_EQ(summarize_runs(samples::passed()), "3 of 3 runs passed");
  EXPECT_EQ(summarize_runs(samples::failed()),
            "run 2 of 5 failed; run 1 passed; later runs were not made");
  EXPECT_EQ(summarize_runs(samples::timed_out()), "run 1 of 1 failed");
  EXPECT_EQ(summarize_runs(samples::build_failed()), "");

  check::GradeResult first = samples::failed();
  first.runs.erase(first.runs.begin());
  first.runs[0].index = 1;
  EXPECT_EQ(summarize_runs(first), "run 1 of 5 failed; later runs were not made");

  check::GradeResult third = samples::failed();
  third.runs.insert(third.runs.begin(), third.runs[0]);
  third.runs[1].index = 2;
  third.runs[2].index = 3;
  third.repeat = 3;
  EXPECT_EQ(summarize_runs(third), "run 3 of 3 failed; runs 1-2 passed");

  check::GradeResult one = samples::passed();
  one.runs.resize(1);
  one.repeat = 1;
  EXPECT_EQ(summarize_runs(one), "1 of 1 run passed");
}

TEST(ReportRunSummary, ARunThatNeverStartedSaysWhy) {
  EXPECT_EQ(describe_run_end(samples::error().runs[0].result),
            "could not be started: python3: No such file or directory");
}

TEST(ReportRunSummary, ARunLostAfterItStartedIsNotCalledUnstarted) {
  run::RunResult lost;
  lost.pid = 4242;
  lost.spawn_error = "the grader lost track of it\n(waitpid failed)";
  EXPECT_EQ(describe_run_end(lost),
            "was started, but the grader lost track of it\\n(waitpid failed)");
}

}  // namespace
}  // namespace grade::report

// What the grader saw of a run's tasks, said to the student: threads stopped with the main
// program, where each task stood at the time limit, reused workers, the grader's own PID; and
// the hints that these facts replace.
#include "check/what_ran.h"

#include <gtest/gtest.h>

#include "canned_run.h"
#include "check/advice.h"
#include "check/evaluate.h"
#include "support/check_results.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using testing::by_id;
using testing::canned_process;
using testing::canned_thread;
using testing::observed_run;

const spec::Exercise& processes_spec() {
  static const spec::Exercise exercise = testing::SpecFile(testing::kProcessesSpec).load();
  return exercise;
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The launched program 4100 ended with `silent` threads still running that printed nothing,
// and one that printed its line (written by TID 4105) and was still on its way out.
run::RunResult daemon_threads(int silent) {
  std::vector<run::Task> threads;
  for (int i = 0; i < silent; ++i) {
    threads.push_back(canned_thread(4101 + i, 4100));
    threads.back().outlived_process = true;
  }
  threads.push_back(canned_thread(4105, 4100));
  threads.back().outlived_process = true;
  run::RunResult r = observed_run(4100, threads, "Process ID: 4105\n");
  r.observed.out.segments.push_back({17, 4105, 4100});
  return r;
}

TEST(WhatRan, ThreadsStillRunningWhenTheMainProgramEnded) {
  // The one that printed may have been joined, on its way out: only the silent ones count.
  EXPECT_EQ(threads_at_end(daemon_threads(2)),
            "When your main program ended, 2 of its threads were still running and were stopped "
            "with it, before they printed anything. join() every thread you start before the "
            "program ends (a daemon thread ends with the program).");
  EXPECT_EQ(threads_at_end(daemon_threads(0)), "");
  run::RunResult none = observed_run(4100, {canned_thread(4101, 4100)});
  EXPECT_EQ(threads_at_end(none), "");
}

TEST(WhatRan, TheirCountHintSaysWhyLinesAreMissing) {
  const CheckResult count = by_id(evaluate(processes_spec(), daemon_threads(2)), "three-lines");
  ASSERT_EQ(count.status, CheckStatus::kFail);
  EXPECT_TRUE(has(count.hint, "2 of its threads were still running")) << count.hint;
}

TEST(WhatRan, AProcessStoppedAtTheEndIsNamedInTheCountHint) {
  run::Task child = canned_process(4101, 4100);
  child.killed_by_grader = run::GraderKill::kOutlivedProgram;
  const run::RunResult r =
      observed_run(4100, {canned_process(4102, 4100), child}, "Process ID: 4102\n");
  const CheckResult count = by_id(evaluate(processes_spec(), r), "three-lines");
  EXPECT_EQ(count.hint,
            "When your main program ended, process 4101 was still running and was stopped by the "
            "grader, so whatever it would still have printed is lost: join() your processes (or "
            "wait() for them) before the program ends.");
}

// A run the time limit stopped, with these tasks still alive.
run::RunResult timed_out(std::vector<std::pair<run::Task, run::Standing>> alive,
                         std::string out = "Process ID: 4101\n") {
  std::vector<run::Task> created;
  run::Standing main_standing = run::Standing::kComputing;
  for (auto& [task, standing] : alive) {
    if (task.tid == 4100) {
      main_standing = standing;
      continue;
    }
    task.at_timeout = standing;
    created.push_back(task);
  }
  run::RunResult r = observed_run(4100, created, std::move(out));
  r.observed.tasks[0].at_timeout = main_standing;
  r.timed_out = true;
  r.wall_seconds = 5.02;
  return r;
}

TEST(WhatRan, AllComputingIsTooSlowNotStuck) {
  const run::RunResult r = timed_out({{canned_process(4100, 0), run::Standing::kComputing},
                                      {canned_process(4101, 4100), run::Standing::kComputing},
                                      {canned_process(4102, 4100), run::Standing::kComputing}});
  EXPECT_TRUE(all_computing(r));
  EXPECT_EQ(timeout_story(r),
            "When the time limit hit (after 5.0 s), your main program and processes 4101 and 4102 "
            "were all computing: the program is too slow (or loops without end), not stuck "
            "waiting. Look for a loop that does far more work than needed or never ends, and for "
            "busy waiting.");
  const CheckResult exit = by_id(evaluate(processes_spec(), r), "exits");
  EXPECT_TRUE(has(exit.hint, "still computing when the time limit hit")) << exit.hint;
}

TEST(WhatRan, WaitsAreNamedTaskByTask) {
  const run::RunResult r = timed_out({{canned_process(4100, 0), run::Standing::kWaitingForChild},
                                      {canned_process(4101, 4100), run::Standing::kWaitingOnPipe},
                                      {canned_thread(4103, 4101), run::Standing::kWaitingOnLock},
                                      {canned_thread(4104, 4101), run::Standing::kWaitingOnLock}});
  EXPECT_FALSE(all_computing(r));
  EXPECT_EQ(timeout_story(r),
            "When the time limit hit (after 5.0 s), your main program was waiting for a process "
            "to end (join or wait); process 4101 was waiting to read from a pipe, queue or "
            "socket; 2 threads were waiting on a lock, a join or a condition. Nothing was "
            "computing: the program was stuck waiting, not slow. Each of these waits must end: a "
            "process or thread that never ends, a queue read more often than something was put "
            "into it, a lock never released.");
  // The exit check's own hint stays: it speaks of waits that never end.
  EXPECT_EQ(by_id(evaluate(processes_spec(), r), "exits").hint, "Do not crash.");
}

// The main program joining processes that compute is slow, not stuck: the hint says so.
TEST(WhatRan, WaitingForTasksThatComputeIsTooSlowNotStuck) {
  const run::RunResult r = timed_out({{canned_process(4100, 0), run::Standing::kWaitingForChild},
                                      {canned_process(4101, 4100), run::Standing::kComputing},
                                      {canned_process(4102, 4100), run::Standing::kComputing}});
  EXPECT_FALSE(all_computing(r));
  EXPECT_TRUE(still_working(r));
  EXPECT_EQ(timeout_story(r),
            "When the time limit hit (after 5.0 s), processes 4101 and 4102 were computing; your "
            "main program was waiting for a process to end (join or wait). Something was still "
            "computing, so the program is too slow (or loops without end) rather than stuck: look "
            "for a loop that does far more work than needed or never ends.");
  const CheckResult exit = by_id(evaluate(processes_spec(), r), "exits");
  EXPECT_TRUE(has(exit.hint, "still computing when the time limit hit")) << exit.hint;
}

TEST(WhatRan, ReadingStdinIsToldThereIsNoInput) {
  const run::RunResult r = timed_out({{canned_process(4100, 0), run::Standing::kReadingStdin}});
  EXPECT_TRUE(has(timeout_story(r),
                  "your main program was waiting for input (reading stdin). "
                  "The grader gives your program no input"))
      << timeout_story(r);
  EXPECT_FALSE(still_working(r));
}

TEST(WhatRan, NoStoryWithoutStandings) {
  run::RunResult r = observed_run(4100, {});
  r.timed_out = true;
  EXPECT_EQ(timeout_story(r), "");
  EXPECT_FALSE(all_computing(r));
}

TEST(WhatRan, LinesNeverReachedGetNoFormatHint) {
  const run::RunResult r = timed_out({{canned_process(4100, 0), run::Standing::kWaitingForChild}});
  const CheckResult count = by_id(evaluate(processes_spec(), r), "three-lines");
  ASSERT_EQ(count.status, CheckStatus::kFail);
  EXPECT_TRUE(has(count.hint, "stopped by its time limit before it printed the missing lines"))
      << count.hint;
}

TEST(WhatRan, NearMissesKeepTheFormatHintAtATimeLimit) {
  const run::RunResult r = timed_out({{canned_process(4100, 0), run::Standing::kWaitingForChild}},
                                     "Process ID: 4101\nprocess id = 4102\n");
  EXPECT_EQ(by_id(evaluate(processes_spec(), r), "three-lines").hint, "One line per process.");
}

TEST(WhatRan, TooManyLinesAtATimeLimitKeepTheHint) {
  const run::RunResult r =
      timed_out({{canned_process(4100, 0), run::Standing::kComputing}},
                "Process ID: 1\nProcess ID: 2\nProcess ID: 3\nProcess ID: 4\n");
  EXPECT_EQ(by_id(evaluate(processes_spec(), r), "three-lines").hint, "One line per process.");
}

TEST(WhatRan, AReusedPoolWorkerIsNamed) {
  const run::RunResult r =
      observed_run(4100, {canned_process(4101, 4100), canned_process(4102, 4100)},
                   "Process ID: 4101\nProcess ID: 4102\nProcess ID: 4101\n");
  const CheckResult distinct = by_id(evaluate(processes_spec(), r), "distinct");
  ASSERT_EQ(distinct.status, CheckStatus::kFail);
  EXPECT_EQ(distinct.hint,
            "PID 4101 is a process your program created, and it is on 2 of the lines: one worker "
            "process did several of the tasks, as the workers of a Pool do (a Pool reuses its "
            "workers). Create the processes with multiprocessing.Process, one per task, start() "
            "each and join() them.");
}

TEST(WhatRan, ARepeatedNumberThatIsNoProcessKeepsTheHint) {
  const run::RunResult r = observed_run(4100, {canned_process(4101, 4100)},
                                        "Process ID: 7\nProcess ID: 7\nProcess ID: 4101\n");
  EXPECT_EQ(by_id(evaluate(processes_spec(), r), "distinct").hint, "Use processes, not threads.");
}

TEST(WhatRan, TheGradersOwnPidIsNamed) {
  run::RunResult r = testing::exited(0, "Process ID: 4000\nProcess ID: 4000\nProcess ID: 4000\n");
  r.parent_pid = 4000;
  EXPECT_EQ(by_id(evaluate(processes_spec(), r), "distinct").message,
            "expected exactly 3 different pid values on the `Process ID: <pid>` lines, saw 1: "
            "4000 (3 times); 4000 is the PID of the grader that started your program, not of a "
            "process you created");
}

TEST(WhatRan, InputGetsNoInput) {
  const auto advice = advice_for(
      "Traceback (most recent call last):\n  File \"/tmp/run/ex1.py\", line 3, in <module>\n"
      "    n = int(input())\nEOFError: EOF when reading a line\n",
      false);
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_TRUE(has(advice[0], "the grader gives your program none")) << advice[0];
  EXPECT_TRUE(advice_for("ValueError: EOF\n", false).empty());
}

}  // namespace
}  // namespace grade::check

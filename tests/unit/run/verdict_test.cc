#include "run/verdict.h"

#include <csignal>

#include <gtest/gtest.h>

namespace grade::run {
namespace {

RunResult exited(int code, std::string err = "") {
  RunResult r;
  r.pid = 42;
  r.exit_code = code;
  r.err.data = std::move(err);
  return r;
}

RunResult killed(int signal) {
  RunResult r;
  r.pid = 42;
  r.signal = signal;
  return r;
}

TEST(VerdictTest, NamesAreStableAndEveryVerdictIsExplained) {
  EXPECT_EQ(verdict_name(Verdict::kOk), "ok");
  EXPECT_EQ(verdict_name(Verdict::kNonZeroExit), "nonzero_exit");
  EXPECT_EQ(verdict_name(Verdict::kSignal), "signal");
  EXPECT_EQ(verdict_name(Verdict::kWallTimeout), "wall_timeout");
  EXPECT_EQ(verdict_name(Verdict::kCpuLimit), "cpu_limit");
  EXPECT_EQ(verdict_name(Verdict::kMemoryLimit), "memory_limit");
  EXPECT_EQ(verdict_name(Verdict::kOutputLimit), "output_limit");
  EXPECT_EQ(verdict_name(Verdict::kTaskLimit), "task_limit");
  EXPECT_EQ(verdict_name(Verdict::kFileSizeLimit), "file_size_limit");
  EXPECT_EQ(verdict_name(Verdict::kOutsideSignal), "outside_signal");
  EXPECT_EQ(verdict_name(Verdict::kBuildError), "build_error");
  EXPECT_EQ(verdict_name(Verdict::kBuildLimit), "build_limit");
  EXPECT_EQ(verdict_name(Verdict::kInternalError), "internal_error");
  for (int v = 0; v <= static_cast<int>(Verdict::kInternalError); ++v) {
    EXPECT_GT(verdict_explanation(static_cast<Verdict>(v)).size(), 40U) << v;
  }
}

TEST(BuildLimitTest, ABuildWithinItsLimitsHasNone) {
  const isolate::Restrictions none;
  EXPECT_FALSE(build_limit(exited(0), none));
  EXPECT_FALSE(build_limit(exited(1, "ex1.cpp:3:1: error: expected ';'\n"), none));
}

TEST(BuildLimitTest, TheGradersOwnLimitsCount) {
  const isolate::Restrictions none;
  RunResult slow = killed(SIGKILL);
  slow.timed_out = true;
  EXPECT_EQ(build_limit(slow, none), Verdict::kWallTimeout);
  RunResult chatty = killed(SIGKILL);
  chatty.output_limit_hit = true;
  EXPECT_EQ(build_limit(chatty, none), Verdict::kOutputLimit);
}

// The driver (g++) exits 1 when the kernel stops one of the programs it started.
TEST(BuildLimitTest, ALimitThatStoppedAProcessOfTheCompilerCounts) {
  const isolate::Restrictions none;
  RunResult assembler = exited(1, "g++: fatal error: File size limit exceeded signal\n");
  assembler.observed.tasks.push_back(Task{});
  assembler.observed.tasks.back().signal = SIGXFSZ;
  EXPECT_EQ(build_limit(assembler, none), Verdict::kFileSizeLimit);
  RunResult busy = exited(1);
  busy.observed.tasks.push_back(Task{});
  busy.observed.tasks.back().signal = SIGXCPU;
  EXPECT_EQ(build_limit(busy, none), Verdict::kCpuLimit);
  RunResult oom = exited(1);
  oom.oom_killed = true;
  EXPECT_EQ(build_limit(oom, none), Verdict::kMemoryLimit);
}

TEST(BuildLimitTest, TheCompilersOutOfMemoryMessageIsTheMemoryLimit) {
  const isolate::Restrictions none;
  EXPECT_EQ(build_limit(exited(1,
                               "cc1plus: out of memory allocating 1073741840 bytes after a "
                               "total of 610304 bytes\n"),
                        none),
            Verdict::kMemoryLimit);
  EXPECT_FALSE(build_limit(exited(0, "out of memory allocating"), none))
      << "a build that succeeded went over nothing";
}

TEST(VerdictTest, PlainEndings) {
  const isolate::Restrictions none;
  EXPECT_EQ(classify(exited(0), none), Verdict::kOk);
  EXPECT_EQ(classify(exited(1), none), Verdict::kNonZeroExit);
  EXPECT_EQ(classify(killed(SIGSEGV), none), Verdict::kSignal);
  EXPECT_EQ(classify(RunResult{}, none), Verdict::kInternalError);  // neither exit nor signal
  RunResult missing;
  missing.spawn_error = "python4 was not found";
  EXPECT_EQ(classify(missing, none), Verdict::kInternalError);
}

TEST(VerdictTest, TheGradersOwnReasonsExplainItsKill) {
  const isolate::Restrictions none;
  RunResult r = killed(SIGKILL);
  r.timed_out = true;
  EXPECT_EQ(classify(r, none), Verdict::kWallTimeout);
  r = killed(SIGKILL);
  r.output_limit_hit = true;
  EXPECT_EQ(classify(r, none), Verdict::kOutputLimit);
  r = killed(SIGKILL);
  r.task_limit_hit = true;
  EXPECT_EQ(classify(r, none), Verdict::kTaskLimit);
}

TEST(VerdictTest, ASignalFromOutsideComesFirst) {
  const isolate::Restrictions none;
  RunResult r = killed(SIGKILL);
  r.timed_out = true;  // a SIGSTOP from outside, say, and then the wall limit
  r.observed.state = Observation::State::kObserved;
  r.outside_signal = OutsideSignal{SIGSTOP, 4100, 4242, 0, "sh"};
  EXPECT_EQ(classify(r, none), Verdict::kOutsideSignal);
  const std::string text = explain_verdict(Verdict::kOutsideSignal, r);
  EXPECT_NE(text.find("not a problem with your program"), std::string::npos) << text;
  EXPECT_NE(text.find("SIGSTOP from PID 4242 (sh, uid 0)"), std::string::npos) << text;
}

TEST(VerdictTest, WhoSentASignalIsUnknownOnlyWhenNotObserved) {
  RunResult r = killed(SIGTERM);
  r.observed.state = Observation::State::kObserved;
  EXPECT_EQ(explain_verdict(Verdict::kSignal, r), verdict_explanation(Verdict::kSignal));
  r.observed.state = Observation::State::kOff;
  const std::string text = explain_verdict(Verdict::kSignal, r);
  EXPECT_EQ(text.rfind(verdict_explanation(Verdict::kSignal), 0), 0U) << text;
  EXPECT_NE(text.find("who sent the signal is unknown"), std::string::npos) << text;
}

TEST(VerdictTest, TheOomKillersSigkillIsAMemoryVerdict) {
  RunResult r = killed(SIGKILL);
  r.oom_killed = true;
  EXPECT_EQ(classify(r, {}), Verdict::kMemoryLimit);
}

TEST(VerdictTest, CpuTime) {
  isolate::Restrictions limits;
  limits.cpu_seconds = 2;
  EXPECT_EQ(classify(killed(SIGXCPU), limits), Verdict::kCpuLimit);
  RunResult hard = killed(SIGKILL);  // SIGXCPU ignored: the hard limit a second later
  hard.cpu_seconds = 3.01;
  EXPECT_EQ(classify(hard, limits), Verdict::kCpuLimit);
  hard.cpu_seconds = 0.2;  // someone else's SIGKILL (the OOM killer, a user)
  EXPECT_EQ(classify(hard, limits), Verdict::kSignal);
  hard.cpu_seconds.reset();
  EXPECT_EQ(classify(hard, limits), Verdict::kSignal);
}

TEST(VerdictTest, FileSize) {
  isolate::Restrictions limits;
  EXPECT_EQ(classify(killed(SIGXFSZ), limits), Verdict::kFileSizeLimit);
  const std::string python =
      "Traceback (most recent call last):\n  ...\nOSError: [Errno 27] File too large\n";
  EXPECT_EQ(classify(exited(1, python), limits), Verdict::kNonZeroExit) << "no limit was set";
  limits.file_bytes = 1 << 20;
  EXPECT_EQ(classify(exited(1, python), limits), Verdict::kFileSizeLimit);
  EXPECT_EQ(classify(exited(0, python), limits), Verdict::kOk);
}

TEST(VerdictTest, MemoryNeedsALimitAFailureAndEvidence) {
  isolate::Restrictions limits;
  const std::string python = "Traceback (most recent call last):\n  ...\nMemoryError\n";
  EXPECT_EQ(classify(exited(1, python), limits), Verdict::kNonZeroExit);
  limits.memory_bytes = 512 << 20;
  EXPECT_EQ(classify(exited(1, python), limits), Verdict::kMemoryLimit);
  EXPECT_EQ(classify(exited(0, python), limits), Verdict::kOk);  // caught it and went on
  // No room for another thread's stack.
  EXPECT_EQ(classify(exited(1, "RuntimeError: can't start new thread\n"), limits),
            Verdict::kMemoryLimit);
  RunResult cxx = killed(SIGABRT);
  cxx.err.data = "terminate called after throwing an instance of 'std::bad_alloc'\n";
  EXPECT_EQ(classify(cxx, limits), Verdict::kMemoryLimit);
  RunResult c = killed(SIGSEGV);
  EXPECT_EQ(classify(c, limits), Verdict::kSignal);
  c.max_rss_bytes = 500U << 20;  // it was using nearly all it could have
  EXPECT_EQ(classify(c, limits), Verdict::kMemoryLimit);
  // Text far from the end of stderr is what the program printed, not its last words.
  const std::string early = "MemoryError\n" + std::string(8192, 'x') + "\nValueError\n";
  EXPECT_EQ(classify(exited(1, early), limits), Verdict::kNonZeroExit);
}

}  // namespace
}  // namespace grade::run

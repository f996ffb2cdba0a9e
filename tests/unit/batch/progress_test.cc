#include "batch/progress.h"

#include <sstream>

#include <gtest/gtest.h>

namespace grade::batch {
namespace {

using Clock = Progress::Clock;

TEST(Progress, WithoutATerminalWritesOneLogLinePerGrading) {
  std::ostringstream out;
  const Clock::time_point start = Clock::now();
  Progress progress(out, false, 12, start);
  progress.up_to_date(2);
  progress.finished({"alice", "ex1", "passed", 15, 15, 0.41, ""}, start);
  progress.finished({"bob", "ex2", "error", 0, 14, 600.2, "the grading worker was killed"}, start);
  progress.finished({"carol", "ex3", "missing", 0, 12, 0, "no file"}, start);
  progress.close();
  EXPECT_EQ(out.str(),
            "2 of 12 gradings are up to date in the gradebook; not graded again\n"
            "[ 3/12] alice/ex1: passed 15/15 in 0.41 s\n"
            "[ 4/12] bob/ex2: error in 600.20 s (the grading worker was killed)\n"
            "[ 5/12] carol/ex3: missing (no file)\n");
  EXPECT_EQ(progress.done(), 5U);
  EXPECT_EQ(progress.failed(), 1U);
  EXPECT_EQ(progress.errors(), 1U);
}

TEST(Progress, StudentIdsAndDetailsAreShownEscapedOnTheirOwnLine) {
  std::ostringstream out;
  const Clock::time_point start = Clock::now();
  Progress progress(out, false, 2, start);
  const std::string id = "x\x1b]52;c;eA==\x07\n[2 of 2] alice: passed 15 of 15\u202e";
  progress.finished({id, "ex1", "error", 0, 15, 1, "cannot read x\x1b[2J\nforged"}, start);
  progress.message("skipped \x1b[2J");
  EXPECT_EQ(out.str(),
            "[1/2] x\\x1b]52;c;eA==\\x07\\n[2 of 2] alice: passed 15 of 15\\u202e/ex1: error in "
            "1.00 s (cannot read x\\x1b[2J\\nforged)\n"
            "skipped \\x1b[2J\n");
}

TEST(Progress, OnATerminalRewritesOneLineWithRateAndEta) {
  std::ostringstream out;
  const Clock::time_point start = Clock::now();
  Progress progress(out, true, 10, start);
  progress.finished({"a", "ex1", "passed", 1, 1, 1, ""}, start + std::chrono::seconds(1));
  progress.finished({"b", "ex1", "failed", 0, 1, 1, ""}, start + std::chrono::seconds(2));
  const std::string text = out.str();
  EXPECT_EQ(text.find('\n'), std::string::npos) << "a terminal line must not scroll";
  const std::string last = text.substr(text.rfind('\r'));
  EXPECT_EQ(last, "\r\x1b[Kgrading 2/10 · 1 failed · 1.0/s · ETA 8s");
  progress.message("interrupted");
  EXPECT_NE(out.str().find("\r\x1b[Kinterrupted\n"), std::string::npos);
  progress.close();
  EXPECT_EQ(out.str().substr(out.str().size() - 4), "\r\x1b[K");
}

TEST(Progress, ShortDurations) {
  EXPECT_EQ(Progress::duration(0.4), "0s");
  EXPECT_EQ(Progress::duration(45), "45s");
  EXPECT_EQ(Progress::duration(133), "2m13s");
  EXPECT_EQ(Progress::duration(3720), "1h02m");
  EXPECT_EQ(Progress::duration(-1), "?");
}

}  // namespace
}  // namespace grade::batch

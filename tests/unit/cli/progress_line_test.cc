#include "cli/progress_line.h"

#include <sstream>

#include <gtest/gtest.h>

namespace grade::cli {
namespace {

using Phase = check::Progress::Phase;

TEST(ProgressLine, SaysEachStep) {
  EXPECT_EQ(describe_progress({Phase::kBuild}, "ex1.cpp"), "Building ex1.cpp…");
  EXPECT_EQ(describe_progress({Phase::kAnalysis}, "ex1.py"), "Reading how ex1.py is written…");
  EXPECT_EQ(describe_progress({Phase::kRun, 2, 5}, "ex1.py"), "Run 2 of 5 of ex1.py…");
}

TEST(ProgressLine, OnATerminalEachStepReplacesTheLastAndTheEndErasesIt) {
  std::ostringstream out;
  {
    ProgressLine line(out, true, true, "ex1.py");
    line.show({Phase::kRun, 1, 2});
    line.show({Phase::kRun, 2, 2});
    line.clear();
    line.clear();  // once is enough
  }
  EXPECT_EQ(out.str(), "\r\x1b[KRun 1 of 2 of ex1.py…\r\x1b[KRun 2 of 2 of ex1.py…\r\x1b[K");
}

TEST(ProgressLine, WithoutEscapesSpacesEraseIt) {
  std::ostringstream out;
  ProgressLine line(out, true, false, "a.py");
  line.show({Phase::kRun, 1, 2});  // 19 columns
  line.show({Phase::kBuild});      // 14
  line.clear();
  EXPECT_EQ(out.str(), "\r\rRun 1 of 2 of a.py…\r" + std::string(19, ' ') + "\rBuilding a.py…\r" +
                           std::string(14, ' ') + "\r");
}

TEST(ProgressLine, ElsewhereNothingIsShownButTheStepIsKnown) {
  std::ostringstream out;
  ProgressLine line(out, false, true, "ex1.py");
  line.show({Phase::kRun, 3, 5});
  line.clear();
  EXPECT_EQ(out.str(), "");
  ASSERT_TRUE(line.last());
  EXPECT_EQ(line.last()->run, 3);
}

TEST(ProgressLine, TheInterruptionSaysWhatItStopped) {
  EXPECT_EQ(describe_interruption(check::Progress{Phase::kRun, 2, 5}, "ex1", "ex1.py"),
            "Interrupted during run 2 of 5 of ex1; everything it started was stopped.");
  EXPECT_EQ(describe_interruption(check::Progress{Phase::kBuild}, "ex1", "ex1.cpp"),
            "Interrupted during the build of ex1.cpp; everything it started was stopped.");
  EXPECT_EQ(describe_interruption(std::nullopt, "ex1", "ex1.py"),
            "Interrupted before ex1.py was run; nothing of it is left running.");
}

}  // namespace
}  // namespace grade::cli

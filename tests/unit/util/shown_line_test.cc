// A line of output as a terminal shows it (util/shown_line.h).
#include "util/shown_line.h"

#include <string>

#include <gtest/gtest.h>

namespace grade {
namespace {

TEST(ShownLine, APlainLineIsUnchanged) {
  EXPECT_EQ(shown_line("Process ID: 4242"), "Process ID: 4242");
  EXPECT_EQ(shown_line("  tab\there, trailing  "), "  tab\there, trailing  ");
  EXPECT_EQ(shown_line(""), "");
}

TEST(ShownLine, ColorsAreNotText) {
  EXPECT_EQ(shown_line("\x1b[1;32mProcess ID: 4242\x1b[0m"), "Process ID: 4242");
  EXPECT_EQ(shown_line("\x1b[38;5;208mThread-1\x1b[m is done"), "Thread-1 is done");
}

TEST(ShownLine, ACarriageReturnOverwritesFromTheStart) {
  EXPECT_EQ(shown_line("working... 50%\rProcess ID: 4242"), "Process ID: 4242");
  // A shorter text overwrites only its own cells, as on a terminal.
  EXPECT_EQ(shown_line("Process ID: 99999\rProcess ID: 12"), "Process ID: 12999");
  EXPECT_EQ(shown_line("abc\b\bXY"), "aXY");
  EXPECT_EQ(shown_line("\b\bab"), "ab");  // never left of the first column
}

TEST(ShownLine, ErasingBlanksCells) {
  // IPython's clear_output() outside a kernel, then a line.
  EXPECT_EQ(shown_line("\x1b[2K\r\x1b[2K\rProcess ID: 4242"), "Process ID: 4242");
  EXPECT_EQ(shown_line("progress 99%\r\x1b[KDone"), "Done");
  EXPECT_EQ(shown_line("0123456789\r\x1b[5C\x1b[K"), "01234");
  EXPECT_EQ(shown_line("0123456789\x1b[4G\x1b[1K"), "    456789");
  EXPECT_EQ(shown_line("abc\x1b[3K"), "abc");  // no such mode: nothing erased
}

TEST(ShownLine, CursorMovesAlongTheLineAreFollowed) {
  EXPECT_EQ(shown_line("a\x1b[3Cb"), "a   b");
  EXPECT_EQ(shown_line("abcd\x1b[2DX"), "abXd");
  EXPECT_EQ(shown_line("abcd\x1b[1GX"), "Xbcd");
  // A move far right is clamped; the line does not grow without bound.
  EXPECT_LE(shown_line("\x1b[999999999999Cx").size(), 4097U);
}

TEST(ShownLine, OtherControlsAndSequencesAreInvisible) {
  EXPECT_EQ(shown_line("\x1b]0;title\aProcess ID: 1\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"),
            "Process ID: 1link");
  EXPECT_EQ(shown_line("a\x1b"
                       "7b\x1b"
                       "8c"),
            "abc");
  EXPECT_EQ(shown_line(std::string("PID\0 1\a2\x1b", 9)), "PID 12");
  EXPECT_EQ(shown_line(std::string("Process ID: 12\0"
                                   "34",
                                   17)),
            "Process ID: 1234");
  EXPECT_EQ(shown_line("\x1b[31"), "");  // cut short at the end of the line
}

TEST(ShownLine, UTF8SequencesAreOneCellEach) {
  EXPECT_EQ(shown_line("héllo\b\bXY"), "hélXY");
  EXPECT_EQ(shown_line("ab\xff\rX"), "Xb\xff");
}

}  // namespace
}  // namespace grade

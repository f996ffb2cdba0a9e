#include "report/safe_text.h"

#include <string>

#include <gtest/gtest.h>

namespace grade::report {
namespace {

TEST(ReportSafeText, TerminalSafeEscapesWhatATerminalWouldObey) {
  EXPECT_EQ(terminal_safe("ok\x1b[31m\n"), "ok\\x1b[31m\n");
  EXPECT_EQ(terminal_safe("\xc2\x9b"
                          "31m"),
            "\\u009b31m")
      << "C1 CSI in UTF-8";
  EXPECT_EQ(terminal_safe("\xc2\x85"), "\\u0085");
  EXPECT_EQ(terminal_safe("\xc2\xa0\xc3\xa9"), "\xc2\xa0\xc3\xa9") << "U+00A0 and up are text";
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "encoded surrogate";
  EXPECT_EQ(terminal_safe("\xe2\x9c\x93"), "\xe2\x9c\x93");
}

TEST(ReportSafeText, OneLineEscapesNewlines) { EXPECT_EQ(one_line("a\nb\x07"), "a\\nb\\x07"); }

TEST(ReportSafeText, ExcerptKeepsHeadOrTail) {
  const Excerpt head = make_excerpt("1\n2\n3\n4\n", ExcerptEnd::kHead, 3);
  EXPECT_EQ(head.lines, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(head.omitted, 1U);
  const Excerpt tail = make_excerpt("1\n2\n3\n4", ExcerptEnd::kTail, 2);
  EXPECT_EQ(tail.lines, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(tail.omitted, 2U);
  EXPECT_TRUE(make_excerpt("", ExcerptEnd::kHead, 5).lines.empty());
  EXPECT_EQ(make_excerpt("x\n", ExcerptEnd::kHead, 0).omitted, 1U);
}

TEST(ReportSafeText, LongLinesAreCutOnACharacterBoundary) {
  const Excerpt e = make_excerpt(
      "ab\xc3\xa9"
      "cd",
      ExcerptEnd::kHead, 1, 3);
  ASSERT_EQ(e.lines.size(), 1U);
  EXPECT_EQ(e.lines[0], "ab... (4 more bytes)");
}

TEST(ReportSafeText, DisplayWidthCountsCodePoints) {
  EXPECT_EQ(display_width("caf\xc3\xa9"), 4U);
  EXPECT_EQ(display_width("✓ pass"), 6U);
}

TEST(ReportSafeText, CutToWidthKeepsWholeCharactersAndMarksTheCut) {
  EXPECT_EQ(cut_to_width("short", 5), "short");
  EXPECT_EQ(cut_to_width("longer", 5), "long…");
  EXPECT_EQ(cut_to_width("caf\xc3\xa9s and more", 5), "caf\xc3\xa9…");
  EXPECT_EQ(display_width(cut_to_width("\xc3\xa9\xc3\xa9\xc3\xa9", 2)), 2U);
  EXPECT_EQ(cut_to_width("abc", 0), "");
}

}  // namespace
}  // namespace grade::report

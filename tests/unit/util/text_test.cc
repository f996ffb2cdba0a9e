#include "util/text.h"

#include <array>
#include <string>

#include <gtest/gtest.h>

namespace grade::text {
namespace {

TEST(SplitLines, HandlesTrailingNewlineAndCrlf) {
  const auto lines = split_lines("a\r\nb\n\nc\n");
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "b");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "c");
  EXPECT_TRUE(split_lines("").empty());
}

TEST(EscapeLine, KeepsTheTextOnOneLine) {
  EXPECT_EQ(escape_line("a\nScore: 15/15\x1b\n"), "a\\nScore: 15/15\\x1b\\n");
  EXPECT_EQ(escape_line("ex1.ipynb"), "ex1.ipynb");
}

TEST(EscapeControl, EscapesControlBytesAndBadUtf8) {
  EXPECT_EQ(escape_control("ok\x1b[31m\tx\n"), "ok\\x1b[31m\\tx\n");
  EXPECT_EQ(escape_control("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(escape_control("bad\xff"), "bad\\xff");
  EXPECT_EQ(escape_control("cut\xc3"), "cut\\xc3");
  EXPECT_EQ(escape_control("csi\xc2\x9b"
                           "2J"),
            "csi\\u009b2J")
      << "C1 control as UTF-8";
  EXPECT_EQ(escape_control("\xc0\xaf"), "\\xc0\\xaf") << "overlong";
  EXPECT_EQ(escape_control("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "surrogate";
  EXPECT_EQ(escape_control("\xc2\x85"), "\\u0085") << "NEL: a line break to some renderers";
  EXPECT_EQ(escape_control("\xc2\xa0"), "\xc2\xa0") << "no-break space is printable";
}

TEST(EscapeControl, EscapesWhatMakesARendererReorderOrBreakTheText) {
  // Behind a right-to-left override "15/1" shows as "1/51": what is seen is not the text.
  EXPECT_EQ(escape_control("Score: \u202e15/1\u202c"), "Score: \\u202e15/1\\u202c");
  EXPECT_EQ(escape_control("a\u2028Score: 15/15\u2029b"), "a\\u2028Score: 15/15\\u2029b");
  EXPECT_EQ(escape_control("\u2066x\u2069 \u200e\u200f\u061c"),
            "\\u2066x\\u2069 \\u200e\\u200f\\u061c");
  for (const char32_t c :
       {U'\u061C', U'\u200E', U'\u200F', U'\u202A', U'\u202B', U'\u202C', U'\u202D', U'\u202E',
        U'\u2066', U'\u2067', U'\u2068', U'\u2069', U'\u2028', U'\u2029'}) {
    EXPECT_TRUE(is_layout_control(c)) << static_cast<unsigned>(c);
  }
  // Their neighbours are text: a joiner in an emoji, a narrow no-break space, Arabic letters.
  for (const char32_t c :
       {U'\u061B', U'\u061D', U'\u200D', U'\u2027', U'\u202F', U'\u2065', U'\u206A', U'\u0627'}) {
    EXPECT_FALSE(is_layout_control(c)) << static_cast<unsigned>(c);
  }
  EXPECT_EQ(escape_control("\u200d\u202f\u0627"), "\u200d\u202f\u0627");
}

TEST(ClosestMatch, SuggestsPlausibleTypos) {
  const std::array<std::string, 3> keys{"depends_on", "points", "hint"};
  EXPECT_EQ(closest_match("depend_on", keys), "depends_on");
  EXPECT_EQ(closest_match("pionts", keys), "points");
  EXPECT_EQ(closest_match("completely_different", keys), std::nullopt);
}

TEST(EditDistance, CountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("same", "same"), 0U);
}

TEST(Wrap, BreaksAtSpacesWithinWidth) {
  EXPECT_EQ(wrap("one two three four", 9), (std::vector<std::string>{"one two", "three", "four"}));
  EXPECT_EQ(wrap("short", 80), std::vector<std::string>{"short"});
  EXPECT_EQ(wrap("", 10), std::vector<std::string>{""});
  EXPECT_EQ(wrap("a verylongword b", 4), (std::vector<std::string>{"a", "verylongword", "b"}));
  EXPECT_EQ(wrap("caf\xc3\xa9 caf\xc3\xa9", 9), std::vector<std::string>{"caf\xc3\xa9 caf\xc3\xa9"})
      << "counts characters, not bytes";
}

TEST(Wrap, KeepsAQuotedFormatWholeOnTheNextLine) {
  // At 30 columns the format would break after "Thread"; it moves down whole instead.
  EXPECT_EQ(wrap("expected exactly 5 \"Thread name: <name>\" lines", 30),
            (std::vector<std::string>{"expected exactly 5", "\"Thread name: <name>\" lines"}));
  EXPECT_EQ(wrap("close: 'Thread: T-1, PID: 7', 'Thread: T-2, PID: 7'", 30),
            (std::vector<std::string>{"close: 'Thread: T-1, PID: 7',", "'Thread: T-2, PID: 7'"}));
  EXPECT_EQ(wrap("needs \u201cFive \"Thread name\" lines\u201d, which did not pass", 28),
            (std::vector<std::string>{"needs", "\u201cFive \"Thread name\" lines\u201d,",
                                      "which did not pass"}))
      << "curly quotes, with straight ones inside";
  EXPECT_EQ(wrap("(\"a b c\") x", 5), (std::vector<std::string>{"(\"a b c\")", "x"}));
  EXPECT_EQ(wrap("name=\"a b\" x", 5), (std::vector<std::string>{"name=\"a b\"", "x"}));
}

TEST(Wrap, KeepsAQuotedSpanWiderThanTheWidthWholeOnItsOwnLine) {
  EXPECT_EQ(wrap("saw 'one two three four' here", 10),
            (std::vector<std::string>{"saw", "'one two three four'", "here"}));
}

TEST(Wrap, ApostrophesAndUnclosedQuotesDoNotJoinWords) {
  EXPECT_EQ(wrap("it's the program's own PID", 10),
            (std::vector<std::string>{"it's the", "program's", "own PID"}));
  EXPECT_EQ(wrap("'it's a b' c", 9), (std::vector<std::string>{"'it's a b'", "c"}))
      << "an apostrophe before a letter does not close the span";
  EXPECT_EQ(wrap("an \"unclosed quote here", 10),
            (std::vector<std::string>{"an", "\"unclosed", "quote here"}));
}

TEST(Plural, PicksTheRightForm) {
  EXPECT_EQ(plural(1, "process", "processes"), "1 process");
  EXPECT_EQ(plural(3, "process", "processes"), "3 processes");
}

}  // namespace
}  // namespace grade::text

// Strict UTF-8: what is well formed passes unchanged, everything else becomes U+FFFD.
#include "util/utf8.h"

#include <gtest/gtest.h>

namespace grade {
namespace {

// U+FFFD; a function, not a global std::string, whose construction could throw before main.
std::string replacement() { return "\xef\xbf\xbd"; }

TEST(Utf8Test, WellFormedTextIsUnchanged) {
  const std::string text = "plain, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80";
  EXPECT_EQ(to_valid_utf8(text), text);
  EXPECT_EQ(to_valid_utf8(""), "");
}

TEST(Utf8Test, EachBadByteBecomesOneReplacement) {
  EXPECT_EQ(to_valid_utf8("a\xffz"), "a" + replacement() + "z");
  EXPECT_EQ(to_valid_utf8("\xc3"), replacement());                      // cut short
  EXPECT_EQ(to_valid_utf8("\xc0\xaf"), replacement() + replacement());  // overlong "/"
  EXPECT_EQ(to_valid_utf8("\xed\xa0\x80"),
            replacement() + replacement() + replacement());                       // surrogate
  EXPECT_EQ(to_valid_utf8("\xf4\x90\x80\x80").size(), 4 * replacement().size());  // > U+10FFFF
}

TEST(Utf8Test, SequenceLengthAndCodePoint) {
  const std::string text = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x80";
  EXPECT_EQ(utf8_sequence_length(text, 0), 1U);
  EXPECT_EQ(utf8_sequence_length(text, 1), 2U);
  EXPECT_EQ(utf8_code_point(text, 1, 2), U'\u00e9');
  EXPECT_EQ(utf8_sequence_length(text, 3), 3U);
  EXPECT_EQ(utf8_code_point(text, 3, 3), U'\u20ac');
  EXPECT_EQ(utf8_sequence_length(text, 6), 4U);
  EXPECT_EQ(utf8_code_point(text, 6, 4), U'\U0001F600');
  EXPECT_EQ(utf8_sequence_length(text, 10), 0U);  // a lone continuation byte
}

}  // namespace
}  // namespace grade

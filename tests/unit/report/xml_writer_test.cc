#include "report/xml_writer.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace grade::report {
namespace {

TEST(XmlWriter, EscapesMarkupInTextAndAttributes) {
  EXPECT_EQ(xml_escape_text("a < b && c > d \"q\" ]]>"),
            "a &lt; b &amp;&amp; c &gt; d \"q\" ]]&gt;");
  EXPECT_EQ(xml_escape_attribute("say \"hi\"\tnow\nthen\r"),
            "say &quot;hi&quot;&#9;now&#10;then&#13;");
  EXPECT_EQ(xml_escape_text("line 1\nline 2\ttab"), "line 1\nline 2\ttab");
}

TEST(XmlWriter, DropsCharactersXmlForbidsAndRepairsUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_chars(std::string("a\0b\x01\x1b[2J\x7f", 9)), "ab[2J\x7f") << "C0 controls go";
  EXPECT_EQ(xml_chars("\xff\xfe"), fffd + fffd) << "invalid bytes become U+FFFD";
  EXPECT_EQ(xml_chars("\xEF\xBF\xBE\xEF\xBF\xBF!"), "!") << "U+FFFE and U+FFFF go";
  EXPECT_EQ(xml_chars("caf\xC3\xA9 \xF0\x9F\x98\x80 \xC2\x9B"),
            "caf\xC3\xA9 \xF0\x9F\x98\x80 \xC2\x9B")
      << "everything XML allows stays, C1 controls included";
}

TEST(XmlWriter, WritesNestedElementsIndented) {
  std::ostringstream out;
  {
    XmlWriter xml(out);
    xml.open("a", {{"n", "1 < 2"}});
    xml.element("b", {{"x", "y"}});
    xml.element("c", {}, "text & more");
    // `a` is left open: the destructor closes it.
  }
  EXPECT_EQ(out.str(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<a n=\"1 &lt; 2\">\n"
            "  <b x=\"y\"/>\n"
            "  <c>text &amp; more</c>\n"
            "</a>\n");
}

}  // namespace
}  // namespace grade::report

#include "report/html_writer.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "report/html_style.h"

namespace grade::report {
namespace {

TEST(HtmlWriter, EscapesMarkupQuotesAndAmpersands) {
  EXPECT_EQ(html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(html_escape("</textarea><img src=x onerror=alert(1)>"),
            "&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(html_escape("caf\xC3\xA9\nline"), "caf\xC3\xA9\nline") << "UTF-8 and newlines stay";
}

TEST(HtmlWriter, EscapesControlCharactersAndBadUtf8AsTheTextReportDoes) {
  const std::string escaped = html_escape(std::string("a\0b\x1b[2J\xff\xe2\x80\xae", 10));
  EXPECT_EQ(escaped.find('\0'), std::string::npos);
  EXPECT_EQ(escaped.find('\x1b'), std::string::npos);
  EXPECT_EQ(escaped.find('\xff'), std::string::npos);
  EXPECT_EQ(escaped.find("\xe2\x80\xae"), std::string::npos) << "no bidi override";
  EXPECT_NE(escaped.find("\\x1b[2J"), std::string::npos) << escaped;
}

TEST(HtmlWriter, EscapesAttributeValuesAndText) {
  std::ostringstream out;
  {
    HtmlWriter html(out);
    html.open("p", {{"title", "\"><script>x</script>"}});
    html.text("1 < 2");
    html.element("a", {{"href", "#a'b"}}, "<b>");
  }
  EXPECT_EQ(out.str(),
            "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">1 &lt; 2"
            "<a href=\"#a&#39;b\">&lt;b&gt;</a></p>\n");
}

TEST(HtmlWriter, WritesEmptyElementsAsHtmlOutsideSvgAndSelfClosedInside) {
  std::ostringstream out;
  {
    HtmlWriter html(out);
    html.empty("meta", {{"charset", "utf-8"}});
    html.open("svg");
    html.empty("line", {{"x1", "0"}});
  }
  EXPECT_EQ(out.str(), "<meta charset=\"utf-8\"><svg><line x1=\"0\"/></svg>\n");
}

TEST(HtmlWriter, PageHasAPolicyThatAllowsNoScriptAndAnEscapedTitle) {
  std::ostringstream out;
  {
    HtmlWriter html(out);
    open_page(html, "<b>report</b>");
  }
  const std::string page = out.str();
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(page.find("<title>&lt;b&gt;report&lt;/b&gt;</title>"), std::string::npos);
  EXPECT_NE(page.find("content=\"default-src &#39;none&#39;;"), std::string::npos) << page;
  EXPECT_NE(page.find("script-src &#39;" + script_hash(kSortScript) + "&#39;"), std::string::npos)
      << "the sort script alone may run";
  EXPECT_EQ(page.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(page.find("script-src &#39;unsafe-inline"), std::string::npos);
  EXPECT_NE(page.find("</body>\n</html>\n"), std::string::npos);
}

TEST(HtmlWriter, ScriptHashIsBase64OfSha256) {
  EXPECT_EQ(script_hash(""), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(script_hash("abc"), "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

TEST(HtmlWriter, FormatsSeconds) {
  EXPECT_EQ(format_seconds(0.25), "250 ms");
  EXPECT_EQ(format_seconds(0.00025), "0.2 ms");
  EXPECT_EQ(format_seconds(1.5), "1.50 s");
  EXPECT_EQ(format_seconds(12.34), "12.3 s");
  EXPECT_EQ(format_seconds(-1), "?");
}

}  // namespace
}  // namespace grade::report

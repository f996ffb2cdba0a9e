#include "batch/csv.h"

#include <sstream>

#include <gtest/gtest.h>

namespace grade::batch {
namespace {

TEST(GradebookCsv, QuotesOnlyFieldsThatNeedIt) {
  EXPECT_EQ(csv_field("s123"), "s123");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("O'Brien x"), "O'Brien x");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(GradebookCsv, AFieldASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-x"), "'-x");
  EXPECT_EQ(csv_field("@SUM(1)"), "'@SUM(1)");
  EXPECT_EQ(csv_field("\t=1"), "'\t=1");
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
  // Only the first character counts: ids and numbers are left as they are.
  EXPECT_EQ(csv_field("a=b"), "a=b");
  EXPECT_EQ(csv_field("s-12"), "s-12");
  EXPECT_EQ(csv_field("15"), "15");
  EXPECT_EQ(csv_field(" =1"), " =1");
  EXPECT_FALSE(looks_like_formula(""));
  EXPECT_FALSE(looks_like_formula("0"));
  EXPECT_TRUE(looks_like_formula("-1")) << "a negative number would be changed: none is written";
}

TEST(GradebookCsv, RecordsAreCommaSeparatedAndEndWithCrlf) {
  std::ostringstream out;
  write_csv_record(out, {"a", "b,c", ""});
  write_csv_record(out, {"x"});
  EXPECT_EQ(out.str(), "a,\"b,c\",\r\nx\r\n");
}

}  // namespace
}  // namespace grade::batch

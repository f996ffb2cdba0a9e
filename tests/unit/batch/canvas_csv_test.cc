#include "batch/canvas_csv.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace grade::batch {
namespace {

std::string written(const RawCsv& csv) {
  std::ostringstream out;
  write_raw_csv(out, csv);
  return out.str();
}

RawCsv read(const std::string& text) {
  Expected<RawCsv> csv = read_raw_csv(text);
  EXPECT_TRUE(csv.has_value()) << (csv ? "" : csv.error());
  return csv ? *csv : RawCsv{};
}

TEST(CanvasCsv, ReadAndWrittenBackIsByteForByte) {
  const std::string text =
      "\xEF\xBB\xBFStudent,ID,\"Quiz, week 1 (12)\"\r\n"
      "    Points Possible,,10\r\n"
      "\"Doe, Jane\",1,\"said \"\"hi\"\"\"\n"  // a line end of its own
      "\"line\nbreak\", 2 ,\"=1+2\"xyz\r\n"    // text after a closing quote
      "'x,,\r\n"
      "last,3,4";  // no line end at all
  const RawCsv csv = read(text);
  EXPECT_EQ(csv.bom, "\xEF\xBB\xBF");
  EXPECT_EQ(csv.separator, ',');
  ASSERT_EQ(csv.records.size(), 6U);
  EXPECT_EQ(written(csv), text);
}

TEST(CanvasCsv, ValuesAreUnquotedAndRecordsKnowTheirLines) {
  const RawCsv csv = read("a,\"b,c\",\"d\"\"e\"\r\n\"f\ng\",h\n\ni,\n");
  ASSERT_EQ(csv.records.size(), 4U);
  EXPECT_EQ(csv.bom, "");
  EXPECT_EQ(csv.records[0].fields[1].value, "b,c");
  EXPECT_EQ(csv.records[0].fields[1].raw, "\"b,c\"");
  EXPECT_EQ(csv.records[0].fields[2].value, "d\"e");
  EXPECT_EQ(csv.records[0].line_end, "\r\n");
  EXPECT_EQ(csv.records[1].fields[0].value, "f\ng");
  EXPECT_EQ(csv.records[1].line, 2U);
  EXPECT_EQ(csv.records[1].line_end, "\n");
  EXPECT_EQ(csv.records[2].fields.size(), 1U);  // an empty line: one empty field
  EXPECT_EQ(csv.records[2].line, 4U);
  EXPECT_EQ(csv.records[3].fields.size(), 2U);
  EXPECT_EQ(csv.records[3].fields[1].value, "");
}

TEST(CanvasCsv, ACarriageReturnAloneEndsALineToo) {
  const std::string text = "a,\"b\rc\"\rd,e\r\nf\r";
  const RawCsv csv = read(text);
  ASSERT_EQ(csv.records.size(), 3U);
  EXPECT_EQ(csv.records[0].fields[1].value, "b\rc");
  EXPECT_EQ(csv.records[0].line_end, "\r");
  EXPECT_EQ(csv.records[1].line, 3U);
  EXPECT_EQ(csv.records[1].line_end, "\r\n");
  EXPECT_EQ(csv.records[2].line, 4U);
  EXPECT_EQ(written(csv), text);
}

TEST(CanvasCsv, SemicolonsSeparateWhenTheHeaderHasMoreOfThemThanCommas) {
  RawCsv csv = read("Student;ID;Section;Quiz (1)\r\n\"Doe, Jane\";1;A;7,5\r\n");
  EXPECT_EQ(csv.separator, ';');
  ASSERT_EQ(csv.records[1].fields.size(), 4U);
  EXPECT_EQ(csv.records[1].fields[3].value, "7,5");
  set_field(csv.records[1], 2, "A;B", csv.separator);
  set_field(csv.records[1], 3, "8", csv.separator);
  EXPECT_EQ(written(csv), "Student;ID;Section;Quiz (1)\r\n\"Doe, Jane\";1;\"A;B\";8\r\n");
}

TEST(CanvasCsv, AQuoteNeverClosedIsAnErrorNamingItsLine) {
  const Expected<RawCsv> csv = read_raw_csv("a,b\r\nc,\"d\r\ne\r\n");
  ASSERT_FALSE(csv.has_value());
  EXPECT_EQ(csv.error(), "line 2: a quoted field is never closed");
}

TEST(CanvasCsv, SetFieldWritesAsTheProjectsCsvDoes) {
  RawCsv csv = read("a,b,c\n");
  set_field(csv.records[0], 0, "=HYPERLINK(\"x\")", ',');
  set_field(csv.records[0], 1, "-3", ',');
  set_field(csv.records[0], 2, "12", ',');
  set_field(csv.records[0], 4, "x,y", ',');  // past the end: padded
  EXPECT_EQ(written(csv), "\"'=HYPERLINK(\"\"x\"\")\",'-3,12,,\"x,y\"\n");
  EXPECT_EQ(csv.records[0].fields[2].value, "12");
}

TEST(CanvasCsv, AnEmptyFileHasNoRecordsAndStaysEmpty) {
  const RawCsv csv = read("");
  EXPECT_TRUE(csv.records.empty());
  EXPECT_EQ(written(csv), "");
  EXPECT_EQ(written(read("\xEF\xBB\xBF")), "\xEF\xBB\xBF");
}

}  // namespace
}  // namespace grade::batch

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

TEST(GradebookCsv, RecordsAreCommaSeparatedAndEndWithCrlf) {
  std::ostringstream out;
  write_csv_record(out, {"a", "b,c", ""});
  write_csv_record(out, {"x"});
  EXPECT_EQ(out.str(), "a,\"b,c\",\r\nx\r\n");
}

}  // namespace
}  // namespace grade::batch

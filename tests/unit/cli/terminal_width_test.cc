#include "cli/terminal_width.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/fd.h"

namespace grade::cli {
namespace {

TEST(ReportWidth, TheTerminalsWidthWinsOverColumns) {
  EXPECT_EQ(report_width(100, "60"), 100U);
  EXPECT_EQ(report_width(90, std::nullopt), 90U);
}

TEST(ReportWidth, ColumnsWhenThereIsNoTerminal) {
  EXPECT_EQ(report_width(std::nullopt, "120"), 120U);
  EXPECT_EQ(report_width(0, "72"), 72U) << "a terminal of unknown size";
}

TEST(ReportWidth, EightyWhenColumnsIsUnsetOrNotANumber) {
  EXPECT_EQ(report_width(std::nullopt, std::nullopt), 80U);
  for (const char* columns : {"", "wide", "100x", "-5", "0", " 90"}) {
    EXPECT_EQ(report_width(std::nullopt, columns), 80U) << '"' << columns << '"';
  }
}

TEST(ReportWidth, KeptBetweenFortyAndAHundredAndTwenty) {
  EXPECT_EQ(report_width(20, std::nullopt), kMinReportWidth);
  EXPECT_EQ(report_width(300, std::nullopt), kMaxReportWidth);
  EXPECT_EQ(report_width(std::nullopt, "10"), kMinReportWidth);
  EXPECT_EQ(report_width(std::nullopt, "99999999999999999999999"), 80U) << "out of range";
}

TEST(TerminalColumns, NoneForAFileOrAPipe) {
  const Fd null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(null);
  EXPECT_EQ(terminal_columns(null.get()), std::nullopt);
  int ends[2];
  ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
  const Fd read_end(ends[0]);
  const Fd write_end(ends[1]);
  EXPECT_EQ(terminal_columns(write_end.get()), std::nullopt);
}

TEST(TerminalColumns, ThePseudoTerminalsWidth) {
  const Fd master(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  ASSERT_TRUE(master);
  ASSERT_EQ(::grantpt(master.get()), 0);
  ASSERT_EQ(::unlockpt(master.get()), 0);
  const Fd slave(::open(::ptsname(master.get()), O_RDWR | O_NOCTTY | O_CLOEXEC));
  ASSERT_TRUE(slave);
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 97;
  ASSERT_EQ(::ioctl(slave.get(), TIOCSWINSZ, &size), 0);
  EXPECT_EQ(terminal_columns(slave.get()), 97U);
}

}  // namespace
}  // namespace grade::cli

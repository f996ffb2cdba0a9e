#include "cli/grade_options.h"

#include <string>

#include <CLI/CLI.hpp>

#include <gtest/gtest.h>

#include "run_command.h"

namespace grade::cli {
namespace {

GradeOptions parse(const std::string& args) {
  return testing::parse_options(args, add_grade_options);
}

TEST(GradeOptions, DefaultsGradeInPrivateWithEveryProtection) {
  const GradeOptions options = parse("ex1");
  EXPECT_EQ(options.exercise, "ex1");
  EXPECT_FALSE(options.submission);
  EXPECT_FALSE(options.repeat);
  EXPECT_EQ(options.format, Format::kText);
  EXPECT_EQ(options.view, report::View::kStudent);
  EXPECT_FALSE(options.output);
  EXPECT_FALSE(options.interpreter);
  EXPECT_FALSE(options.verbose);
  EXPECT_TRUE(options.use_cache);
  EXPECT_TRUE(options.cut_network);
  EXPECT_TRUE(options.private_view);
  EXPECT_TRUE(options.observe);
  EXPECT_TRUE(options.run_as.empty());
  EXPECT_TRUE(options.run_uids.empty());
}

TEST(GradeOptions, TakesTheSubmissionAndTheReport) {
  const GradeOptions options =
      parse("ex2 work/ex2.py --repeat 7 --format JSON --view instructor -o report.json -v");
  EXPECT_EQ(options.exercise, "ex2");
  EXPECT_EQ(options.submission, "work/ex2.py");
  EXPECT_EQ(options.repeat, 7);
  EXPECT_EQ(options.format, Format::kJson);  // in any case
  EXPECT_EQ(options.view, report::View::kInstructor);
  EXPECT_EQ(options.output, "report.json");
  EXPECT_TRUE(options.verbose);
}

TEST(GradeOptions, EveryFormatHasItsName) {
  EXPECT_EQ(parse("ex1 --format text").format, Format::kText);
  EXPECT_EQ(parse("ex1 --format gradescope").format, Format::kGradescope);
  EXPECT_EQ(parse("ex1 --format junit").format, Format::kJunit);
  EXPECT_EQ(parse("ex1 --view Student").view, report::View::kStudent);
}

TEST(GradeOptions, TheNoFlagsTurnProtectionsAndTheCacheOff) {
  const GradeOptions options = parse(
      "ex1 --no-cache --allow-network --no-private-view --no-observe --run-as nobody "
      "--run-uids 70000-70009 --interpreter /opt/python3");
  EXPECT_FALSE(options.use_cache);
  EXPECT_FALSE(options.cut_network);
  EXPECT_FALSE(options.private_view);
  EXPECT_FALSE(options.observe);
  EXPECT_EQ(options.run_as, "nobody");
  EXPECT_EQ(options.run_uids, "70000-70009");
  EXPECT_EQ(options.interpreter, "/opt/python3");
}

TEST(GradeOptions, RefusesValuesOutOfRangeOrUnknown) {
  EXPECT_THROW(parse("ex1 --repeat 0"), CLI::ValidationError);
  EXPECT_THROW(parse("ex1 --repeat 1001"), CLI::ValidationError);
  EXPECT_EQ(parse("ex1 --repeat 1000").repeat, 1000);
  EXPECT_THROW(parse("ex1 --format xml"), CLI::ValidationError);
  EXPECT_THROW(parse("ex1 --view teacher"), CLI::ValidationError);
  EXPECT_THROW(parse("ex1 a.py extra.py"), CLI::ExtrasError);
}

}  // namespace
}  // namespace grade::cli

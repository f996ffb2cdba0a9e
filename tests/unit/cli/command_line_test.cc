#include "cli/command_line.h"

#include <string>

#include <CLI/CLI.hpp>

#include <gtest/gtest.h>

#include "cli_course.h"

namespace grade::cli {
namespace {

// An app with the top-level option --level and two subcommands, `one` (exit code 11) and `two`
// (exit code 22), whose command was `before` (exit code 7) before parsing.
class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.add_option("--level", level_);
    line_.command = [](const Context&) { return 7; };
    add_command(app_, line_, "one", "The first", [](const Context&) { return 11; });
    CLI::App* two = add_command(app_, line_, "two", "The second", [this](const Context&) {
      return 22 + static_cast<int>(two_value_.size());
    });
    two->add_option("value", two_value_);
  }

  int run(const std::string& args) {
    app_.parse(args, false);
    return line_.command(course_.context());
  }

  testing::CliCourse course_;
  CLI::App app_;
  CommandLine line_;
  int level_ = 0;
  std::string two_value_;
};

TEST_F(CommandLineTest, WithoutASubcommandTheCommandStaysAsItWas) {
  EXPECT_EQ(run("--level 3"), 7);
  EXPECT_EQ(level_, 3);
}

TEST_F(CommandLineTest, TheParsedSubcommandIsTheCommand) { EXPECT_EQ(run("one"), 11); }

TEST_F(CommandLineTest, ASubcommandHasItsOwnOptions) { EXPECT_EQ(run("two abc"), 25); }

TEST_F(CommandLineTest, TheTopLevelsOptionsMayFollowASubcommand) {
  EXPECT_EQ(run("two x --level 4"), 23);
  EXPECT_EQ(level_, 4);
}

TEST_F(CommandLineTest, DeclaringADescriptionShowsItInTheHelp) {
  const std::string help = app_.help();
  EXPECT_NE(help.find("The first"), std::string::npos) << help;
  EXPECT_NE(help.find("The second"), std::string::npos) << help;
}

}  // namespace
}  // namespace grade::cli

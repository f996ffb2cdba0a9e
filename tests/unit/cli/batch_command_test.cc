#include "cli/batch_command.h"

#include <string>

#include <CLI/CLI.hpp>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "run_command.h"
#include "util/error.h"

namespace grade::cli {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

BatchCommandOptions parse(const std::string& args) {
  return testing::parse_options(args, add_batch_options);
}

TEST(BatchCommandOptions, DefaultsGradeEverythingIntoOneGradebook) {
  const BatchCommandOptions options = parse("class");
  EXPECT_EQ(options.class_dir, "class");
  EXPECT_TRUE(options.exercises.empty());
  EXPECT_EQ(options.jobs, 0);
  EXPECT_FALSE(options.db);
  EXPECT_FALSE(options.force);
  EXPECT_EQ(options.shard, "");
  EXPECT_EQ(options.id_pattern, "");
}

TEST(BatchCommandOptions, TakesEveryOption) {
  const BatchCommandOptions options =
      parse("cls --exercises ex2,ex1 -j 4 --db b.sqlite --force --shard 2/8 --id-pattern (.*)_x");
  EXPECT_EQ(options.class_dir, "cls");
  EXPECT_EQ(options.exercises, (std::vector<std::string>{"ex2", "ex1"}));
  EXPECT_EQ(options.jobs, 4);
  EXPECT_EQ(options.db, "b.sqlite");
  EXPECT_TRUE(options.force);
  EXPECT_EQ(options.shard, "2/8");
  EXPECT_EQ(options.id_pattern, "(.*)_x");
}

TEST(BatchCommandOptions, NeedsAClassAndASensibleNumberOfJobs) {
  EXPECT_THROW(parse(""), CLI::RequiredError);
  EXPECT_THROW(parse("cls -j 0"), CLI::ValidationError);
  EXPECT_THROW(parse("cls -j 1025"), CLI::ValidationError);
}

class BatchCommandTest : public ::testing::Test {
 protected:
  std::string usage_error(const std::string& args) {
    return testing::error_of(
        [&] { (void)testing::run_command(course_.context(), args, add_batch_command); },
        ErrorKind::kUsage);
  }

  testing::CliCourse course_;
};

// Checked first: the class folder does not even exist.
TEST_F(BatchCommandTest, RefusesTheOptionsOfAReport) {
  for (const char* args :
       {"batch missing --format json", "batch missing -o r.txt", "batch missing --verbose",
        "batch missing --format junit", "batch missing --html r.html", "batch missing --timings"}) {
    EXPECT_TRUE(has(usage_error(args), "grade batch writes a gradebook, not a report")) << args;
  }
}

TEST_F(BatchCommandTest, RefusesABadShardBeforeReadingTheClass) {
  const std::string message = usage_error("batch missing --shard 3/2");
  EXPECT_TRUE(has(message, "--shard 3/2: K must be between 1 and N")) << message;
}

TEST_F(BatchCommandTest, AMissingClassFolderIsAUsageError) {
  const std::string message = usage_error("batch missing");
  EXPECT_TRUE(has(message, "cannot read the class folder " + (course_.work() / "missing").string()))
      << message;
}

TEST_F(BatchCommandTest, RefusesUnknownExercises) {
  std::filesystem::create_directories(course_.work() / "cls" / "s1");
  EXPECT_TRUE(has(usage_error("batch cls --exercises alpha,gamma"), "no exercise 'gamma'"));
}

TEST(BatchCommand, AShardHasAGradebookOfItsOwn) {
  EXPECT_EQ(default_gradebook(batch::Shard{}), "gradebook.sqlite");
  EXPECT_EQ(default_gradebook(batch::Shard{2, 8}), "gradebook-2-of-8.sqlite");
}

TEST(BatchCommand, SkippedFoldersAreNamedEscapedOnOneLine) {
  EXPECT_EQ(skipped_folders_message({}), "");
  const std::string message = skipped_folders_message({"notes", "evil\x1b[2J\nname"});
  EXPECT_EQ(message.rfind("skipped 2 folder(s) that --id-pattern does not match: notes, evil", 0),
            0U)
      << message;
  EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

}  // namespace
}  // namespace grade::cli

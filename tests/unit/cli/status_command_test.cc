#include "cli/status_command.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli/grade_command.h"
#include "cli/grade_history.h"
#include "cli_course.h"
#include "util/sha256.h"
#include "util/temp_dir.h"

namespace grade::cli {
namespace {

// 2 Dec 2026 10:14:00 UTC.
constexpr history::Time kMorning = 1796206440;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

StatusRow graded(const std::string& id, const std::string& verdict, int score,
                 const std::optional<history::VerdictChange>& change) {
  StatusRow row;
  row.exercise = id;
  row.file = id + ".py";
  row.candidates = 1;
  history::Entry entry;
  entry.last.time = kMorning;
  entry.last.file = row.file;
  entry.last.verdict = verdict;
  entry.last.score = score;
  entry.last.max_score = 15;
  entry.standing = verdict;
  entry.standing_since = change ? change->time : kMorning - 3600;
  entry.change = change;
  row.entry = entry;
  return row;
}

class StatusText : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);  // NOLINT(concurrency-mt-unsafe): before any thread
    ::tzset();                 // NOLINT(concurrency-mt-unsafe)
  }
};

TEST_F(StatusText, ATableOfEveryExerciseAndTheCountOfPasses) {
  std::vector<StatusRow> rows{
      graded("ex1", "passed", 15, history::VerdictChange{kMorning, "failed", "passed"}),
      graded("ex2", "failed", 3, std::nullopt), StatusRow{"ex3", "", 0, false, "", std::nullopt}};
  rows[1].changed = true;
  const std::string text = status_text(rows, kMorning + 5 * 60, 80);
  EXPECT_EQ(text,
            "exercise  file     last result   when       verdict\n"
            "ex1       ex1.py   passed 15/15  5 min ago  failed → passed 5 min ago\n"
            "ex2       ex2.py*  failed 3/15   5 min ago  failing since 09:14\n"
            "ex3       missing  not graded\n"
            "1 of 3 exercises passed.\n"
            "* edited since it was last graded: grade it again to see where it stands.\n");
}

TEST_F(StatusText, AVerdictThatDoesNotFitGoesOnALineOfItsOwn) {
  const std::vector<StatusRow> rows{
      graded("ex1", "passed", 15, history::VerdictChange{kMorning, "failed", "passed"})};
  const std::vector<std::string> lines = lines_of(status_text(rows, kMorning + 5 * 60, 50));
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[1], "ex1       ex1.py  passed 15/15  5 min ago");
  EXPECT_EQ(lines[2], "    failed → passed 5 min ago");
}

TEST_F(StatusText, SeveralFilesAndABrokenSpecAreSaid) {
  StatusRow several{"ex1", "", 2, false, "", std::nullopt};
  StatusRow broken{"ex2", "", 0, false, "ex2.yaml:1:1: bad", std::nullopt};
  const std::string text = status_text({several, broken}, kMorning, 80);
  EXPECT_NE(text.find("ex1       2 files  not graded"), std::string::npos) << text;
  EXPECT_NE(text.find("its spec does not load"), std::string::npos) << text;
  EXPECT_NE(text.find("0 of 2 exercises passed."), std::string::npos) << text;
}

// The test course of cli_course.h with a history in a cache of its own.
class StatusCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("XDG_CACHE_HOME", cache_.path().c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
  }
  void TearDown() override { ::unsetenv("XDG_CACHE_HOME"); }  // NOLINT(concurrency-mt-unsafe)

  void record(const std::string& exercise, const std::string& file, const std::string& sha) {
    history::Attempt attempt;
    attempt.time = history_now();
    attempt.file = file;
    attempt.sha256 = sha;
    attempt.verdict = "passed";
    attempt.score = attempt.max_score = 4;
    const auto store = history_store(GradeOptions{});
    ASSERT_TRUE(store);
    const Context ctx = course_.context();
    ASSERT_TRUE(store->record(history_key(ctx.course, course_.work(), exercise), attempt));
  }

  testing::CliCourse course_;
  TempDir cache_ = TempDir::create("grade-status-cache-").value();
};

TEST_F(StatusCommand, FindsTheFilesAndTheHistoryOfTheCurrentFolder) {
  const Context empty = course_.context();
  EXPECT_FALSE(status_worth_showing(empty, status_rows(empty, GradeOptions{})));
  std::ofstream(course_.work() / "alpha.py") << "print('Process ID: 1')\n";
  record("alpha", "alpha.py", sha256_file(course_.work() / "alpha.py").value());
  const Context ctx = course_.context();
  std::vector<StatusRow> rows = status_rows(ctx, GradeOptions{});
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].file, "alpha.py");
  ASSERT_TRUE(rows[0].entry);
  EXPECT_EQ(rows[0].entry->last.verdict, "passed");
  EXPECT_FALSE(rows[0].changed);
  EXPECT_EQ(rows[1].file, "");
  EXPECT_FALSE(rows[1].entry);
  EXPECT_TRUE(status_worth_showing(ctx, rows));

  std::ofstream(course_.work() / "alpha.py", std::ios::app) << "# edited\n";
  rows = status_rows(ctx, GradeOptions{});
  EXPECT_TRUE(rows[0].changed);
}

TEST_F(StatusCommand, InsideTheCoursesFolderTheStatusIsWorthShowing) {
  std::ostringstream out;
  std::ostringstream err;
  const Context outside = course_.context();
  EXPECT_FALSE(status_worth_showing(outside, status_rows(outside, GradeOptions{})));
  std::filesystem::create_directories(course_.root() / "mine");
  for (const auto& folder : {course_.root(), course_.root() / "mine"}) {
    const Context inside{spec::load_course(course_.root() / "course.yaml"), folder, out, err};
    EXPECT_TRUE(status_worth_showing(inside, status_rows(inside, GradeOptions{}))) << folder;
  }
}

TEST_F(StatusCommand, TheJsonHasEveryExercise) {
  record("beta", "beta.py", "ab");
  const Context ctx = course_.context();
  const auto document = nlohmann::json::parse(status_json(ctx, status_rows(ctx, GradeOptions{})));
  EXPECT_EQ(document["status_version"], 1);
  EXPECT_EQ(document["course"], "cli-test");
  EXPECT_EQ(document["passed"], 1);
  EXPECT_EQ(document["total"], 2);
  ASSERT_EQ(document["exercises"].size(), 2U);
  EXPECT_TRUE(document["exercises"][0]["last"].is_null());
  EXPECT_TRUE(document["exercises"][1]["file"].is_null());
  EXPECT_EQ(document["exercises"][1]["last"]["verdict"], "passed");
  EXPECT_EQ(document["exercises"][1]["standing"], "passed");
}

TEST_F(StatusCommand, GradeWithoutArgumentsShowsTheStatusWhereThereIsSomething) {
  std::ofstream(course_.work() / "beta.py") << "print('hi')\n";
  CLI::App app{"grade: a description", "grade"};
  CommandLine line;
  add_grade_command(app, line);
  app.parse("", false);
  EXPECT_EQ(line.command(course_.context()), 0);
  EXPECT_EQ(course_.err(), "");
  EXPECT_NE(course_.out().find("0 of 2 exercises passed."), std::string::npos) << course_.out();
  EXPECT_NE(course_.out().find("beta      beta.py  not graded"), std::string::npos)
      << course_.out();
}

}  // namespace
}  // namespace grade::cli

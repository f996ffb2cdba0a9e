#include "cli/history_store.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::cli::history {
namespace {

namespace fs = std::filesystem;

// A function, not a global: building one may throw.
Key key() { return {"course-a", "/home/student/work", "ex1"}; }

Attempt attempt(Time time, const std::string& verdict) {
  Attempt a;
  a.time = time;
  a.file = "ex1.py";
  a.sha256 = "ab";
  a.verdict = verdict;
  a.max_score = 3;
  a.score = verdict == "passed" ? 3 : 1;
  a.checks = {{"one", verdict == "passed" ? "pass" : "fail", false}};
  return a;
}

class HistoryStore : public ::testing::Test {
 protected:
  fs::path cache() const { return dir_.path() / "cache" / "grade"; }
  fs::path file() const { return cache() / "history" / "v1" / file_name(key()); }
  Store store() const { return Store(cache()); }

  TempDir dir_ = TempDir::create("grade-history-").value();
};

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST_F(HistoryStore, RecordsAndLoadsAnEntryPrivately) {
  EXPECT_FALSE(store().load(key()));
  const auto first = store().record(key(), attempt(100, "failed"));
  ASSERT_TRUE(first) << first.error();
  EXPECT_FALSE(*first);  // nothing before the first attempt
  const auto second = store().record(key(), attempt(200, "passed"));
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->last.time, 100);
  const std::optional<Entry> entry = store().load(key());
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->last.verdict, "passed");
  ASSERT_TRUE(entry->change);
  EXPECT_EQ(entry->change->from, "failed");
  EXPECT_EQ(mode_of(file()), 0600U);
  EXPECT_EQ(mode_of(file().parent_path()), 0700U);
  EXPECT_FALSE(store().load(Key{"course-a", "/home/student/work", "ex2"}));
}

TEST_F(HistoryStore, ADamagedFileIsIgnoredAndReplaced) {
  ASSERT_TRUE(store().record(key(), attempt(100, "failed")));
  std::ofstream(file(), std::ios::trunc) << "{\"format\": \"grade-hist";
  EXPECT_FALSE(store().load(key()));
  const auto again = store().record(key(), attempt(200, "passed"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);  // the damaged entry counts as no history
  const auto entry = store().load(key());
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->last.time, 200);
  EXPECT_FALSE(entry->change);
}

TEST_F(HistoryStore, AnEmptyFileAsACrashMayLeaveStartsANewHistory) {
  // Entries are not flushed to the disk: after a crash the renamed file may be empty.
  ASSERT_TRUE(store().record(key(), attempt(100, "failed")));
  std::ofstream(file(), std::ios::trunc).flush();
  EXPECT_FALSE(store().load(key()));
  const auto again = store().record(key(), attempt(200, "passed"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  ASSERT_TRUE(store().load(key()));
}

TEST_F(HistoryStore, AHugeFileOrALinkIsNeverRead) {
  ASSERT_TRUE(store().record(key(), attempt(100, "failed")));
  const std::string whole = [&] {
    std::ifstream in(file());
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  std::ofstream(file(), std::ios::app) << std::string(70 * 1024, ' ');  // valid JSON, too big
  EXPECT_FALSE(store().load(key()));
  const fs::path elsewhere = dir_.path() / "elsewhere.json";
  std::ofstream(elsewhere) << whole;
  fs::remove(file());
  fs::create_symlink(elsewhere, file());
  EXPECT_FALSE(store().load(key()));
  ASSERT_TRUE(store().record(key(), attempt(200, "failed")));  // the link is replaced, not followed
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(file())));
  std::ifstream in(elsewhere);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), whole);
}

TEST_F(HistoryStore, AHistoryFolderThatIsALinkIsNotUsed) {
  fs::create_directories(cache());
  fs::create_directories(dir_.path() / "other");
  fs::create_directory_symlink(dir_.path() / "other", cache() / "history");
  EXPECT_FALSE(store().record(key(), attempt(100, "failed")));
  EXPECT_TRUE(fs::is_empty(dir_.path() / "other"));
}

TEST_F(HistoryStore, ConcurrentGradingsEachSeeTheOneBefore) {
  constexpr int kThreads = 8;
  std::vector<std::optional<Entry>> before(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto got = store().record(key(), attempt(1000 + t, t % 2 == 0 ? "passed" : "failed"));
      if (got) {
        before[static_cast<std::size_t>(t)] = *got;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  // One grading came first and saw nothing; every other saw a different predecessor: none was
  // lost or seen twice.
  std::set<Time> seen;
  int firsts = 0;
  for (const auto& entry : before) {
    if (entry) {
      seen.insert(entry->last.time);
    } else {
      ++firsts;
    }
  }
  EXPECT_EQ(firsts, 1);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads - 1));
  const auto last = store().load(key());
  ASSERT_TRUE(last);
  EXPECT_EQ(seen.count(last->last.time), 0U);  // the last one written was nobody's predecessor
  EXPECT_FALSE(fs::exists(file().string() + ".tmp"));
}

TEST(HistoryStoreName, DependsOnEveryPartOfTheKey) {
  const std::string name = file_name(key());
  EXPECT_EQ(name.size(), 32U + 5U);
  EXPECT_NE(name, file_name(Key{"course-b", key().folder, key().exercise}));
  EXPECT_NE(name, file_name(Key{key().course, "/home/other", key().exercise}));
  EXPECT_NE(name, file_name(Key{key().course, key().folder, "ex2"}));
  EXPECT_NE(file_name(Key{"ab", "c", "d"}), file_name(Key{"a", "bc", "d"}));
}

}  // namespace
}  // namespace grade::cli::history

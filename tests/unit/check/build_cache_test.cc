#include "check/build_cache.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::check {
namespace {

constexpr std::string_view kSha =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

class BuildCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(tool_) << "#!/bin/sh\n"; }

  std::filesystem::path cache_dir() const { return dir_.path() / "cache"; }
  std::string key(const std::vector<std::string>& argv = {"python3", "-m", "py_compile"},
                  const std::string& sha = std::string(kSha)) const {
    return BuildCache::key(argv, sha, tool_);
  }

  const TempDir dir_ = TempDir::create("grade-build-cache-").value();
  const std::filesystem::path tool_ = dir_.path() / "python3";
};

TEST_F(BuildCacheTest, TheSameInputsGiveTheSameKey) {
  EXPECT_EQ(key(), key());
  EXPECT_FALSE(key().empty());
}

TEST_F(BuildCacheTest, TheKeyChangesWithTheCommandAndTheSubmission) {
  EXPECT_NE(key({"python3", "-m", "py_compile"}), key({"python3", "-m", "compileall"}));
  EXPECT_NE(key(), key({"python3", "-m", "py_compile"}, std::string(64, 'b')));
  // Argument boundaries count: "ab c" is not "a bc".
  EXPECT_NE(key({"ab", "c"}), key({"a", "bc"}));
  EXPECT_NE(key({"a"}), key({"a", ""}));
}

TEST_F(BuildCacheTest, TheKeyChangesWhenTheToolIsReplaced) {
  const std::string before = key();
  // Same size, other mtime: an upgrade in place.
  std::filesystem::last_write_time(tool_,
                                   std::filesystem::last_write_time(tool_) - std::chrono::hours(1));
  const std::string older = key();
  EXPECT_NE(before, older);
  // Other size.
  std::ofstream(tool_, std::ios::app) << "# more\n";
  std::filesystem::last_write_time(tool_,
                                   std::filesystem::last_write_time(tool_) - std::chrono::hours(1));
  EXPECT_NE(key(), older);
  EXPECT_NE(key(), before);
}

TEST_F(BuildCacheTest, AMissingToolStillGivesAKeyOfItsOwn) {
  const std::string with_tool = key();
  std::filesystem::remove(tool_);
  const std::string without = key();
  EXPECT_FALSE(without.empty());
  EXPECT_NE(without, with_tool);
}

TEST_F(BuildCacheTest, RemembersSuccessesByKey) {
  const BuildCache cache(cache_dir());
  EXPECT_FALSE(cache.succeeded_before(key()));
  cache.remember_success(key());
  EXPECT_TRUE(cache.succeeded_before(key()));
  EXPECT_FALSE(cache.succeeded_before(key({"python3", "other.py"})));
}

TEST_F(BuildCacheTest, WhatIsRememberedOutlivesTheCacheObject) {
  BuildCache(cache_dir()).remember_success(key());
  EXPECT_TRUE(BuildCache(cache_dir()).succeeded_before(key()));
  EXPECT_FALSE(BuildCache(dir_.path() / "other-cache").succeeded_before(key()));
}

TEST_F(BuildCacheTest, RememberingTwiceIsHarmless) {
  const BuildCache cache(cache_dir());
  cache.remember_success(key());
  cache.remember_success(key());
  EXPECT_TRUE(cache.succeeded_before(key()));
}

TEST_F(BuildCacheTest, AnEmptyFolderMeansACacheThatRemembersNothing) {
  const BuildCache cache{std::filesystem::path()};
  cache.remember_success(key());
  EXPECT_FALSE(cache.succeeded_before(key()));
}

TEST_F(BuildCacheTest, ACacheThatCannotBeWrittenIsOnlySlower) {
  // The cache folder is a file: nothing can be made inside, and nothing throws.
  const std::filesystem::path blocked = dir_.path() / "blocked";
  std::ofstream(blocked) << "not a folder";
  const BuildCache cache(blocked);
  EXPECT_NO_THROW(cache.remember_success(key()));
  EXPECT_FALSE(cache.succeeded_before(key()));
}

}  // namespace
}  // namespace grade::check

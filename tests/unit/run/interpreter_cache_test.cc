#include "run/interpreter_cache.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::run {
namespace {

class InterpreterCacheTest : public ::testing::Test {
 protected:
  std::filesystem::path cache_dir() const { return dir_.path() / "cache"; }

  // The files in the cache folder.
  std::vector<std::filesystem::path> entries() const {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(cache_dir(), ec)) {
      files.push_back(entry.path());
    }
    return files;
  }

  // An executable file in the test's folder, standing in for an interpreter.
  std::filesystem::path make_program(const std::string& name) const {
    std::filesystem::path path = dir_.path() / name;
    std::ofstream(path) << "#!/bin/sh\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
  }

  const TempDir dir_ = TempDir::create("grade-interpreter-cache-").value();
};

TEST_F(InterpreterCacheTest, AnEmptyCacheKnowsNothing) {
  const InterpreterCache cache(cache_dir());
  EXPECT_FALSE(cache.lookup("python3 /usr/bin").has_value());
  EXPECT_FALSE(std::filesystem::exists(cache_dir()));  // made on the first store only
}

TEST_F(InterpreterCacheTest, GivesBackWhatWasStoredUnderTheSameKey) {
  const std::filesystem::path python = make_program("python3.11");
  InterpreterCache(cache_dir()).store("python3 PATH=/a:/b", python);
  // Another cache object on the same folder: a later grading.
  const InterpreterCache cache(cache_dir());
  EXPECT_EQ(cache.lookup("python3 PATH=/a:/b"), python);
  EXPECT_FALSE(cache.lookup("python3 PATH=/a").has_value());
  EXPECT_FALSE(cache.lookup("").has_value());
}

TEST_F(InterpreterCacheTest, AStoreReplacesTheEntryAndLeavesNoTemporaryFile) {
  const InterpreterCache cache(cache_dir());
  cache.store("key", make_program("old"));
  const std::filesystem::path newer = make_program("new");
  cache.store("key", newer);
  EXPECT_EQ(cache.lookup("key"), newer);
  EXPECT_EQ(entries().size(), 1U);
}

TEST_F(InterpreterCacheTest, AnInterpreterThatIsGoneOrNotExecutableIsNotGivenBack) {
  const InterpreterCache cache(cache_dir());
  const std::filesystem::path removed = make_program("removed");
  cache.store("removed", removed);
  std::filesystem::remove(removed);
  EXPECT_FALSE(cache.lookup("removed").has_value());

  const std::filesystem::path plain = make_program("plain");
  std::filesystem::permissions(plain, std::filesystem::perms::owner_read);
  cache.store("plain", plain);
  EXPECT_FALSE(cache.lookup("plain").has_value());

  cache.store("relative", "bin/python3");
  EXPECT_FALSE(cache.lookup("relative").has_value());
}

TEST_F(InterpreterCacheTest, AnEntryForAnotherKeyIsNotTakenForThisOne) {
  // As after a hash collision: the entry's file is where this key's would be, but it records
  // another key.
  const InterpreterCache cache(cache_dir());
  const std::filesystem::path python = make_program("python3");
  cache.store("mine", python);
  ASSERT_EQ(entries().size(), 1U);
  std::ofstream(entries().front(), std::ios::trunc) << python.string() << "\nsomeone else's";
  EXPECT_FALSE(cache.lookup("mine").has_value());
  // And a damaged entry without the key line.
  std::ofstream(entries().front(), std::ios::trunc) << python.string();
  EXPECT_FALSE(cache.lookup("mine").has_value());
}

TEST_F(InterpreterCacheTest, KeysMayHoldAnyBytes) {
  const InterpreterCache cache(cache_dir());
  const std::filesystem::path python = make_program("python3");
  const std::string key = std::string("a\nb\0c/../d", 10);
  cache.store(key, python);
  EXPECT_EQ(cache.lookup(key), python);
  EXPECT_FALSE(cache.lookup("a\nb").has_value());
}

TEST_F(InterpreterCacheTest, APathWithANewlineIsNotStored) {
  const InterpreterCache cache(cache_dir());
  cache.store("key", dir_.path() / "two\nlines");
  EXPECT_FALSE(cache.lookup("key").has_value());
  EXPECT_TRUE(entries().empty());
}

TEST_F(InterpreterCacheTest, AnEmptyFolderDisablesTheCache) {
  const InterpreterCache cache{std::filesystem::path()};
  cache.store("key", make_program("python3"));
  EXPECT_FALSE(cache.lookup("key").has_value());
}

TEST_F(InterpreterCacheTest, ACacheThatCannotBeWrittenIsNotAnError) {
  const std::filesystem::path blocked = dir_.path() / "blocked";
  std::ofstream(blocked) << "a file, not a folder";
  const InterpreterCache cache(blocked / "cache");
  EXPECT_NO_THROW(cache.store("key", make_program("python3")));
  EXPECT_FALSE(cache.lookup("key").has_value());
}

}  // namespace
}  // namespace grade::run

// TempDir: a fresh private folder, removed with everything in it.
#include "util/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <utility>

#include <gtest/gtest.h>

namespace grade {
namespace {

namespace fs = std::filesystem;

TEST(TempDirTest, FreshPrivateAndRemovedWithItsContent) {
  fs::path kept;
  {
    auto dir = TempDir::create("grade-test-");
    ASSERT_TRUE(dir) << dir.error();
    kept = dir->path();
    EXPECT_TRUE(fs::is_directory(kept));
    EXPECT_EQ(kept.filename().string().rfind("grade-test-", 0), 0U);
    EXPECT_EQ(fs::status(kept).permissions() & (fs::perms::group_all | fs::perms::others_all),
              fs::perms::none);
    fs::create_directories(kept / "a" / "b");
    std::ofstream(kept / "a" / "b" / "file") << "x";
    auto other = TempDir::create("grade-test-");
    ASSERT_TRUE(other);
    EXPECT_NE(other->path(), kept);
  }
  EXPECT_FALSE(fs::exists(kept));
}

TEST(TempDirTest, AMovedFolderIsRemovedOnceByItsNewOwner) {
  auto dir = TempDir::create("grade-test-");
  ASSERT_TRUE(dir);
  const fs::path path = dir->path();
  {
    TempDir owner = std::move(*dir);
    EXPECT_EQ(owner.path(), path);
    EXPECT_TRUE(dir->path().empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  }
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace grade

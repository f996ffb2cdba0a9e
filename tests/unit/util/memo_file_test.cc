// Answers kept on disk between gradings (util/memo_file.h).
#include "util/memo_file.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade {
namespace {

TEST(MemoFileTest, WhatIsWrittenIsReadBackWhole) {
  auto dir = TempDir::create("grade-test-memo-");
  ASSERT_TRUE(dir) << dir.error();
  const auto path = dir->path() / "made" / "on" / "demand";
  write_memo_file(path, std::string("line\n\0binary", 12));
  EXPECT_EQ(read_memo_file(path, 64), std::string("line\n\0binary", 12));
  write_memo_file(path, "replaced");
  EXPECT_EQ(read_memo_file(path, 64), "replaced");
  EXPECT_EQ(std::filesystem::status(path).permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path.parent_path()),
                          std::filesystem::directory_iterator()),
            1)
      << "no temporary file left";
}

TEST(MemoFileTest, OnlyAPlainFileOfOursWithinTheLimitIsRead) {
  auto dir = TempDir::create("grade-test-memo-");
  ASSERT_TRUE(dir) << dir.error();
  const auto path = dir->path() / "memo";
  EXPECT_FALSE(read_memo_file(path, 64)) << "missing";
  write_memo_file(path, "0123456789");
  EXPECT_FALSE(read_memo_file(path, 9)) << "over the limit";
  EXPECT_EQ(read_memo_file(path, 10), "0123456789");
  std::filesystem::create_symlink(path, dir->path() / "link");
  EXPECT_FALSE(read_memo_file(dir->path() / "link", 64)) << "never through a link";
  EXPECT_FALSE(read_memo_file(dir->path(), 64)) << "a folder";
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
    EXPECT_FALSE(read_memo_file(path, 64)) << "another user's";
  }
}

}  // namespace
}  // namespace grade

#include "util/untrusted_file.h"

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade {
namespace {

namespace fs = std::filesystem;

class UntrustedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::create("grade-untrusted-");
    ASSERT_TRUE(dir) << dir.error();
    dir_.emplace(std::move(*dir));
    fs::create_directories(root() / "alice");
    fs::create_directories(root() / "mallory");
    std::ofstream(root() / "alice" / "ex1.py") << "print('alice')\n";
  }
  fs::path root() const { return dir_->path(); }

  std::optional<TempDir> dir_;
};

TEST_F(UntrustedFileTest, ReadsARegularFile) {
  auto read = read_untrusted(root() / "alice" / "ex1.py", 1024);
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->content, "print('alice')\n");
  EXPECT_TRUE(read->refused.empty());
  auto beneath = read_untrusted(root() / "alice" / "ex1.py", 1024, root());
  ASSERT_TRUE(beneath) << beneath.error();
  EXPECT_EQ(beneath->content, "print('alice')\n");
}

TEST_F(UntrustedFileTest, ALinkIsRefusedNotFollowed) {
  fs::create_symlink(root() / "alice" / "ex1.py", root() / "mallory" / "ex1.py");
  auto read = read_untrusted(root() / "mallory" / "ex1.py", 1024);
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->refused, "is a symbolic link (or lies behind one)");
  EXPECT_TRUE(read->content.empty());
}

TEST_F(UntrustedFileTest, BeneathTheClassNoFolderOnTheWayMayBeALink) {
  fs::create_directory_symlink(root() / "alice", root() / "eve");
  // Alone, only the last component is checked: the folder link is the student's own business.
  auto alone = read_untrusted(root() / "eve" / "ex1.py", 1024);
  ASSERT_TRUE(alone) << alone.error();
  EXPECT_TRUE(alone->refused.empty());
  auto in_class = read_untrusted(root() / "eve" / "ex1.py", 1024, root());
  ASSERT_TRUE(in_class) << in_class.error();
  EXPECT_EQ(in_class->refused, "is a symbolic link (or lies behind one)");
  EXPECT_FALSE(read_untrusted(root() / ".." / "x.py", 1024, root()));
}

TEST_F(UntrustedFileTest, SpecialAndLargeFilesAreRefusedWithoutHanging) {
  ASSERT_EQ(::mkfifo((root() / "mallory" / "ex2.py").c_str(), 0644), 0);
  auto fifo = read_untrusted(root() / "mallory" / "ex2.py", 1024);
  ASSERT_TRUE(fifo) << fifo.error();
  EXPECT_EQ(fifo->refused, "is not a regular file");
  auto large = read_untrusted(root() / "alice" / "ex1.py", 4);
  ASSERT_TRUE(large) << large.error();
  EXPECT_EQ(large->refused, "is larger than 4 bytes");
  EXPECT_FALSE(read_untrusted(root() / "nobody" / "ex1.py", 1024)) << "missing: the caller's";
}

}  // namespace
}  // namespace grade

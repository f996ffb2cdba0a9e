#include "util/private_file.h"

#include <fstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/fd.h"
#include "util/temp_dir.h"

namespace grade {
namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class PrivateFileTest : public ::testing::Test {
 protected:
  // What most accounts have: new files readable by everyone unless a program says otherwise.
  PrivateFileTest() : old_umask_(::umask(022)) {}
  ~PrivateFileTest() override { ::umask(old_umask_); }
  std::filesystem::path file(const std::string& name) const { return dir_.path() / name; }

 private:
  mode_t old_umask_;
  TempDir dir_ = TempDir::create("grade-private-").value();
};

TEST_F(PrivateFileTest, AMissingFileIsCreatedForItsOwnerAloneWhateverTheUmask) {
  const auto made = make_private_file(file("grades.csv"), PrivateFileCreate::kIfMissing);
  ASSERT_TRUE(made.has_value()) << made.error();
  EXPECT_FALSE(made->has_value()) << "nothing was changed, it was created so";
  EXPECT_EQ(mode_of(file("grades.csv")), 0600U);
}

TEST_F(PrivateFileTest, AnExistingFileLosesWhatItsGroupAndOthersMayDo) {
  std::ofstream(file("book")) << "grades";
  ASSERT_EQ(::chmod(file("book").c_str(), 0764), 0);
  const auto made = make_private_file(file("book"), PrivateFileCreate::kNever);
  ASSERT_TRUE(made.has_value()) << made.error();
  EXPECT_EQ(made->value_or(0), 0764U) << "the mode it had";
  EXPECT_EQ(mode_of(file("book")), 0700U) << "the owner's permissions are kept";
  std::ifstream in(file("book"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "grades") << "not truncated";

  const auto again = make_private_file(file("book"), PrivateFileCreate::kNever);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value()) << "private already";
}

TEST_F(PrivateFileTest, AMissingFileIsLeftMissingWhenNotToBeCreated) {
  const auto made = make_private_file(file("book-wal"), PrivateFileCreate::kNever);
  ASSERT_TRUE(made.has_value()) << made.error();
  EXPECT_FALSE(made->has_value());
  EXPECT_FALSE(std::filesystem::exists(file("book-wal")));
}

TEST_F(PrivateFileTest, WhatIsNotARegularFileKeepsItsMode) {
  // As -o /dev/stdout would be: a pipe is written to, never chmod-ed.
  ASSERT_EQ(::mkfifo(file("pipe").c_str(), 0644), 0);
  const Fd reader(::open(file("pipe").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  ASSERT_TRUE(reader.valid());
  const auto made = make_private_file(file("pipe"), PrivateFileCreate::kIfMissing);
  ASSERT_TRUE(made.has_value()) << made.error();
  EXPECT_FALSE(made->has_value());
  EXPECT_EQ(mode_of(file("pipe")), 0644U);
}

TEST_F(PrivateFileTest, AFileThatCannotBeCreatedIsAnError) {
  const auto made = make_private_file(file("no/such/folder"), PrivateFileCreate::kIfMissing);
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().find("no/such/folder"), std::string::npos) << made.error();
  EXPECT_NE(made.error().find("ENOENT"), std::string::npos) << made.error();
}

TEST_F(PrivateFileTest, AnotherUsersFileIsRefused) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root may change any file";
  }
  const auto made = make_private_file("/etc/passwd", PrivateFileCreate::kNever);
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().find("belongs to another user"), std::string::npos) << made.error();
}

}  // namespace
}  // namespace grade

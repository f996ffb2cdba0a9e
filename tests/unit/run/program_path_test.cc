#include "run/program_path.h"

#include <fstream>

#include <gtest/gtest.h>

#include "run_test_support.h"
#include "util/temp_dir.h"

namespace grade::run {
namespace {

namespace fs = std::filesystem;

TEST(ProgramPathTest, NamesAreLookedUpOnAbsolutePathEntriesOnly) {
  EXPECT_EQ(find_on_path("sh", "relative:/bin"), fs::path("/bin/sh"));
  EXPECT_TRUE(find_on_path("sh", "bin::relative").empty());
  const auto found = resolve_program("sh", "/nonexistent:/bin", "/");
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(*found, fs::path("/bin/sh"));
}

TEST(ProgramPathTest, MissingNameSaysWhereItLooked) {
  const auto found = resolve_program("no-such-program-for-grade", "/usr/bin:/bin", "/");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error(), "\"no-such-program-for-grade\" was not found on PATH (/usr/bin:/bin)");
}

TEST(ProgramPathTest, PathsWithSlashAreTakenAgainstTheWorkingDirectory) {
  EXPECT_EQ(*resolve_program("bin/tool", "/usr/bin", "/work"), fs::path("/work/bin/tool"));
  EXPECT_EQ(*resolve_program("/opt/tool", "/usr/bin", "/work"), fs::path("/opt/tool"));
}

TEST(ProgramPathTest, ExecutableFileMustBeAbsoluteRegularAndExecutable) {
  auto dir = TempDir::create("grade-program-path-test-");
  ASSERT_TRUE(dir) << dir.error();
  const fs::path data = dir->path() / "data.txt";
  std::ofstream(data) << "hello\n";
  fs::permissions(data, fs::perms::owner_read | fs::perms::owner_write);
  const fs::path link = dir->path() / "python-link";
  fs::create_symlink(testing::kPython, link);

  EXPECT_TRUE(is_absolute_executable_file(testing::kPython));
  EXPECT_TRUE(is_absolute_executable_file(link)) << "symlinks are followed";
  EXPECT_FALSE(is_absolute_executable_file("bin/sh")) << "relative";
  EXPECT_FALSE(is_absolute_executable_file(dir->path())) << "a directory";
  EXPECT_FALSE(is_absolute_executable_file(data)) << "not executable";
  EXPECT_FALSE(is_absolute_executable_file(dir->path() / "missing"));
}

}  // namespace
}  // namespace grade::run

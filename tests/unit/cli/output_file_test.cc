#include "cli/output_file.h"

#include <string>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "util/error.h"
#include "util/temp_dir.h"

namespace grade::cli {
namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(OutputFile, IsWrittenForItsOwnerAloneAndReplacesAnEarlierFile) {
  const mode_t old_umask = ::umask(022);
  const TempDir dir = TempDir::create("grade-output-").value();
  const std::filesystem::path path = dir.path() / "grades.csv";
  {
    std::ofstream earlier(path);
    earlier << "an earlier, longer export\n";
  }
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  {
    std::ofstream out = open_output_file(path);
    out << "new\n";
  }
  ::umask(old_umask);
  EXPECT_EQ(mode_of(path), 0600U);
  std::ifstream in(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "new\n");
}

TEST(OutputFile, AFileThatCannotBeMadeIsAnErrorNamingIt) {
  try {
    (void)open_output_file("/nonexistent-folder/grades.csv");
    FAIL() << "opened a file in a missing folder";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInternal);
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/grades.csv"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace grade::cli

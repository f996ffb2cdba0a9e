#include "check/artifact.h"

#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::check {
namespace {

namespace fs = std::filesystem;

class ArtifactTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& content, bool executable = false) {
    std::ofstream(dir_.path() / name) << content;
    fs::permissions(dir_.path() / name, executable ? fs::perms(0755) : fs::perms(0644));
  }

  Expected<Artifacts> collect(const std::optional<std::vector<std::string>>& names,
                              std::size_t max_bytes = 1 << 20) {
    return collect_artifacts(dir_.path(), names, "ex1.cpp", max_bytes);
  }

  TempDir dir_ = TempDir::create("grade-test-").value();
};

TEST_F(ArtifactTest, NamedFilesAreReadWithTheirExecutableBit) {
  write("ex1.cpp", "source");
  write("ex1", "program", true);
  write("ex1.o", "object");
  auto got = collect(std::vector<std::string>{"ex1"});
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->size(), 1U);
  EXPECT_EQ((*got)[0].name, "ex1");
  EXPECT_EQ((*got)[0].content, "program");
  EXPECT_TRUE((*got)[0].executable);
}

TEST_F(ArtifactTest, WithoutNamesEveryFileButTheSubmissionIsKept) {
  write("ex1.cpp", "source");
  write("b", "bee");
  write("a", "ay", true);
  fs::create_directory(dir_.path() / "sub");
  auto got = collect(std::nullopt);
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->size(), 2U);
  EXPECT_EQ((*got)[0].name, "a");
  EXPECT_TRUE((*got)[0].executable);
  EXPECT_EQ((*got)[1].name, "b");
  EXPECT_FALSE((*got)[1].executable);
}

TEST_F(ArtifactTest, AMissingProgramIsTheBuildsFailure) {
  auto got = collect(std::vector<std::string>{"ex1"});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), "the build did not make ex1");
}

TEST_F(ArtifactTest, ALinkLeftByTheBuildIsRefusedNotFollowed) {
  ASSERT_EQ(::symlink("/etc/passwd", (dir_.path() / "ex1").c_str()), 0);
  auto got = collect(std::vector<std::string>{"ex1"});
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("symbolic link"), std::string::npos) << got.error();
}

TEST_F(ArtifactTest, AFifoDoesNotHangTheGrader) {
  ASSERT_EQ(::mkfifo((dir_.path() / "ex1").c_str(), 0644), 0);
  auto got = collect(std::vector<std::string>{"ex1"});
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("not a regular file"), std::string::npos) << got.error();
}

TEST_F(ArtifactTest, AProgramLargerThanTheCapIsRefused) {
  write("ex1", std::string(2048, 'x'), true);
  auto got = collect(std::vector<std::string>{"ex1"}, 1024);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("larger than"), std::string::npos) << got.error();
}

TEST_F(ArtifactTest, TooManyFilesMustBeNamed) {
  for (std::size_t i = 0; i <= kMaxArtifacts; ++i) {
    write("f" + std::to_string(i), "x");
  }
  auto got = collect(std::nullopt);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("artifacts"), std::string::npos) << got.error();
}

TEST_F(ArtifactTest, PlacedFilesKeepContentAndMode) {
  const TempDir run = TempDir::create("grade-test-").value();
  ASSERT_TRUE(place_artifacts(run.path(), {{"ex1", true, "program"}, {"data", false, "d"}}));
  std::ifstream in(run.path() / "ex1");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "program");
  struct stat info {};
  ASSERT_EQ(::stat((run.path() / "ex1").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0755U);
  ASSERT_EQ(::stat((run.path() / "data").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644U);
}

}  // namespace
}  // namespace grade::check

#include "run/tool_identity.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::run {
namespace {

namespace fs = std::filesystem;

class ToolIdentityTest : public ::testing::Test {
 protected:
  fs::path copy_of(const fs::path& program, const std::string& name) const {
    fs::path copy = dir_.path() / name;
    fs::copy_file(program, copy, fs::copy_options::overwrite_existing);
    return copy;
  }

  // A shell script standing in for a compiler; each run leaves a line in `runs_`.
  fs::path script(const std::string& name, const std::string& body) const {
    fs::path path = dir_.path() / name;
    std::ofstream(path) << "#!/bin/sh\necho ran >> '" << runs_.string() << "'\n" << body;
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }

  std::size_t runs() const {
    std::ifstream in(runs_);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  static void move_mtime(const fs::path& file, std::chrono::hours by) {
    fs::last_write_time(file, fs::last_write_time(file) + by);
  }

  const TempDir dir_ = TempDir::create("grade-tool-identity-").value();
  const fs::path runs_ = dir_.path() / "runs";
};

TEST_F(ToolIdentityTest, IsStableBetweenCalls) {
  const fs::path tool = copy_of("/bin/true", "cc");
  const std::string first = tool_identity(tool);
  EXPECT_NE(first.find(fs::canonical(tool).string()), std::string::npos) << first;
  EXPECT_EQ(tool_identity(tool), first);
}

TEST_F(ToolIdentityTest, ChangesWhenTheToolIsTouched) {
  const fs::path tool = copy_of("/bin/true", "cc");
  const std::string before = tool_identity(tool);
  move_mtime(tool, std::chrono::hours(-1));
  EXPECT_NE(tool_identity(tool), before);
}

TEST_F(ToolIdentityTest, ChangesWhenTheToolIsReplaced) {
  const fs::path tool = copy_of("/bin/true", "cc");
  const auto mtime = fs::last_write_time(tool);
  const std::string before = tool_identity(tool);
  fs::remove(tool);
  copy_of("/bin/false", "cc");
  fs::last_write_time(tool, mtime);  // an upgrade that keeps the old mtime
  EXPECT_NE(tool_identity(tool), before);
}

TEST_F(ToolIdentityTest, ALinkIsTheToolItLeadsTo) {
  const fs::path tool = copy_of("/bin/true", "gcc-12");
  fs::create_symlink(tool, dir_.path() / "gcc");
  EXPECT_EQ(tool_identity(dir_.path() / "gcc"), tool_identity(tool));
}

TEST_F(ToolIdentityTest, NamesTheFirstLineOfTheVersion) {
  const fs::path tool = script("cc", "echo; echo 'cc (Example) 12.2.0'; echo 'Copyright'\n");
  const std::string identity = tool_identity(tool);
  EXPECT_NE(identity.find("cc (Example) 12.2.0"), std::string::npos) << identity;
  EXPECT_EQ(identity.find("Copyright"), std::string::npos) << identity;
}

TEST_F(ToolIdentityTest, AsksTheToolOncePerStateOfItsFile) {
  const fs::path tool = script("cc", "echo 'cc 1'\n");
  const std::string first = tool_identity(tool);
  EXPECT_EQ(tool_identity(tool), first);
  EXPECT_EQ(runs(), 1U);
  move_mtime(tool, std::chrono::hours(-2));
  EXPECT_NE(tool_identity(tool), first);
  EXPECT_EQ(runs(), 2U);
}

// In a forked process, whose memory of answers is the test's (which never asked for `tool`).
std::string identity_in_child(const fs::path& tool, const fs::path& memo_dir) {
  std::array<int, 2> pipe{};
  if (::pipe(pipe.data()) != 0) {
    return "pipe failed";
  }
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe[0]);
    const std::string identity = tool_identity(tool, memo_dir);
    (void)!::write(pipe[1], identity.data(), identity.size());
    ::_exit(0);
  }
  ::close(pipe[1]);
  std::string text;
  std::array<char, 4096> buffer{};
  for (ssize_t got = 0; (got = ::read(pipe[0], buffer.data(), buffer.size())) > 0;) {
    text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(pipe[0]);
  (void)::waitpid(child, nullptr, 0);
  return text;
}

TEST_F(ToolIdentityTest, ALaterGraderTakesTheAnswerFromTheMemoFolder) {
  const fs::path tool = script("cc", "echo 'cc 1'\n");
  const fs::path memo = dir_.path() / "cache";
  const std::string first = identity_in_child(tool, memo);
  EXPECT_NE(first.find("cc 1"), std::string::npos) << first;
  EXPECT_EQ(identity_in_child(tool, memo), first);
  EXPECT_EQ(runs(), 1U);  // the second process did not start the tool
  move_mtime(tool, std::chrono::hours(-2));
  EXPECT_NE(identity_in_child(tool, memo), first);
  EXPECT_EQ(runs(), 2U);  // a changed tool is asked again
  EXPECT_NE(identity_in_child(tool, {}), first);
  EXPECT_EQ(runs(), 3U);  // without a folder, every process asks
}

TEST_F(ToolIdentityTest, AToolThatCannotTellGivesTheRestAlone) {
  const fs::path tool = script("cc", "echo 'no such option' >&2; exit 1\n");
  const std::string identity = tool_identity(tool);
  EXPECT_NE(identity.find(fs::canonical(tool).string()), std::string::npos) << identity;
  EXPECT_EQ(identity.find("no such option"), std::string::npos) << identity;
  EXPECT_EQ(runs(), 1U);
}

TEST_F(ToolIdentityTest, AMissingToolHasAnIdentityOfItsOwn) {
  const fs::path tool = copy_of("/bin/true", "cc");
  const std::string present = tool_identity(tool);
  fs::remove(tool);
  const std::string missing = tool_identity(tool);
  EXPECT_NE(missing.find(tool.string()), std::string::npos) << missing;
  EXPECT_NE(missing, present);
}

}  // namespace
}  // namespace grade::run

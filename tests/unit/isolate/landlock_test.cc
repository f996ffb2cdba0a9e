#include "isolate/landlock.h"

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"
#include "util/wait.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// What a child in a Landlock domain of its own could do, as bits of its exit status.
constexpr int kRenameIntoFolder = 1;
constexpr int kSignalOutside = 2;
constexpr int kEntered = 4;

int in_domain(const fs::path& dir) {
  const std::string from = (dir / "a").string();
  const std::string into = (dir / "sub" / "a").string();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    int found = 0;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == 0 &&
        enter_landlock_domain(landlock_abi())) {
      found |= kEntered;
    }
    found |= ::rename(from.c_str(), into.c_str()) == 0 ? kRenameIntoFolder : 0;
    found |= ::kill(parent, 0) == 0 ? kSignalOutside : 0;
    ::_exit(found);
  }
  int status = 0;
  (void)wait_for_pid(pid, &status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(LandlockTest, ARunKeepsItsFilesButNotOtherProcesses) {
  if (landlock_abi() == 0) {
    GTEST_SKIP() << "Landlock (ABI 2 or later) is not enabled in this kernel";
  }
  auto dir = TempDir::create("grade-landlock-");
  ASSERT_TRUE(dir) << dir.error();
  fs::create_directory(dir->path() / "sub");
  std::ofstream(dir->path() / "a") << "x";
  const int found = in_domain(dir->path());
  ASSERT_NE(found & kEntered, 0);
  // Every ruleset forbids moving a file into another folder unless a rule allows it.
  EXPECT_NE(found & kRenameIntoFolder, 0) << "write-then-rename into a sub-folder must work";
  if (landlock_abi() >= 6) {
    EXPECT_EQ(found & kSignalOutside, 0) << "the grader is outside the run's domain";
  }
}

}  // namespace
}  // namespace grade::isolate

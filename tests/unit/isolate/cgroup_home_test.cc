// Where run cgroups are made, read from fake cgroup trees (v1 as on a machine that mounts
// memory and pids as v1 hierarchies, v2 delegated or not, shared with other processes or not).
#include "isolate/cgroup_home.h"

#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/cgroup.h"
#include "isolate/fake_cgroup_tree.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

using namespace testing;  // NOLINT(google-build-using-namespace)

// ---- cgroup v1

TEST_F(FakeTree, V1FindsTheGradersNestedMemoryCgroupAndThePidsRoot) {
  const fs::path memory = at("/sys/fs/cgroup/memory/process_api/a24a");
  write(memory / "memory.memsw.limit_in_bytes", "9223372036854771712\n");
  fs::create_directories(at("/sys/fs/cgroup/pids"));

  const CgroupHome home = find_cgroup_home(sources(kV1Cgroup, kV1Mountinfo));
  ASSERT_TRUE(home.memory) << home.problem;
  ASSERT_TRUE(home.pids) << home.problem;
  EXPECT_EQ(home.memory->dir, memory);
  EXPECT_FALSE(home.memory->v2);
  EXPECT_EQ(home.pids->dir, at("/sys/fs/cgroup/pids"));
  EXPECT_TRUE(home.memsw);
  EXPECT_EQ(home.problem, "");
  EXPECT_EQ(home.totals().describe(), "memory and tasks per run (cgroup v1)");
}

TEST_F(FakeTree, V1MountOfASubtreeAsInAContainer) {
  // The hierarchy is mounted from /docker/c1 (what a container sees at its mount point).
  const std::string mountinfo =
      "35 31 0:32 /docker/c1 /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
      "39 31 0:36 /docker/c1 /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n";
  fs::create_directories(at("/sys/fs/cgroup/memory/job"));
  fs::create_directories(at("/sys/fs/cgroup/pids"));

  const CgroupHome home =
      find_cgroup_home(sources("5:pids:/docker/c1\n4:memory:/docker/c1/job\n", mountinfo));
  ASSERT_TRUE(home.memory && home.pids) << home.problem;
  EXPECT_EQ(home.memory->dir, at("/sys/fs/cgroup/memory/job"));
  EXPECT_EQ(home.pids->dir, at("/sys/fs/cgroup/pids"));
  EXPECT_FALSE(home.memsw);  // no swap accounting in this tree

  // A cgroup the mount does not show, and one outside the cgroup namespace.
  const CgroupHome elsewhere =
      find_cgroup_home(sources("5:pids:/..\n4:memory:/other\n", mountinfo));
  EXPECT_FALSE(elsewhere.memory);
  EXPECT_FALSE(elsewhere.pids);
  EXPECT_NE(elsewhere.problem.find("memory cgroup is not under a mount"), std::string::npos)
      << elsewhere.problem;
  EXPECT_EQ(elsewhere.totals().describe(), "per process (rlimits)");
}

TEST_F(FakeTree, V1NeedsWriteAccess) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root may write to any folder of a fake tree";
  }
  const fs::path memory = at("/sys/fs/cgroup/memory/process_api/a24a");
  fs::create_directories(memory);
  fs::create_directories(at("/sys/fs/cgroup/pids"));
  fs::permissions(memory, fs::perms::owner_read | fs::perms::owner_exec);
  const CgroupHome home = find_cgroup_home(sources(kV1Cgroup, kV1Mountinfo));
  fs::permissions(memory, fs::perms::owner_all);
  EXPECT_FALSE(home.memory);
  EXPECT_TRUE(home.pids);
  EXPECT_NE(home.problem.find("cannot write to"), std::string::npos) << home.problem;
}

// ---- cgroup v2

TEST_F(FakeTree, V2WithoutDelegationSaysWhy) {
  v2_cgroup("/user.slice/user-1000.slice/session-3.scope", "cpu io", "", "4242\n");
  const CgroupHome home =
      find_cgroup_home(sources("0::/user.slice/user-1000.slice/session-3.scope\n", kV2Mountinfo));
  EXPECT_FALSE(home.memory);
  EXPECT_FALSE(home.pids);
  EXPECT_NE(home.problem.find("the memory controller is not delegated"), std::string::npos)
      << home.problem;
  EXPECT_NE(home.problem.find("the pids controller is not delegated"), std::string::npos)
      << home.problem;
  const Totals totals = home.totals();
  EXPECT_EQ(totals.describe(), "per process (rlimits)");
  EXPECT_EQ(totals.reason, home.problem);
  EXPECT_FALSE(RunCgroup::create(home, {1U << 20, 10}));
}

TEST_F(FakeTree, V2SharedWithOtherProcessesIsLeftAlone) {
  // Controllers could be enabled, but the cgroup holds a shell besides the grader: no
  // internal processes, so nothing below it can have them, and the shell is not ours to move.
  const fs::path grader =
      v2_cgroup("/user.slice/session-3.scope", "memory pids", "", "1000\n4242\n");
  const CgroupHome home =
      find_cgroup_home(sources("0::/user.slice/session-3.scope\n", kV2Mountinfo));
  EXPECT_FALSE(home.memory);
  EXPECT_NE(home.problem.find("holds other processes"), std::string::npos) << home.problem;
  EXPECT_NE(home.problem.find("systemd-run --scope -p Delegate=yes"), std::string::npos);
  EXPECT_EQ(read(grader / "cgroup.subtree_control"), "") << "nothing enabled";
  EXPECT_FALSE(fs::exists(grader / "grader"));
}

TEST_F(FakeTree, V2GraderAloneMovesIntoALeafAndEnablesTheControllers) {
  const fs::path grader = v2_cgroup("/grade.scope", "cpu memory pids", "", "4242\n");
  const CgroupHome home = find_cgroup_home(sources("0::/grade.scope\n", kV2Mountinfo, 4242));
  ASSERT_TRUE(home.memory && home.pids) << home.problem;
  EXPECT_EQ(home.memory->dir, grader);
  EXPECT_EQ(read(grader / "grader" / "cgroup.procs"), "4242");
  EXPECT_EQ(read(grader / "cgroup.subtree_control"), "+memory +pids");
}

TEST_F(FakeTree, V2RootMayHoldProcessesAndEnableControllers) {
  const fs::path root = v2_cgroup("/", "cpu memory pids", "memory", "1\n4242\n");
  const CgroupHome home = find_cgroup_home(sources("0::/\n", kV2Mountinfo));
  ASSERT_TRUE(home.memory && home.pids) << home.problem;
  EXPECT_EQ(read(root / "cgroup.subtree_control"), "+pids") << "only what was missing";
  EXPECT_FALSE(fs::exists(root / "grader"));
}

TEST_F(FakeTree, V1MemoryAndV2Pids) {
  const std::string mountinfo =
      "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
  fs::create_directories(at("/sys/fs/cgroup/memory/job"));
  write(at("/sys/fs/cgroup/unified/job/cgroup.controllers"), "pids");
  write(at("/sys/fs/cgroup/unified/job/cgroup.subtree_control"), "pids");
  write(at("/sys/fs/cgroup/unified/job/cgroup.procs"), "");
  const CgroupHome home = find_cgroup_home(sources("4:memory:/job\n0::/job\n", mountinfo));
  ASSERT_TRUE(home.memory && home.pids) << home.problem;
  EXPECT_FALSE(home.memory->v2);
  EXPECT_TRUE(home.pids->v2);
  EXPECT_EQ(home.totals().describe(), "memory and tasks per run (cgroup v1 and v2)");
}

TEST(CgroupTotals, Describe) {
  EXPECT_EQ((Totals{true, false, "cgroup v2", "pids: no"}).describe(),
            "memory per run (cgroup v2), tasks per process");
  EXPECT_EQ((Totals{false, true, "cgroup v1", "memory: no"}).describe(),
            "tasks per run (cgroup v1), memory per process (rlimits)");
}

}  // namespace
}  // namespace grade::isolate

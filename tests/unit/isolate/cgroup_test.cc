// A cgroup per run: where it is made, read from fake cgroup trees (v1 as on a machine that
// mounts memory and pids as v1 hierarchies, v2 delegated or not, shared with other processes
// or not), and real cgroups of this machine: shared memory counted, forks refused at
// pids.max, everything killed and the cgroup removed at the end.
#include "isolate/cgroup.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <signal.h>  // NOLINT: kill() is not in <csignal>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/child_restrictions.h"
#include "run/process_runner.h"
#include "run/run_test_support.h"
#include "run/verdict.h"
#include "util/temp_dir.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A PID no process can have (above any pid_max): a fake cgroup.procs may list it safely.
constexpr pid_t kNoSuchPid = 2'000'000'000;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// This machine's layout: v1 memory (the grader in a nested cgroup) and pids, an empty v2.
constexpr const char* kV1Mountinfo =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
constexpr const char* kV1Cgroup =
    "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/a24a\n1:cpu:/\n0::/\n";

constexpr const char* kV2Mountinfo =
    "25 20 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot\n";

class FakeTree : public ::testing::Test {
 protected:
  fs::path at(const std::string& path) const {
    return dir_.path() / fs::path(path).relative_path();
  }

  CgroupSources sources(std::string cgroup, std::string mountinfo, pid_t self = 4242) const {
    return CgroupSources{std::move(cgroup), std::move(mountinfo), dir_.path(), self};
  }

  // A v2 cgroup folder as the kernel shows it.
  fs::path v2_cgroup(const std::string& path, const std::string& controllers,
                     const std::string& enabled, const std::string& procs) const {
    const fs::path folder = at("/sys/fs/cgroup" + path);
    write(folder / "cgroup.controllers", controllers);
    write(folder / "cgroup.subtree_control", enabled);
    write(folder / "cgroup.procs", procs);
    return folder;
  }

  TempDir dir_ = TempDir::create("grade-cgroup-").value();
};

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

TEST_F(FakeTree, V1RunCgroupGetsItsLimitsAndReportsWhatTheKernelCounted) {
  const fs::path memory = at("/sys/fs/cgroup/memory/process_api/a24a");
  write(memory / "memory.memsw.limit_in_bytes", "9223372036854771712\n");
  fs::create_directories(at("/sys/fs/cgroup/pids"));
  const CgroupHome home = find_cgroup_home(sources(kV1Cgroup, kV1Mountinfo));

  auto cgroup = RunCgroup::create(home, {256U << 20, 65});
  ASSERT_TRUE(cgroup) << cgroup.error();
  const std::vector<fs::path> dirs = cgroup->dirs();
  ASSERT_EQ(dirs.size(), 2U);
  EXPECT_EQ(dirs[0].parent_path(), memory);
  EXPECT_EQ(dirs[0].filename(), dirs[1].filename()) << "one name in every hierarchy";
  EXPECT_TRUE(dirs[0].filename().string().starts_with(fmt::format("grade-run-{}-", ::getpid())));
  EXPECT_EQ(read(dirs[0] / "memory.limit_in_bytes"), "268435456");
  EXPECT_EQ(read(dirs[0] / "memory.memsw.limit_in_bytes"), "268435456");
  EXPECT_EQ(read(dirs[1] / "pids.max"), "65");
  EXPECT_EQ(cgroup->totals().describe(), "memory and tasks per run (cgroup v1)");

  // v1 is joined by the child itself, through `tasks`: nothing is moved by PID.
  ASSERT_TRUE(cgroup->add(kNoSuchPid));
  EXPECT_FALSE(fs::exists(dirs[0] / "cgroup.procs"));
  EXPECT_EQ(cgroup->child_joins(),
            (std::vector<std::string>{(dirs[0] / "tasks").string(), (dirs[1] / "tasks").string()}));

  EXPECT_FALSE(cgroup->usage().oom_killed);
  write(dirs[0] / "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
  write(dirs[0] / "memory.max_usage_in_bytes", "268431360\n");
  write(dirs[1] / "pids.events", "max 3\n");
  const CgroupUsage usage = cgroup->usage();
  EXPECT_TRUE(usage.oom_killed);
  EXPECT_TRUE(usage.tasks_refused);
  EXPECT_EQ(usage.peak_memory_bytes, 268431360U);

  // A member that never goes (here: a fake one) ends end() at its bound, not later.
  write(dirs[0] / "cgroup.procs", std::to_string(kNoSuchPid));
  const auto start = std::chrono::steady_clock::now();
  const auto ended = cgroup->end(50ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  ASSERT_FALSE(ended);
  EXPECT_NE(ended.error().find("still in"), std::string::npos) << ended.error();
}

TEST_F(FakeTree, V1OomCountFallsBackToFailcntOnOldKernels) {
  const fs::path memory = at("/sys/fs/cgroup/memory/process_api/a24a");
  fs::create_directories(memory);
  fs::create_directories(at("/sys/fs/cgroup/pids"));
  auto cgroup =
      RunCgroup::create(find_cgroup_home(sources(kV1Cgroup, kV1Mountinfo)), {1U << 20, {}});
  ASSERT_TRUE(cgroup) << cgroup.error();
  const fs::path dir = cgroup->dirs()[0];
  EXPECT_FALSE(fs::exists(cgroup->dirs()[1] / "pids.max")) << "no task limit asked for";
  write(dir / "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");
  write(dir / "memory.failcnt", "0\n");
  EXPECT_FALSE(cgroup->usage().oom_killed);
  write(dir / "memory.failcnt", "7\n");
  EXPECT_TRUE(cgroup->usage().oom_killed);
  EXPECT_FALSE(cgroup->end(10ms)) << "a fake folder holds plain files, so rmdir fails";
}

// ---- cgroup v2

TEST_F(FakeTree, V2DelegatedWithControllersEnabled) {
  const fs::path grader =
      v2_cgroup("/system.slice/grade.service", "cpu memory pids", "memory pids", "");
  const CgroupHome home =
      find_cgroup_home(sources("0::/system.slice/grade.service\n", kV2Mountinfo));
  ASSERT_TRUE(home.memory && home.pids) << home.problem;
  EXPECT_EQ(home.memory->dir, grader);
  EXPECT_TRUE(home.memory->v2);
  EXPECT_EQ(home.problem, "");
  EXPECT_EQ(home.totals().describe(), "memory and tasks per run (cgroup v2)");

  auto cgroup = RunCgroup::create(home, {128U << 20, 33});
  ASSERT_TRUE(cgroup) << cgroup.error();
  ASSERT_EQ(cgroup->dirs().size(), 1U) << "memory and pids in one v2 cgroup";
  const fs::path dir = cgroup->dirs()[0];
  EXPECT_EQ(dir.parent_path(), grader);
  EXPECT_EQ(read(dir / "memory.max"), "134217728");
  EXPECT_EQ(read(dir / "pids.max"), "33");

  write(dir / "memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
  write(dir / "memory.peak", "134213632\n");
  write(dir / "pids.events", "max 0\n");
  const CgroupUsage usage = cgroup->usage();
  EXPECT_TRUE(usage.oom_killed);
  EXPECT_FALSE(usage.tasks_refused);
  EXPECT_EQ(usage.peak_memory_bytes, 134213632U);
  EXPECT_FALSE(cgroup->end(10ms));  // plain files in a fake folder
}

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

// ---- real cgroups of this machine

class RealCgroup : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "cgroups are made here only by root (no delegated cgroup is assumed)";
    }
    if (!home().memory || !home().pids) {
      GTEST_SKIP() << "no memory and pids cgroup can be had here: " << home().problem;
    }
  }

  static const CgroupHome& home() { return cgroup_home(); }

  // Forks a child that waits for a byte on a pipe, then runs `body` and exits with its
  // result. Returns the PID and the pipe's write end.
  // The child joins `cgroup`'s v1 hierarchies itself first, as a run's child does
  // (Restrictions::join_cgroups).
  template <typename Body>
  static std::pair<pid_t, int> fork_waiting(const RunCgroup& cgroup, Body body) {
    int fds[2];
    if (::pipe(fds) == -1) {
      return {-1, -1};
    }
    Restrictions joining;
    joining.join_cgroups = cgroup.child_joins();
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[1]);
      if (apply_in_child(joining) != nullptr) {
        ::_exit(119);
      }
      char go = 0;
      if (::read(fds[0], &go, 1) != 1) {
        ::_exit(120);
      }
      ::_exit(body());
    }
    ::close(fds[0]);
    return {pid, fds[1]};
  }

  static void release(int fd) {
    EXPECT_EQ(::write(fd, "g", 1), 1);
    ::close(fd);
  }

  static int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) == -1 && errno == EINTR) {
    }
    return status;
  }

  // Processes end() killed that came back to this process (a subreaper, as the grader is).
  static void reap_orphans() {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
};

TEST_F(RealCgroup, SharedAnonymousMemoryIsCountedAndTheOomKillerStopsIt) {
  auto cgroup = RunCgroup::create(home(), {64U << 20, 16});
  ASSERT_TRUE(cgroup) << cgroup.error();
  const auto [pid, go] = fork_waiting(*cgroup, [] {
    constexpr std::size_t kSize = 512U << 20;  // not counted by RLIMIT_DATA
    void* block = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) {
      return 121;
    }
    std::memset(block, 1, kSize);
    return 0;
  });
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(cgroup->add(pid));
  release(go);
  const int status = wait_for(pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  const CgroupUsage usage = cgroup->usage();
  EXPECT_TRUE(usage.oom_killed);
  ASSERT_TRUE(usage.peak_memory_bytes);
  EXPECT_GE(*usage.peak_memory_bytes, 48U << 20);
  EXPECT_LE(*usage.peak_memory_bytes, 64U << 20);
  const std::vector<fs::path> dirs = cgroup->dirs();
  ASSERT_TRUE(cgroup->end());
  for (const fs::path& dir : dirs) {
    EXPECT_FALSE(fs::exists(dir)) << dir;
  }
}

TEST_F(RealCgroup, ForksBeyondPidsMaxFail) {
  auto cgroup = RunCgroup::create(home(), {64U << 20, 4});
  ASSERT_TRUE(cgroup) << cgroup.error();
  const auto [pid, go] = fork_waiting(*cgroup, [] {
    int refused = 0;
    for (int i = 0; i < 8; ++i) {
      const pid_t child = ::fork();
      if (child == 0) {
        ::pause();  // left for end() to kill
        ::_exit(0);
      }
      refused += child == -1 ? 1 : 0;
    }
    return refused;
  });
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(cgroup->add(pid));
  release(go);
  const int status = wait_for(pid);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 5) << "3 children fit beside their parent under pids.max 4";
  EXPECT_TRUE(cgroup->usage().tasks_refused);
  EXPECT_FALSE(cgroup->usage().oom_killed);
  const std::vector<fs::path> dirs = cgroup->dirs();
  const auto ended = cgroup->end();
  ASSERT_TRUE(ended) << ended.error();  // the three paused children were killed
  for (const fs::path& dir : dirs) {
    EXPECT_FALSE(fs::exists(dir)) << dir;
  }
  reap_orphans();
}

TEST_F(RealCgroup, EndKillsAProcessThatLeftItsSessionAndRemovesTheCgroup) {
  auto cgroup = RunCgroup::create(home(), {64U << 20, 16});
  ASSERT_TRUE(cgroup) << cgroup.error();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const auto [pid, go] = fork_waiting(*cgroup, [&] {
    if (::fork() == 0) {  // a daemon: its own session, parent gone
      ::setsid();
      const pid_t self = ::getpid();
      (void)!::write(fds[1], &self, sizeof self);
      ::pause();
    }
    return 0;
  });
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(cgroup->add(pid));
  release(go);
  wait_for(pid);
  pid_t daemon = 0;
  ASSERT_EQ(::read(fds[0], &daemon, sizeof daemon), static_cast<ssize_t>(sizeof daemon));
  ::close(fds[0]);
  ::close(fds[1]);
  ASSERT_EQ(::kill(daemon, 0), 0) << "the daemon runs";
  const std::vector<fs::path> dirs = cgroup->dirs();
  const auto ended = cgroup->end();
  ASSERT_TRUE(ended) << ended.error();
  for (const fs::path& dir : dirs) {
    EXPECT_FALSE(fs::exists(dir)) << dir;
  }
  // Dead: gone, or a zombie waiting for its new parent.
  const auto state = read(fmt::format("/proc/{}/stat", daemon));
  EXPECT_TRUE(state.empty() || state.find(") Z ") != std::string::npos) << state;
  reap_orphans();
}

TEST_F(RealCgroup, RunnerEndsAPythonProgramUsingSharedMemoryWithMemoryLimit) {
  using run::testing::kPython;
  run::ProcessRunner runner;
  run::Command command;
  command.argv = {kPython, "-c",
                  "import mmap\nm = mmap.mmap(-1, 1 << 30)\n"
                  "for i in range(0, 1 << 30, 4096): m[i] = 1\nprint('all touched')\n"};
  command.cwd = "/";
  command.env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  command.wall_limit = 10s;
  command.task_limit = 16;
  command.restrictions.memory_bytes = 128U << 20;
  command.cgroups = home();
  const run::RunResult result = runner.run(command);
  EXPECT_TRUE(result.started()) << result.spawn_error;
  EXPECT_EQ(result.out.data.find("all touched"), std::string::npos);
  EXPECT_TRUE(result.oom_killed);
  EXPECT_TRUE(result.totals.memory);
  EXPECT_TRUE(result.totals.tasks);
  EXPECT_EQ(result.totals.reason, "");
  ASSERT_TRUE(result.peak_memory_bytes);
  EXPECT_EQ(run::classify(result, command.restrictions), run::Verdict::kMemoryLimit);
  run::testing::expect_nothing_left(result);
  for (const auto& place : {home().memory, home().pids}) {
    for (const auto& entry : fs::directory_iterator(place->dir)) {
      EXPECT_FALSE(
          entry.path().filename().string().starts_with(fmt::format("grade-run-{}-", ::getpid())))
          << entry.path() << " was left";
    }
  }
}

// What a cgroup per run costs, printed, never asserted (timings vary with the machine):
//   grade_unit_tests --gtest_also_run_disabled_tests --gtest_filter='RealCgroup.DISABLED_*'
TEST_F(RealCgroup, DISABLED_CostPerRun) {
  using Clock = std::chrono::steady_clock;
  constexpr int kRounds = 300;
  const auto micros = [](Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
  };
  const auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  std::vector<double> create;
  std::vector<double> end;
  for (int i = 0; i < kRounds; ++i) {
    const Clock::time_point t0 = Clock::now();
    auto cgroup = RunCgroup::create(home(), {256U << 20, 65});
    const Clock::time_point t1 = Clock::now();
    ASSERT_TRUE(cgroup) << cgroup.error();
    const auto [pid, go] = fork_waiting(*cgroup, [] { return 0; });
    ASSERT_TRUE(cgroup->add(pid));
    release(go);
    wait_for(pid);
    (void)cgroup->usage();
    const Clock::time_point t2 = Clock::now();
    ASSERT_TRUE(cgroup->end());
    end.push_back(micros(Clock::now() - t2));
    create.push_back(micros(t1 - t0));
  }
  // The same short run through the runner, without and with a cgroup.
  std::vector<double> plain;
  std::vector<double> with;
  run::ProcessRunner runner;
  for (int i = 0; i < kRounds / 3; ++i) {
    for (const bool cgroups : {false, true}) {
      run::Command command = run::testing::shell_command("exit 0");
      command.task_limit = 64;
      command.restrictions.memory_bytes = 256U << 20;
      if (cgroups) {
        command.cgroups = home();
      }
      const Clock::time_point t0 = Clock::now();
      const run::RunResult result = runner.run(command);
      (cgroups ? with : plain).push_back(micros(Clock::now() - t0));
      ASSERT_TRUE(result.clean_exit()) << result.spawn_error;
    }
  }
  std::printf("cgroup per run (%s), median of %d: create %.0f us, usage + kill + rmdir %.0f us\n",
              home().totals().by.c_str(), kRounds, median(create), median(end));
  std::printf("runner, /bin/sh -c 'exit 0', median of %d: %.0f us without, %.0f us with\n",
              kRounds / 3, median(plain), median(with));
}

TEST(CgroupRunner, WithoutAUsableCgroupARunKeepsRlimitsAndSaysWhy) {
  run::ProcessRunner runner;
  run::Command command = run::testing::shell_command("exit 0");
  command.cgroups = CgroupHome{{}, {}, false, "cgroup v2: not delegated"};
  const run::RunResult result = runner.run(command);
  EXPECT_TRUE(result.clean_exit()) << result.spawn_error;
  EXPECT_FALSE(result.totals.memory);
  EXPECT_EQ(result.totals.describe(), "per process (rlimits)");
  EXPECT_EQ(result.totals.reason, "cgroup v2: not delegated");
}

}  // namespace
}  // namespace grade::isolate

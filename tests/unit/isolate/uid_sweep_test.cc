// Killing every process of a leased uid: daemons that left the run's group, fork bombs, and
// nothing of any other uid.
#include "isolate/uid_sweep.h"

#include <csignal>
#include <string>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/uid_lease.h"
#include "isolate/uid_support.h"
#include "run/process_group.h"

namespace grade::isolate {
// These tests start real runs: the runner and its test helpers are theirs to use.
using namespace ::grade::run;  // NOLINT(google-build-using-namespace)
namespace {

using testing::alive;
using testing::live_processes_of;
using testing::start_sleeper;

constexpr UidRange kTestRange{testing::kTestFirstUid, testing::kTestLastUid};

class UidSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "running processes as other uids needs root";
    }
    (void)run::become_child_subreaper();  // as the grader: orphans of the test come back to it
  }
};

TEST(UidSweepRefusal, NeverSweepsRootOrTheGradersOwnUid) {
  EXPECT_FALSE(sweep_uid(0));
  const auto own = sweep_uid(::geteuid());
  ASSERT_FALSE(own);
  EXPECT_NE(own.error().find("refusing"), std::string::npos) << own.error();
}

TEST_F(UidSweepTest, KillsASetsidDaemonAndNothingOfAnotherUid) {
  auto run = UidLease::acquire(kTestRange);
  ASSERT_TRUE(run) << run.error();
  auto other = UidLease::acquire(kTestRange);  // a concurrent run: its sleeper must survive
  ASSERT_TRUE(other) << other.error();
  const pid_t daemon = start_sleeper(run->uid(), true);
  const pid_t control = start_sleeper(other->uid(), false);
  ASSERT_GT(daemon, 0);
  ASSERT_GT(control, 0);
  ASSERT_TRUE(alive(daemon));
  ASSERT_EQ(getpgid(daemon), getsid(daemon)) << "the daemon leads a session of its own";

  const auto swept = sweep_uid(run->uid());
  EXPECT_TRUE(swept) << swept.error();
  EXPECT_FALSE(alive(daemon));
  EXPECT_TRUE(live_processes_of(run->uid()).empty());
  EXPECT_TRUE(alive(control)) << "a process of another uid was killed";

  ASSERT_EQ(::kill(control, SIGKILL), 0);  // our own child: its PID cannot have been reused
  int status = 0;
  ASSERT_EQ(::waitpid(control, &status, 0), control);
  siginfo_t info{};
  EXPECT_EQ(::waitid(P_ALL, 0, &info, WEXITED | WNOHANG), -1) << "a zombie was left";
}

TEST_F(UidSweepTest, StopsAForkBombThatLeftTheGroup) {
  auto run = UidLease::acquire(kTestRange);
  ASSERT_TRUE(run) << run.error();
  const uid_t uid = run->uid();
  std::array<int, 2> ready{};
  ASSERT_EQ(::pipe2(ready.data(), O_CLOEXEC), 0);
  const pid_t bomb = ::fork();
  if (bomb == 0) {
    // At most 200 processes of the uid (RLIMIT_NPROC counts a real uid's processes), so a
    // failing sweep cannot hurt the machine. Each daemon is orphaned at once.
    const rlimit cap{200, 200};
    if (::dup2(ready[1], STDOUT_FILENO) == -1 || ::setrlimit(RLIMIT_NPROC, &cap) == -1 ||
        ::setsid() == -1 || ::setgroups(0, nullptr) == -1 || ::setresgid(uid, uid, uid) == -1 ||
        ::setresuid(uid, uid, uid) == -1) {
      ::_exit(127);
    }
    ::execl("/bin/sh", "sh", "-c",
            "i=0; while :; do (sleep 60 &); i=$((i+1)); [ $i = 20 ] && echo ready; done "
            "2>/dev/null",
            nullptr);
    ::_exit(127);
  }
  ::close(ready[1]);
  char line[8] = {};
  ASSERT_GT(::read(ready[0], line, sizeof line), 0) << "the bomb never got going";
  ::close(ready[0]);
  EXPECT_GE(live_processes_of(uid).size(), 2U);

  const auto swept = sweep_uid(uid);
  EXPECT_TRUE(swept) << swept.error();
  EXPECT_TRUE(live_processes_of(uid).empty());
  EXPECT_FALSE(alive(bomb));
  int status = 0;
  EXPECT_EQ(::waitpid(bomb, &status, WNOHANG), -1) << "the sweep reaps its zombie children";
}

}  // namespace
}  // namespace grade::isolate

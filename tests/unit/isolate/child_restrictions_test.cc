#include "isolate/child_restrictions.h"

#include <array>
#include <cerrno>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/sandbox.h"
#include "run/loopback_listener.h"
#include "util/fd.h"

namespace grade::isolate {
// These tests start real runs: the runner and its test helpers are theirs to use.
using namespace ::grade::run;           // NOLINT(google-build-using-namespace)
using namespace ::grade::run::testing;  // NOLINT(google-build-using-namespace)
namespace {

// What a restricted child saw of itself, sent back over a pipe as plain bytes.
struct Seen {
  const char* step = nullptr;  // apply_in_child's answer: a static string, same in both images
  int error = 0;
  rlimit cpu{}, data{}, fsize{}, nofile{}, core{};
  int no_new_privs = -1;
  uid_t uid[3] = {};
  gid_t gid[3] = {};
  int groups = -1;
  int setuid_root = 0;     // setuid(0) afterwards: 0 or -1
  int connect_result = 0;  // connecting to the parent's listening socket
  int connect_error = 0;
};

// Forks; the child runs `before` (e.g. to lower its own hard limits), applies `r`, records
// what it sees and exits; the parent waits and returns it. `port`: connect there afterwards.
template <typename Before>
Seen apply_in_fork(const Restrictions& r, Before before, int port = 0) {
  std::array<int, 2> pipe{};
  EXPECT_EQ(::pipe2(pipe.data(), O_CLOEXEC), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    Seen seen;
    before();
    seen.step = apply_in_child(r);
    seen.error = errno;
    ::getrlimit(RLIMIT_CPU, &seen.cpu);
    ::getrlimit(RLIMIT_DATA, &seen.data);
    ::getrlimit(RLIMIT_FSIZE, &seen.fsize);
    ::getrlimit(RLIMIT_NOFILE, &seen.nofile);
    ::getrlimit(RLIMIT_CORE, &seen.core);
    seen.no_new_privs = ::prctl(PR_GET_NO_NEW_PRIVS, 0L, 0L, 0L, 0L);
    ::getresuid(&seen.uid[0], &seen.uid[1], &seen.uid[2]);
    ::getresgid(&seen.gid[0], &seen.gid[1], &seen.gid[2]);
    seen.groups = ::getgroups(0, nullptr);
    if (port != 0) {
      const int s = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_port = htons(static_cast<std::uint16_t>(port));
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      seen.connect_result = ::connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to);
      seen.connect_error = errno;
    }
    seen.setuid_root = ::setuid(0);
    (void)!::write(pipe[1], &seen, sizeof seen);
    ::_exit(0);
  }
  ::close(pipe[1]);
  Seen seen;
  EXPECT_EQ(::read(pipe[0], &seen, sizeof seen), static_cast<ssize_t>(sizeof seen));
  ::close(pipe[0]);
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return seen;
}

Seen apply_in_fork(const Restrictions& r, int port = 0) {
  return apply_in_fork(
      r, [] {}, port);
}

TEST(ChildRestrictionsTest, SetsEveryLimitAndNeverCoreFiles) {
  Restrictions r;
  r.cpu_seconds = 3;
  r.memory_bytes = 512 << 20;
  r.file_bytes = 1 << 20;
  r.open_files = 64;
  const Seen seen = apply_in_fork(r);
  ASSERT_EQ(seen.step, nullptr) << seen.step << ": " << seen.error;
  EXPECT_EQ(seen.cpu.rlim_cur, 3U);
  EXPECT_EQ(seen.cpu.rlim_max, 4U);  // SIGXCPU first, SIGKILL a second later
  EXPECT_EQ(seen.data.rlim_cur, 512U << 20);
  EXPECT_EQ(seen.data.rlim_max, 512U << 20);
  EXPECT_EQ(seen.fsize.rlim_cur, 1U << 20);
  EXPECT_EQ(seen.fsize.rlim_max, 1U << 20);
  EXPECT_EQ(seen.nofile.rlim_cur, 64U);
  EXPECT_EQ(seen.nofile.rlim_max, 64U);
  EXPECT_EQ(seen.core.rlim_cur, 0U);
  EXPECT_EQ(seen.core.rlim_max, 0U);
  EXPECT_EQ(seen.no_new_privs, 1);
}

TEST(ChildRestrictionsTest, LeavesUnsetLimitsAsTheyWere) {
  rlimit cpu{};
  ASSERT_EQ(::getrlimit(RLIMIT_CPU, &cpu), 0);
  const Seen seen = apply_in_fork(Restrictions{});
  ASSERT_EQ(seen.step, nullptr);
  EXPECT_EQ(seen.cpu.rlim_cur, cpu.rlim_cur);
  EXPECT_EQ(seen.cpu.rlim_max, cpu.rlim_max);
  EXPECT_EQ(seen.core.rlim_max, 0U);
  EXPECT_EQ(seen.uid[0], ::getuid());
}

TEST(ChildRestrictionsTest, LowersALimitAboveTheHardLimitInsteadOfFailing) {
  Restrictions r;
  r.open_files = 1'000'000;
  r.cpu_seconds = 20;
  const Seen seen = apply_in_fork(r, [] {
    const rlimit nofile{100, 100};
    const rlimit cpu{10, 10};
    if (::setrlimit(RLIMIT_NOFILE, &nofile) == -1 || ::setrlimit(RLIMIT_CPU, &cpu) == -1) {
      ::_exit(1);
    }
  });
  ASSERT_EQ(seen.step, nullptr) << seen.step;
  EXPECT_EQ(seen.nofile.rlim_cur, 100U);
  EXPECT_EQ(seen.nofile.rlim_max, 100U);
  EXPECT_EQ(seen.cpu.rlim_cur, 10U);
  EXPECT_EQ(seen.cpu.rlim_max, 10U);
}

TEST(ChildRestrictionsTest, RefusesAUserWithoutAGroup) {
  Restrictions r;
  r.uid = 65534;
  const Seen seen = apply_in_fork(r);
  ASSERT_NE(seen.step, nullptr);
  EXPECT_EQ(seen.error, EINVAL);
  EXPECT_EQ(seen.uid[0], ::getuid());
}

TEST(ChildRestrictionsTest, DropsRootForGood) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "changing the user needs root";
  }
  Restrictions r;
  r.uid = 65534;
  r.gid = 65534;
  const Seen seen = apply_in_fork(r);
  ASSERT_EQ(seen.step, nullptr) << seen.step << ": " << seen.error;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(seen.uid[i], 65534U);
    EXPECT_EQ(seen.gid[i], 65534U);
  }
  EXPECT_EQ(seen.groups, 0);
  EXPECT_EQ(seen.setuid_root, -1);
}

TEST(ChildRestrictionsTest, ANewNetworkNamespaceCannotReachTheGrader) {
  if (network_namespace_problem()) {
    GTEST_SKIP() << *network_namespace_problem();
  }
  const testing::LoopbackListener listener = testing::listen_on_loopback();
  ASSERT_NE(listener.port, 0);
  const int port = listener.port;

  const Seen open = apply_in_fork(Restrictions{}, port);
  EXPECT_EQ(open.connect_result, 0) << "the test's own listener must be reachable";
  Restrictions r;
  r.no_network = true;
  const Seen cut = apply_in_fork(r, port);
  ASSERT_EQ(cut.step, nullptr) << cut.step << ": " << cut.error;
  EXPECT_EQ(cut.connect_result, -1);
  EXPECT_EQ(cut.connect_error, ENETUNREACH);  // the namespace's loopback is down
}

TEST(ChildRestrictionsTest, NamesTheStepThatFailed) {
  // Without CAP_SYS_ADMIN (dropped here by becoming nobody first) unshare is refused.
  Restrictions r;
  r.no_network = true;
  const Seen seen = apply_in_fork(r, [] {
    if (::geteuid() == 0 && (::setgid(65534) == -1 || ::setuid(65534) == -1)) {
      ::_exit(1);
    }
  });
  ASSERT_NE(seen.step, nullptr);
  EXPECT_STREQ(seen.step, "unshare(CLONE_NEWNET)");
  EXPECT_EQ(seen.error, EPERM);
}

}  // namespace
}  // namespace grade::isolate

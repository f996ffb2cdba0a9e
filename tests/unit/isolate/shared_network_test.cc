// The one empty network namespace of a grader process: made once (or the probe's), the same
// for every run of the process, not the grader's own, empty, and a forked process's own.
#include "isolate/shared_network.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/namespaces.h"
#include "util/fd.h"

namespace grade::isolate {
namespace {

ino_t inode_of(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 ? info.st_ino : 0;
}

ino_t own_network_inode() {
  struct stat info {};
  return ::stat("/proc/self/ns/net", &info) == 0 ? info.st_ino : 0;
}

class SharedNetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "making a network namespace without a user namespace needs root";
    }
  }
};

TEST_F(SharedNetworkTest, IsMadeOnceAndIsNotTheGradersOwn) {
  const auto first = shared_network_namespace();
  ASSERT_TRUE(first) << first.error();
  const auto second = shared_network_namespace();
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(*first, *second);
  EXPECT_NE(inode_of(*first), 0U);
  EXPECT_NE(inode_of(*first), own_network_inode());
}

// Exit codes of the child: 0 entered, and only a loopback that is down; else what was wrong.
int enter_and_look(int ns) {
  if (::setns(ns, CLONE_NEWNET) == -1) {
    return 1;
  }
  const unsigned loopback = ::if_nametoindex("lo");
  std::ifstream dev("/proc/net/dev");
  std::string line;
  int interfaces = 0;
  for (int n = 0; std::getline(dev, line); ++n) {
    interfaces += n >= 2 ? 1 : 0;  // two header lines
  }
  if (loopback == 0 || interfaces != 1) {
    return 2;
  }
  // Through a socket of the namespace (/sys shows the namespace of whoever mounted it).
  const int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq request{};
  (void)std::snprintf(request.ifr_name, sizeof request.ifr_name, "lo");
  if (sock == -1 || ::ioctl(sock, SIOCGIFFLAGS, &request) == -1) {
    return 4;
  }
  ::close(sock);
  return (request.ifr_flags & IFF_UP) != 0 ? 3 : 0;
}

TEST_F(SharedNetworkTest, HasOnlyALoopbackThatIsDown) {
  const auto ns = shared_network_namespace();
  ASSERT_TRUE(ns) << ns.error();
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    ::_exit(enter_and_look(*ns));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "1: setns failed, 2: not one interface, 3: lo is up, 4: no flags";
}

// A batch worker is forked from the grader: concurrent workers must not share one namespace.
TEST_F(SharedNetworkTest, AForkedProcessMakesItsOwn) {
  const auto parents = shared_network_namespace();
  ASSERT_TRUE(parents) << parents.error();
  const ino_t parent_inode = inode_of(*parents);
  std::array<int, 2> pipe{};
  ASSERT_EQ(::pipe(pipe.data()), 0);
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    const auto own = shared_network_namespace();
    const ino_t inode = own ? inode_of(*own) : 0;
    (void)!::write(pipe[1], &inode, sizeof inode);
    ::_exit(0);
  }
  ::close(pipe[1]);
  ino_t child_inode = 0;
  EXPECT_EQ(::read(pipe[0], &child_inode, sizeof child_inode),
            static_cast<ssize_t>(sizeof child_inode));
  ::close(pipe[0]);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  EXPECT_NE(child_inode, 0U);
  EXPECT_NE(child_inode, parent_inode);
}

// The probe's namespace (namespaces.h), offered, is the one runs enter: no second one is made.
// In a forked child, whose shared namespace is still to be made.
TEST_F(SharedNetworkTest, TheProbesNamespaceIsTakenWhenOffered) {
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    Fd probed;
    (void)probe_namespaces(0, 0, &probed);
    if (!probed) {
      ::_exit(1);
    }
    const ino_t offered = inode_of(probed.get());
    if (offered == own_network_inode()) {
      ::_exit(2);
    }
    offer_network_namespace(std::move(probed));
    const auto ns = shared_network_namespace();
    ::_exit(!ns ? 3 : inode_of(*ns) != offered ? 4 : 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "1: the probe gave no namespace, 2: it is the grader's, 3: none, 4: another one";
}

}  // namespace
}  // namespace grade::isolate

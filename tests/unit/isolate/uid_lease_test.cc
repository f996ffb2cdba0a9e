// Leasing run uids: a range option, exclusive use across leases and processes, and a uid
// cleared of what a crashed grader left.
#include "isolate/uid_lease.h"

#include <array>
#include <optional>
#include <string>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/uid_support.h"
#include "run/process_group.h"

namespace grade::isolate {
// These tests start real runs: the runner and its test helpers are theirs to use.
using namespace ::grade::run;  // NOLINT(google-build-using-namespace)
namespace {

using testing::alive;
using testing::start_sleeper;

constexpr UidRange kTestRange{testing::kTestFirstUid, testing::kTestLastUid};

TEST(UidRangeTest, ParsesFirstDashLast) {
  const auto range = parse_uid_range("60500-60999");
  ASSERT_TRUE(range) << range.error();
  EXPECT_EQ(range->first, 60500U);
  EXPECT_EQ(range->last, 60999U);
  EXPECT_EQ(range->text(), "60500-60999");
  EXPECT_TRUE(parse_uid_range("70000-70000"));
  for (const char* bad :
       {"", "60500", "60500-", "-60999", "0-10", "10-9", "a-b", "1-2-3", "1-4294967295", " 1-2"}) {
    EXPECT_FALSE(parse_uid_range(bad)) << bad;
  }
}

TEST(UidRangeTest, AccountsAreNeverLeased) {
  const auto root = has_account(0);
  ASSERT_TRUE(root) << root.error();
  EXPECT_TRUE(*root);
  const auto nobody = has_account(65534);
  ASSERT_TRUE(nobody);
  EXPECT_TRUE(*nobody);
}

class UidLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "leasing uids needs root (the lease sweeps the uid)";
    }
    (void)run::become_child_subreaper();
  }
};

TEST_F(UidLeaseTest, TheLockFolderIsClosedToOthers) {
  const auto dir = uid_lock_dir();
  ASSERT_TRUE(dir) << dir.error();
  struct stat info {};
  ASSERT_EQ(::lstat(dir->c_str(), &info), 0);
  EXPECT_TRUE(S_ISDIR(info.st_mode));
  EXPECT_EQ(info.st_uid, 0U);
  EXPECT_EQ(info.st_mode & 077, 0U);
}

TEST_F(UidLeaseTest, ALeaseIsExclusiveInThisProcessAndInAnother) {
  auto first = UidLease::acquire(kTestRange);
  ASSERT_TRUE(first) << first.error();
  auto second = UidLease::acquire(kTestRange);
  ASSERT_TRUE(second) << second.error();
  EXPECT_NE(first->uid(), second->uid());
  for (const UidLease* lease : {&*first, &*second}) {
    EXPECT_GE(lease->uid(), kTestRange.first);
    EXPECT_LE(lease->uid(), kTestRange.last);
  }
  // Only first's uid in the range: taken.
  const UidRange only_first{first->uid(), first->uid()};
  const auto taken = UidLease::acquire(only_first);
  ASSERT_FALSE(taken);
  EXPECT_NE(taken.error().find("taken by gradings running now"), std::string::npos)
      << taken.error();

  // Another process (another grader) gets neither.
  std::array<int, 2> pipe_fds{};
  ASSERT_EQ(::pipe2(pipe_fds.data(), O_CLOEXEC), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    auto lease = UidLease::acquire(kTestRange);
    const uid_t got = lease ? lease->uid() : 0;
    const bool blocked = !UidLease::acquire(only_first);
    const std::array<uid_t, 2> answer{got, blocked ? 1U : 0U};
    (void)!::write(pipe_fds[1], answer.data(), sizeof answer);
    ::_exit(0);  // the lease goes with the process
  }
  ::close(pipe_fds[1]);
  std::array<uid_t, 2> answer{};
  ASSERT_EQ(::read(pipe_fds[0], answer.data(), sizeof answer), ssize_t{sizeof answer});
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_NE(answer[0], 0U) << "the other process got no uid";
  EXPECT_NE(answer[0], first->uid());
  EXPECT_NE(answer[0], second->uid());
  EXPECT_EQ(answer[1], 1U) << "the other process took a uid this one holds";
}

TEST_F(UidLeaseTest, EndingALeaseSweepsItsUid) {
  pid_t daemon = 0;
  {
    auto lease = UidLease::acquire(kTestRange);
    ASSERT_TRUE(lease) << lease.error();
    daemon = start_sleeper(lease->uid(), true);
    ASSERT_GT(daemon, 0);
    ASSERT_TRUE(alive(daemon));
  }
  EXPECT_FALSE(alive(daemon));
}

TEST_F(UidLeaseTest, ALeftoverOfACrashedGraderIsSweptFirst) {
  const UidRange leftover_range{testing::kLeftoverUid, testing::kLeftoverUid};
  const auto used = has_account(testing::kLeftoverUid);
  if (!used || *used) {
    GTEST_SKIP() << "uid " << testing::kLeftoverUid << " is somebody's here";
  }
  // A "grader" that takes the uid, starts a daemon as it and dies without ending the lease.
  std::array<int, 2> pipe_fds{};
  ASSERT_EQ(::pipe2(pipe_fds.data(), O_CLOEXEC), 0);
  const pid_t grader = ::fork();
  if (grader == 0) {
    auto lease = UidLease::acquire(leftover_range);
    const pid_t daemon = lease ? start_sleeper(lease->uid(), true) : -1;
    (void)!::write(pipe_fds[1], &daemon, sizeof daemon);
    ::_exit(0);  // a crash: no destructor runs, the kernel drops the lock
  }
  ::close(pipe_fds[1]);
  pid_t daemon = -1;
  ASSERT_EQ(::read(pipe_fds[0], &daemon, sizeof daemon), ssize_t{sizeof daemon});
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(grader, &status, 0), grader);
  ASSERT_GT(daemon, 0);
  ASSERT_TRUE(alive(daemon)) << "the leftover must outlive its grader for the test to mean much";

  auto lease = UidLease::acquire(leftover_range);
  ASSERT_TRUE(lease) << lease.error();
  EXPECT_FALSE(alive(daemon)) << "a new lease runs nothing beside a leftover";
}

// One uid of its own: skips unless it is nobody's here.
std::optional<UidRange> only(uid_t uid) {
  const auto used = has_account(uid);
  if (!used || *used) {
    return std::nullopt;
  }
  return UidRange{uid, uid};
}

TEST_F(UidLeaseTest, AUidLeftSweptIsNotSweptAgainBehindAPrivateView) {
  const auto range = only(testing::kSweptStateUid);
  if (!range) {
    GTEST_SKIP() << "uid " << testing::kSweptStateUid << " is somebody's here";
  }
  ASSERT_TRUE(UidLease::acquire(*range)) << "taken and ended: swept, and says so";
  // Behind a private view nothing of a run can start a process as its uid later; one started
  // here shows whether the next lease swept.
  const pid_t stranger = start_sleeper(range->first, true);
  ASSERT_GT(stranger, 0);
  {
    auto lease = UidLease::acquire(*range, true);
    ASSERT_TRUE(lease) << lease.error();
    EXPECT_TRUE(alive(stranger)) << "swept again although its last lease left it swept";
  }
  EXPECT_FALSE(alive(stranger)) << "the end of every lease sweeps";
  const pid_t another = start_sleeper(range->first, true);
  ASSERT_GT(another, 0);
  ASSERT_TRUE(UidLease::acquire(*range, false)) << "without the view";
  EXPECT_FALSE(alive(another)) << "without a private view, a lease always sweeps first";
}

TEST_F(UidLeaseTest, AUidOfALeaseThatNeverEndedIsSweptEvenBehindAPrivateView) {
  const auto range = only(testing::kCrashedStateUid);
  if (!range) {
    GTEST_SKIP() << "uid " << testing::kCrashedStateUid << " is somebody's here";
  }
  ASSERT_TRUE(UidLease::acquire(*range)) << "left swept";
  const pid_t grader = ::fork();
  if (grader == 0) {
    auto lease = UidLease::acquire(*range, true);
    ::_exit(lease ? 0 : 1);  // a crash: the lease never ends, its file says "in use"
  }
  int status = 0;
  ASSERT_EQ(::waitpid(grader, &status, 0), grader);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const pid_t leftover = start_sleeper(range->first, true);
  ASSERT_GT(leftover, 0);
  auto lease = UidLease::acquire(*range, true);
  ASSERT_TRUE(lease) << lease.error();
  EXPECT_FALSE(alive(leftover)) << "what a crashed grader's run left must go first";
}

}  // namespace
}  // namespace grade::isolate

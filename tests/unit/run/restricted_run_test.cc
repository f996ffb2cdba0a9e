// Real programs against the limits: fork, apply_in_child, exec /usr/bin/python3 (see
// restricted_child.h), then the verdict the grader would give.
#include <csignal>
#include <filesystem>
#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "isolate/restricted_child.h"
#include "isolate/sandbox.h"
#include "run/loopback_listener.h"
#include "run/verdict.h"
#include "run_test_support.h"
#include "util/fd.h"
#include "util/temp_dir.h"

namespace grade::run {
namespace {

namespace fs = std::filesystem;
using isolate::testing::run_restricted;
using testing::kPython;
using testing::program_fixture;
using namespace ::grade::isolate;  // NOLINT(google-build-using-namespace): what these runs are
                                   // restricted by

constexpr std::uint64_t kMiB = 1 << 20;

class RestrictedRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::create("grade-restricted-test-");
    ASSERT_TRUE(dir) << dir.error();
    dir_.emplace(std::move(*dir));
  }

  RunResult run(const std::string& fixture, std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {kPython, program_fixture(fixture).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_restricted(argv, limits_, dir_->path());
  }

  const fs::path& dir() const { return dir_->path(); }

  Restrictions limits_;
  std::optional<TempDir> dir_;
};

TEST_F(RestrictedRunTest, AnAllocationBeyondTheMemoryLimitFails) {
  limits_.memory_bytes = 512 * kMiB;
  const RunResult result = run("limits_allocate.py", {"2048"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.data.find("MemoryError"), std::string::npos) << result.err.data;
  EXPECT_EQ(classify(result, limits_), Verdict::kMemoryLimit);
}

TEST_F(RestrictedRunTest, AnAllocationWithinTheMemoryLimitWorks) {
  limits_.memory_bytes = 512 * kMiB;
  const RunResult result = run("limits_allocate.py", {"256"});
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(result.out.data, "allocated 256 MiB\n");
  EXPECT_EQ(classify(result, limits_), Verdict::kOk);
}

TEST_F(RestrictedRunTest, ASlowLeakRunsIntoTheMemoryLimit) {
  limits_.memory_bytes = 256 * kMiB;
  const RunResult result = run("limits_leak.py");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_FALSE(result.timed_out);
  EXPECT_GT(result.max_rss_bytes.value_or(0), 128 * kMiB);  // it did use what it had
  EXPECT_EQ(classify(result, limits_), Verdict::kMemoryLimit);
}

TEST_F(RestrictedRunTest, ThreadStacksFitInTheMemoryLimit) {
  // RLIMIT_AS of 512 MiB allowed only 14 Python threads; RLIMIT_DATA allows these.
  limits_.memory_bytes = 512 * kMiB;
  const RunResult result = run("limits_threads.py", {"40"});
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(result.out.data, "40 threads\n");
}

TEST_F(RestrictedRunTest, ABusyLoopIsStoppedAtTheCpuLimit) {
  limits_.cpu_seconds = 1;
  const RunResult result = run("limits_busy.py");
  EXPECT_EQ(result.signal, SIGXCPU);
  // SIGXCPU itself says the limit was reached; the kernel checks it on scheduler ticks while
  // getrusage counts precisely, so on a loaded machine the two differ by a good part of a
  // second (0.82 s seen with both cores busy).
  EXPECT_GE(result.cpu_seconds.value_or(0), 0.5);
  EXPECT_LT(result.wall_seconds, 5.0);
  EXPECT_EQ(classify(result, limits_), Verdict::kCpuLimit);
}

TEST_F(RestrictedRunTest, IgnoringSigxcpuEndsInSigkillASecondLater) {
  limits_.cpu_seconds = 1;
  const RunResult result = run("limits_busy.py", {"ignore-xcpu"});
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_GE(result.cpu_seconds.value_or(0), 1.0);
  EXPECT_LT(result.wall_seconds, 6.0);
  EXPECT_EQ(classify(result, limits_), Verdict::kCpuLimit);
}

TEST_F(RestrictedRunTest, AHugeFileIsCutAtTheFileSizeLimit) {
  limits_.file_bytes = 4 * kMiB;
  const RunResult result = run("limits_big_file.py", {"1024"});
  EXPECT_EQ(result.exit_code, 1);  // Python ignores SIGXFSZ: the write fails with EFBIG
  EXPECT_NE(result.err.data.find("[Errno 27]"), std::string::npos) << result.err.data;
  EXPECT_LE(fs::file_size(dir() / "big.bin"), 4 * kMiB);
  EXPECT_EQ(classify(result, limits_), Verdict::kFileSizeLimit);
}

TEST_F(RestrictedRunTest, OpenFilesStopAtTheLimit) {
  limits_.open_files = 32;
  const RunResult result = run("limits_open_files.py");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.data.find("[Errno 24]"), std::string::npos) << result.err.data;  // EMFILE
  // 32 descriptors, of which stdin/out/err and the interpreter's own take some.
  EXPECT_TRUE(result.out.data.starts_with("opened 2")) << result.out.data;
  EXPECT_EQ(classify(result, limits_), Verdict::kNonZeroExit);
}

TEST_F(RestrictedRunTest, NoNetworkMeansNoConnection) {
  if (network_namespace_problem()) {
    GTEST_SKIP() << *network_namespace_problem();
  }
  const testing::LoopbackListener listener = testing::listen_on_loopback();
  ASSERT_NE(listener.port, 0);
  const std::string port = std::to_string(listener.port);

  EXPECT_EQ(run("limits_connect.py", {port}).out.data, "connected\n");
  limits_.no_network = true;
  const RunResult cut = run("limits_connect.py", {port});
  EXPECT_EQ(cut.exit_code, 3) << cut.err.data;
  EXPECT_EQ(cut.out.data, "blocked ENETUNREACH\n");
}

TEST_F(RestrictedRunTest, TheRunUserWritesOnlyInItsFolder) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "changing the user needs root";
  }
  auto plan = plan_sandbox(SandboxOptions{"nobody", false, ""}, 0, NamespaceSupport{});
  ASSERT_TRUE(plan) << plan.error();
  auto sandbox = plan->begin_run();
  ASSERT_TRUE(sandbox) << sandbox.error();
  sandbox->apply_to(limits_);
  // A folder of the grader's, like the course folder: root-owned, 0755.
  auto grader = TempDir::create("grade-restricted-course-");
  ASSERT_TRUE(grader);
  fs::permissions(grader->path(), fs::perms(0755));
  ASSERT_TRUE(hand_over(dir(), plan->user));

  const fs::path inside = dir() / "mine.txt";
  const fs::path outside = grader->path() / "theirs.txt";
  const RunResult result =
      run("limits_write_outside.py", {inside.string(), outside.string(), "/root/x.txt"});
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(result.out.data,
            inside.string() + ": ok\n" + outside.string() + ": EACCES\n" + "/root/x.txt: EACCES\n");
  EXPECT_FALSE(fs::exists(outside));
}

}  // namespace
}  // namespace grade::run

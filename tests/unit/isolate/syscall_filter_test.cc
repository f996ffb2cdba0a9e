// The syscall filter: no clone(CLONE_UNTRACED), no clone3, other ABIs killed, and what
// programs really do (threads, fork, multiprocessing) still works and is still observed.
#include "isolate/syscall_filter.h"

#include <cstddef>
#include <string>
#include <vector>

#include <linux/seccomp.h>
#include <signal.h>  // NOLINT: SIGSYS

#include <gtest/gtest.h>

#include "isolate/restricted_child.h"
#include "isolate/sandbox.h"
#include "run/observed_support.h"
#include "run/process_runner.h"

namespace grade::isolate {
// These tests start real runs: the runner and its test helpers are theirs to use.
using namespace ::grade::run;           // NOLINT(google-build-using-namespace)
using namespace ::grade::run::testing;  // NOLINT(google-build-using-namespace)
namespace {

using namespace std::chrono_literals;
using testing::contains;
using testing::expect_everything_gone;
using testing::pids_after;
using testing::python_command;
using testing::run_restricted;

// Allows everything: an observed run that brings its own filter gets no other, so this is an
// observed run as it was before the filter, for the control cases.
const sock_filter kAllowAll[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
const sock_fprog kNoFilter = {1, const_cast<sock_filter*>(kAllowAll)};

const sock_fprog& filter() {
  auto built = untraced_clone_filter();
  EXPECT_TRUE(built) << built.error();
  return built ? **built : kNoFilter;
}

Command fixture_command(const char* mode) {
  Command command;
  command.argv = {GRADE_CLONE_UNTRACED, mode};
  command.cwd = "/";
  command.env = {"PATH=/usr/bin:/bin"};
  command.wall_limit = 5000ms;
  return command;
}

// The fixture run through fork + apply_in_child + exec, without a tracer.
RunResult run_fixture(const char* mode, const Restrictions& restrictions) {
  return run_restricted({GRADE_CLONE_UNTRACED, mode}, restrictions, "/", 5000ms);
}

Restrictions filtered() {
  Restrictions r;
  r.syscall_filter = &filter();
  return r;
}

TEST(SyscallFilterTest, IsBuiltOnceAndChecksTheArchitectureFirst) {
  auto first = untraced_clone_filter();
  ASSERT_TRUE(first) << first.error();
  auto second = untraced_clone_filter();
  ASSERT_TRUE(second);
  EXPECT_EQ(*first, *second);
  const sock_fprog& program = **first;
  ASSERT_GT(program.len, 2U);
  EXPECT_LE(program.len, BPF_MAXINSNS);
  // Instruction 0 loads seccomp_data.arch: nothing is decided before the ABI is known.
  EXPECT_EQ(program.filter[0].code, BPF_LD | BPF_W | BPF_ABS);
  EXPECT_EQ(program.filter[0].k, offsetof(seccomp_data, arch));
}

TEST(SyscallFilterTest, UntracedCloneFailsWithEperm) {
  const RunResult result = run_fixture("untraced", filtered());
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(result.out.data, "untraced: EPERM\n");
}

TEST(SyscallFilterTest, WithoutTheFilterTheUntracedCloneSucceeds) {
  // The control: the fixture can tell success, so the test above can fail.
  const RunResult result = run_fixture("untraced", Restrictions{});
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(pids_after(result.out.data, "child").size(), 1U) << result.out.data;
  EXPECT_NE(result.out.data.find("untraced: ok\n"), std::string::npos) << result.out.data;
}

TEST(SyscallFilterTest, OrdinaryCloneStillWorks) {
  const RunResult result = run_fixture("plain", filtered());
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(pids_after(result.out.data, "child").size(), 1U) << result.out.data;
  EXPECT_NE(result.out.data.find("plain: ok\n"), std::string::npos) << result.out.data;
}

TEST(SyscallFilterTest, Clone3FailsWithEnosys) {
  EXPECT_EQ(run_fixture("clone3", filtered()).out.data, "clone3: ENOSYS\n");
  const RunResult control = run_fixture("clone3", Restrictions{});
  EXPECT_NE(control.out.data.find("clone3: ok\n"), std::string::npos) << control.out.data;
}

// A seccomp listener of the run's own would answer system calls ahead of the tracer's stops.
TEST(SyscallFilterTest, AFilterWithAListenerIsRefused) {
  EXPECT_EQ(run_fixture("listener", filtered()).out.data, "listener: EPERM\n");
  const RunResult control = run_fixture("listener", Restrictions{});
  EXPECT_EQ(control.out.data, "listener: ok\n") << control.err.data;
}

// Typed input echoed, tabs expanded: bytes on the terminal that no counted write made.
TEST(SyscallFilterTest, TheTerminalIoctlsThatChangeTheOutputAreRefused) {
  for (const char* mode : {"tiocsti", "tiocsti-high", "termios"}) {
    EXPECT_EQ(run_fixture(mode, filtered()).out.data, std::string(mode) + ": EPERM\n");
    EXPECT_EQ(run_fixture(mode, Restrictions{}).out.data, std::string(mode) + ": ENOTTY\n");
  }
}

// The observed run's filter stops the kill family and the writes for the tracer: without one
// attached the kernel fails those calls (ENOSYS), which is why an untraced run gets the plain
// filter.
TEST(SyscallFilterTest, TheObservedRunsFilterNeedsATracerForKill) {
  auto observed = observed_run_filter();
  ASSERT_TRUE(observed) << observed.error();
  const sock_fprog* plain = &filter();
  EXPECT_NE(*observed, plain);
  EXPECT_EQ(without_signal_tracing(*observed), plain);
  EXPECT_EQ(without_signal_tracing(plain), plain);
  EXPECT_EQ(without_signal_tracing(nullptr), nullptr);
  Restrictions r;
  r.syscall_filter = *observed;
  // Writes too stop for the tracer (to order the output): without one they fail as well, so
  // the answer is the exit status.
  const RunResult untraced = run_restricted(
      {"/bin/sh", "-c", "kill -0 $$ 2>/dev/null && exit 0 || exit 7"}, r, "/", 5000ms);
  EXPECT_EQ(untraced.exit_code, 7);
  const RunResult silent = run_restricted({"/bin/sh", "-c", "echo hello"}, r, "/", 5000ms);
  EXPECT_EQ(silent.out.data, "");
  const RunResult plain_run =
      run_restricted({"/bin/sh", "-c", "kill -0 $$ 2>/dev/null && echo sent || echo refused"},
                     filtered(), "/", 5000ms);
  EXPECT_EQ(plain_run.out.data, "sent\n") << plain_run.err.data;
}

TEST(SyscallFilterTest, OtherAbisAreKilled) {
#if defined(__x86_64__)
  for (const char* mode : {"i386", "x32"}) {
    const RunResult result = run_fixture(mode, filtered());
    EXPECT_EQ(result.signal, SIGSYS) << mode << ": " << result.out.data << result.err.data;
    EXPECT_EQ(result.out.data, "") << mode;
  }
  // Without the filter the same program is not killed for it (x32 may well be ENOSYS).
  EXPECT_FALSE(run_fixture("x32", Restrictions{}).signal.has_value());
#else
  GTEST_SKIP() << "the fixture tries other ABIs on x86_64 only";
#endif
}

TEST(SyscallFilterTest, InstallsAfterTheUserChange) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "changing the user needs root (as a normal user, the other tests cover it)";
  }
  auto plan = plan_sandbox(SandboxOptions{"nobody", false, ""}, 0, NamespaceSupport{});
  ASSERT_TRUE(plan) << plan.error();
  Restrictions r = filtered();
  auto sandbox = plan->begin_run();
  ASSERT_TRUE(sandbox) << sandbox.error();
  sandbox->apply_to(r);
  const RunResult result = run_fixture("untraced", r);
  EXPECT_EQ(result.exit_code, 0) << result.err.data;
  EXPECT_EQ(result.out.data, "untraced: EPERM\n");
}

class ObservedSyscallFilterTest : public ::testing::Test {
 protected:
  ProcessRunner runner_;
};

TEST_F(ObservedSyscallFilterTest, ObservedRunsGetTheFilter) {
  const RunResult result = runner_.run(fixture_command("untraced"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "untraced: EPERM\n");
  EXPECT_TRUE(result.observed.observed()) << result.observed.reason;
  EXPECT_TRUE(result.observed.created_processes().empty());
  expect_everything_gone(result);
}

TEST_F(ObservedSyscallFilterTest, WithoutTheFilterTheTracerMissesTheChild) {
  // The hole itself: the untraced child runs, untraced, and is not in the observation.
  for (const char* mode : {"untraced", "clone3"}) {
    Command command = fixture_command(mode);
    command.restrictions.syscall_filter = &kNoFilter;
    const RunResult result = runner_.run(command);
    EXPECT_TRUE(result.clean_exit()) << mode << ": " << describe_end(result) << result.err.data;
    const std::vector<int> children = pids_after(result.out.data, "child");
    ASSERT_EQ(children.size(), 1U) << mode << ": " << result.out.data;
    EXPECT_NE(result.out.data.find(" tracer 0\n"), std::string::npos) << result.out.data;
    EXPECT_FALSE(contains(result.observed.created_processes(), children[0])) << mode;
    expect_everything_gone(result);
  }
}

TEST_F(ObservedSyscallFilterTest, OrdinaryChildrenAreStillObserved) {
  const RunResult result = runner_.run(fixture_command("plain"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const std::vector<int> children = pids_after(result.out.data, "child");
  ASSERT_EQ(children.size(), 1U) << result.out.data;
  EXPECT_EQ(result.out.data.find(" tracer 0\n"), std::string::npos) << result.out.data;
  EXPECT_TRUE(contains(result.observed.created_processes(), children[0]));
  expect_everything_gone(result);
}

TEST_F(ObservedSyscallFilterTest, PythonThreadsWork) {
  // glibc starts threads with clone3 and falls back to clone on ENOSYS.
  const RunResult result = runner_.run(python_command("five_threads.py"));
  EXPECT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "threads done\n");
  EXPECT_EQ(result.observed.threads_created_in(result.pid), 5U);
  expect_everything_gone(result);
}

TEST_F(ObservedSyscallFilterTest, MultiprocessingWorksWithEveryStartMethod) {
  for (const char* method : {"fork", "spawn", "forkserver"}) {
    Command command = python_command("mp_children.py", 10'000ms);
    command.argv.push_back(method);
    const RunResult result = runner_.run(command);
    EXPECT_TRUE(result.clean_exit()) << method << ": " << describe_end(result) << result.err.data;
    const std::vector<int> workers = pids_after(result.out.data, "worker");
    ASSERT_EQ(workers.size(), 3U) << method << ": " << result.out.data;
    for (const int pid : workers) {
      EXPECT_TRUE(contains(result.observed.created_processes(), pid)) << method << ": " << pid;
    }
    expect_everything_gone(result);
  }
}

}  // namespace
}  // namespace grade::isolate

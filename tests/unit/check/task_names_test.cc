// `each ... in observed.<set>.names`: printed names against the names the kernel had for the
// run's tasks, on canned observations.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "canned_run.h"
#include "check/evaluate.h"
#include "support/check_results.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using run::Task;
using testing::by_id;
using testing::canned_thread;

constexpr int kLauncher = 4100;

const spec::Exercise& spec() {
  static const spec::Exercise exercise =
      testing::SpecFile(std::string(testing::kThreadLineSpecHead) + R"(  - id: real-names
    title: real-names
    each: {of: thread_line.name, op: in, fact: observed.threads.names}
  - id: not-a-thread
    title: not-a-thread
    each: {of: thread_line.name, op: not_in, fact: observed.threads.names}
)")
          .load();
  return exercise;
}

// "Thread name: <name>, Process ID: 4100" lines, one per name.
std::string lines(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    out += "Thread name: " + name + ", Process ID: 4100\n";
  }
  return out;
}

Task named_thread(int tid, const std::string& name) {
  Task t = canned_thread(tid, kLauncher);
  t.name = name;
  return t;
}

// A run of a program named "ex2" with the given threads that printed `out`.
run::RunResult run_of(const std::string& out, const std::vector<Task>& threads) {
  run::RunResult r = testing::observed_run(kLauncher, threads, out);
  r.observed.tasks[0].name = "ex2";
  return r;
}

CheckResult real_names(const run::RunResult& run) {
  return by_id(evaluate(spec(), run), "real-names");
}

TEST(TaskNames, PrintedNamesEqualToThreadNamesPass) {
  const CheckResult r =
      real_names(run_of(lines({"worker-1", "worker-2"}),
                        {named_thread(4101, "worker-1"), named_thread(4102, "worker-2")}));
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.message;
}

TEST(TaskNames, ANameTheKernelCutAt15BytesMatchesWhatWasPrinted) {
  const run::RunResult run =
      run_of(lines({"compute-thread-number-1"}), {named_thread(4101, "compute-thread-")});
  EXPECT_EQ(real_names(run).status, CheckStatus::kPass) << real_names(run).message;
  // Shorter than 15 bytes, a name was not cut: a longer printed name is another one.
  const run::RunResult short_name = run_of(lines({"worker-10"}), {named_thread(4101, "worker-1")});
  EXPECT_EQ(real_names(short_name).status, CheckStatus::kFail);
}

TEST(TaskNames, AMadeUpNameFailsSayingWhatWasPrintedAndWhatTheThreadsWereCalled) {
  const CheckResult r = real_names(run_of(
      lines({"worker-1", "\u009b2Jghost"}),
      {named_thread(4101, "worker-1"), named_thread(4102, "ex2"), named_thread(4103, "ex2")}));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected every name in the names of the 3 threads the program started "
            "(observed.threads.names: 'worker-1', 'ex2'), but 1 of 2 is not: \\u009b2Jghost");
}

TEST(TaskNames, ThreadsWhoseNameWasNotReadHaveNone) {
  const CheckResult r = real_names(run_of(lines({"worker-1"}), {named_thread(4101, "")}));
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_NE(r.message.find("(observed.threads.names: none known)"), std::string::npos) << r.message;
}

TEST(TaskNames, NotInFailsOnAThreadsName) {
  const std::vector<CheckResult> results =
      evaluate(spec(), run_of(lines({"worker-1", "other"}), {named_thread(4101, "worker-1")}));
  const CheckResult& r = by_id(results, "not-a-thread");
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.message,
            "expected every name not in the names of the 1 threads the program started "
            "(observed.threads.names: 'worker-1'), but 1 of 2 is not: worker-1");
}

TEST(TaskNames, AnUnobservedRunIsSkipped) {
  run::RunResult run = run_of(lines({"worker-1"}), {named_thread(4101, "worker-1")});
  run.observed.state = run::Observation::State::kUnavailable;
  run.observed.reason = "no ptrace here";
  const CheckResult r = real_names(run);
  EXPECT_EQ(r.status, CheckStatus::kSkip);
  EXPECT_TRUE(r.unobserved);
  EXPECT_EQ(r.message, "not checked: no ptrace here");
}

}  // namespace
}  // namespace grade::check

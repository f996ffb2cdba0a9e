// Checks of who wrote each line (line selectors .author.* and .capture.parent, same_line
// comparisons), on canned observations whose output is attributed write by write.
#include <gtest/gtest.h>

#include "check/canned_run.h"
#include "check/evaluate.h"
#include "support/check_results.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"

namespace grade::check {
namespace {

using run::Observation;
using run::Task;
using testing::by_id;

constexpr int kLauncher = 4242;

const spec::Exercise& threads_spec() {
  static const spec::Exercise exercise =
      testing::SpecFile(std::string(testing::kThreadLineSpecHead) + R"(  - id: lines-from-threads
    title: t
    each: {of: thread_line.author.tid, op: in, fact: observed.threads}
  - id: five-writer-threads
    title: t
    distinct: {of: thread_line.author.tid, equals: 5}
  - id: not-main
    title: t
    each: {of: thread_line.author.is_main_thread, op: "==", value: false}
  - id: in-launched
    title: t
    each: {of: thread_line.author.is_launched, op: "==", value: true}
  - id: one-process
    title: t
    all_equal: {of: thread_line.author.pid}
  - id: text-only
    title: t
    count: {of: thread_line, equals: 5}
)")
          .load();
  return exercise;
}

const spec::Exercise& pids_spec() {
  static const spec::Exercise exercise =
      testing::SpecFile(std::string(testing::kPidLineSpecHead) + R"(  - id: by-their-process
    title: t
    each: {of: pid_line.author.pid, op: in, same_line: [pid_line.pid, pid_line.pid.parent]}
  - id: by-the-launcher
    title: t
    each: {of: pid_line.author.parent_pid, op: "==", same_line: pid_line.pid.parent}
)")
          .load();
  return exercise;
}

Task task(Task::Kind kind, int tid, int pid, int parent) {
  return testing::canned_task(kind, tid, pid, parent);
}

// An observed run of the launcher that created `created` and wrote `writes` (text, tid,
// pid) in that order to stdout.
run::RunResult run_with(const std::vector<Task>& created,
                        const std::vector<std::tuple<std::string, int, int>>& writes) {
  run::RunResult r = testing::observed_run(kLauncher, created);
  for (const auto& [text, tid, pid] : writes) {
    r.out.data += text;
    r.observed.out.segments.push_back({text.size(), tid, pid});
  }
  return r;
}

std::vector<Task> five_threads() {
  std::vector<Task> out;
  for (int tid = 4243; tid <= 4247; ++tid) {
    out.push_back(task(Task::Kind::kThread, tid, kLauncher, kLauncher));
  }
  return out;
}

std::string line(int n) {
  return "Thread name: worker-" + std::to_string(n) + ", Process ID: 4242\n";
}

TEST(AuthorshipChecks, LinesWrittenByTheirThreadsPass) {
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    writes.emplace_back(line(n), 4242 + n, kLauncher);
  }
  for (const CheckResult& r : evaluate(threads_spec(), run_with(five_threads(), writes))) {
    EXPECT_EQ(r.status, CheckStatus::kPass) << r.id << ": " << r.message;
  }
}

TEST(AuthorshipChecks, LinesOfTheMainThreadAreNamedAsSuch) {
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    writes.emplace_back(line(n), kLauncher, kLauncher);
  }
  const auto results = evaluate(threads_spec(), run_with(five_threads(), writes));
  const CheckResult& from = by_id(results, "lines-from-threads");
  EXPECT_EQ(from.status, CheckStatus::kFail);
  EXPECT_EQ(from.message,
            "expected every one of the \"Thread name: <name>, Process ID: <pid>\" lines to be "
            "written by one of the 5 threads the program started (observed.threads: 4243, 4244, "
            "4245, 4246, 4247), but the 5 lines were all written by the main thread (TID 4242), "
            "while the 5 threads the program started wrote none of them");
  const CheckResult& writers = by_id(results, "five-writer-threads");
  EXPECT_EQ(writers.status, CheckStatus::kFail);
  EXPECT_EQ(writers.message,
            "expected \"Thread name: <name>, Process ID: <pid>\" lines to be written by exactly 5 "
            "different threads, saw 1: the main thread (TID 4242) (5 lines)");
  EXPECT_EQ(by_id(results, "not-main").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "not-main").message,
            "expected every one of the \"Thread name: <name>, Process ID: <pid>\" lines to be "
            "written by a thread the program started, not by a main thread, but the 5 lines were "
            "all written by the main thread (TID 4242)");
  EXPECT_EQ(by_id(results, "in-launched").status, CheckStatus::kPass);
}

TEST(AuthorshipChecks, OneThreadWritingForOthersIsCaught) {
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    writes.emplace_back(line(n), n == 5 ? 4247 : 4243, kLauncher);
  }
  const auto results = evaluate(threads_spec(), run_with(five_threads(), writes));
  EXPECT_EQ(by_id(results, "lines-from-threads").status, CheckStatus::kPass);
  EXPECT_EQ(by_id(results, "five-writer-threads").message,
            "expected \"Thread name: <name>, Process ID: <pid>\" lines to be written by exactly 5 "
            "different threads, saw 2: thread 4243 of the main program (4 lines), thread 4247 of "
            "the main program");
}

TEST(AuthorshipChecks, AThreadOfAnotherProcessIsNotOfTheLaunchedOne) {
  std::vector<Task> created = five_threads();
  created.push_back(task(Task::Kind::kProcess, 4300, 4300, kLauncher));
  created.push_back(task(Task::Kind::kThread, 4301, 4300, 4300));
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    writes.emplace_back(line(n), n == 1 ? 4301 : 4242 + n, n == 1 ? 4300 : kLauncher);
  }
  const auto results = evaluate(threads_spec(), run_with(created, writes));
  EXPECT_EQ(by_id(results, "lines-from-threads").message,
            "expected every one of the \"Thread name: <name>, Process ID: <pid>\" lines to be "
            "written by one of the 5 threads the program started (observed.threads: 4243, 4244, "
            "4245, 4246, 4247), but 1 of the 5 lines was written by thread 4301 of process 4300");
  EXPECT_EQ(by_id(results, "not-main").status, CheckStatus::kPass);
  EXPECT_EQ(by_id(results, "in-launched").status, CheckStatus::kFail);
  EXPECT_EQ(by_id(results, "in-launched").message,
            "expected every one of the \"Thread name: <name>, Process ID: <pid>\" lines to be "
            "written by your program's own process (PID 4242), but 1 of the 5 lines was written "
            "by thread 4301 of process 4300");
  EXPECT_EQ(by_id(results, "one-process").message,
            "expected the \"Thread name: <name>, Process ID: <pid>\" lines to be written by one "
            "and the same process, but 2 different processes wrote them: thread 4301 of "
            "process 4300, thread 4244 of the main program (4 lines)");
}

TEST(AuthorshipChecks, ATornOrUnattributedLineSkipsInsteadOfPassing) {
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    writes.emplace_back(line(n), 4242 + n, kLauncher);
  }
  run::RunResult r = run_with(five_threads(), writes);
  // Line 3 torn: its first half by one thread, the rest by another.
  r.observed.out.segments[2].length = 10;
  r.observed.out.segments.insert(r.observed.out.segments.begin() + 3,
                                 {line(3).size() - 10, 4243, kLauncher});
  auto results = evaluate(threads_spec(), r);
  for (const char* id : {"lines-from-threads", "five-writer-threads", "not-main"}) {
    const CheckResult& c = by_id(results, id);
    EXPECT_EQ(c.status, CheckStatus::kSkip) << id;
    EXPECT_TRUE(c.unobserved) << id;
    EXPECT_EQ(c.message,
              "not checked: line 3 was written by several tasks at once, so who wrote it is not "
              "known")
        << id;
  }
  EXPECT_EQ(by_id(results, "text-only").status, CheckStatus::kPass);

  // Bytes past the attributed ones.
  r = run_with(five_threads(), writes);
  r.observed.out.segments.pop_back();
  r.observed.out.unattributed_reason = "a process was killed while it wrote";
  results = evaluate(threads_spec(), r);
  EXPECT_EQ(by_id(results, "five-writer-threads").message,
            "not checked: who wrote line 5 is not known: a process was killed while it wrote");
}

// Without a lock, one thread's write may carry another thread's line (they share Python's
// buffer): which thread printed it is then not known, and a count it decides is skipped.
TEST(AuthorshipChecks, LinesSharingAWriteDoNotDecideHowManyThreadsPrinted) {
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    if (n != 4) {
      writes.emplace_back(n == 3 ? line(3) + line(4) : line(n), 4242 + n, kLauncher);
    }
  }
  const auto results = evaluate(threads_spec(), run_with(five_threads(), writes));
  const CheckResult& writers = by_id(results, "five-writer-threads");
  EXPECT_EQ(writers.status, CheckStatus::kSkip);
  EXPECT_EQ(writers.message,
            "not checked: lines 3, 4 went out in one write with another line; the threads of a "
            "process share its output buffer, so which thread printed them is not known (a lock "
            "around print makes each thread write its own line)");
  EXPECT_EQ(by_id(results, "lines-from-threads").status, CheckStatus::kPass);
}

TEST(AuthorshipChecks, ADefiniteFailureIsNotHiddenByAnUnknownLine) {
  std::vector<std::tuple<std::string, int, int>> writes;
  for (int n = 1; n <= 5; ++n) {
    writes.emplace_back(line(n), kLauncher, kLauncher);
  }
  run::RunResult r = run_with(five_threads(), writes);
  r.observed.out.segments.pop_back();
  r.observed.out.unattributed_reason = "a process was killed while it wrote";
  EXPECT_EQ(by_id(evaluate(threads_spec(), r), "lines-from-threads").status, CheckStatus::kFail);
}

TEST(AuthorshipChecks, UnobservedRunsSkipEveryAuthorCheck) {
  run::RunResult r = testing::exited(0, line(1), kLauncher);
  r.observed.state = Observation::State::kOff;
  r.observed.reason = "observation is turned off";
  const auto results = evaluate(threads_spec(), r);
  for (const char* id :
       {"lines-from-threads", "five-writer-threads", "not-main", "in-launched", "one-process"}) {
    EXPECT_EQ(by_id(results, id).status, CheckStatus::kSkip) << id;
    EXPECT_TRUE(by_id(results, id).unobserved) << id;
  }
}

TEST(AuthorshipChecks, APidLineMayBeWrittenByItsProcessOrItsCreator) {
  const std::vector<Task> created = {task(Task::Kind::kProcess, 4301, 4301, kLauncher),
                                     task(Task::Kind::kProcess, 4302, 4302, kLauncher),
                                     task(Task::Kind::kProcess, 4303, 4303, 4302)};
  const auto results =
      evaluate(pids_spec(), run_with(created, {{"Process ID: 4301\n", 4301, 4301},
                                               {"Process ID: 4302\n", 4242, 4242},
                                               {"Process ID: 4303\n", 4302, 4302}}));
  EXPECT_EQ(by_id(results, "by-their-process").status, CheckStatus::kPass)
      << by_id(results, "by-their-process").message;
}

TEST(AuthorshipChecks, APidLineWrittenBySomeoneElseSaysWhoAndWhy) {
  const std::vector<Task> created = {task(Task::Kind::kProcess, 4301, 4301, kLauncher),
                                     task(Task::Kind::kProcess, 4302, 4302, kLauncher)};
  const auto results = evaluate(
      pids_spec(),
      run_with(created, {{"Process ID: 4302\n", 4301, 4301}, {"Process ID: 5000\n", 4301, 4301}}));
  const CheckResult& c = by_id(results, "by-their-process");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "expected every author.pid in (pid, pid.parent) of the same line, but 2 of 2 lines "
            "are not: line 1 'Process ID: 4302' was written by process 4301; pid is 4302, "
            "pid.parent is 4242; line 2 'Process ID: 5000' was written by process 4301; pid is "
            "5000, pid.parent has no value (5000 is not a process the run created)");
  // The launched program's creator is the grader: no value, so == cannot hold.
  const CheckResult& launcher = by_id(results, "by-the-launcher");
  EXPECT_EQ(launcher.status, CheckStatus::kFail);
}

// A capture too large for a PID has no creator (found by tests/fuzz: casting it to int was
// undefined behaviour, which the asan preset reports).
TEST(AuthorshipChecks, ANumberBeyondAnyPidHasNoParent) {
  const std::vector<Task> created = {task(Task::Kind::kProcess, 4301, 4301, kLauncher)};
  const auto results = evaluate(
      pids_spec(), run_with(created, {{"Process ID: 99999999999999999999\n", 4301, 4301}}));
  const CheckResult& c = by_id(results, "by-their-process");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_NE(c.message.find("pid.parent has no value ('99999999999999999999' is not a PID)"),
            std::string::npos)
      << c.message;
}

}  // namespace
}  // namespace grade::check

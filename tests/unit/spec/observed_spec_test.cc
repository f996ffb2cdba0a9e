// The spec vocabulary of observation: the `observed` check kind, the observed.processes fact
// with `in` / `not_in`, and the limits that go with containment.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "spec/checks_spec.h"
#include "spec/settings_reader.h"
#include "support/spec_error.h"
#include "support/spec_file.h"

namespace grade::spec {
namespace {

const std::string_view kHead = testing::kPidLineSpecHead;

// The message of loading a spec whose checks are `checks`, or "" when it loads.
using testing::load_checks_error;

TEST(ObservedSpec, ObservedKindAndSetFactLoad) {
  const Exercise exercise = testing::SpecFile(std::string(kHead) + R"(  - id: real
    title: Real processes
    observed: {of: processes, at_least: 3}
  - id: pids
    title: Printed PIDs are real
    each: {of: pid_line.pid, op: in, fact: observed.processes}
  - id: threads
    title: No threads
    observed: {of: threads, equals: 0}
  - id: count
    title: Text only
    count: {of: pid_line, equals: 3}
)")
                                .load();
  const auto& real = std::get<ObservedCheck>(exercise.checks[0].kind);
  EXPECT_EQ(real.of, TaskSet::kProcesses);
  EXPECT_EQ(real.bound.at_least, 3);
  const auto& pids = std::get<EachCheck>(exercise.checks[1].kind);
  EXPECT_EQ(pids.op, Op::kIn);
  EXPECT_EQ(std::get<Fact>(pids.rhs), (Fact{Fact::Kind::kTaskIds, TaskSet::kProcesses}));
  EXPECT_TRUE(exercise.checks[0].needs_observation());
  EXPECT_TRUE(exercise.checks[1].needs_observation());
  EXPECT_TRUE(exercise.checks[2].needs_observation());
  EXPECT_FALSE(exercise.checks[3].needs_observation());
}

TEST(ObservedSpec, MistakesAreNamedWithTheirPlace) {
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, observed: {of: proceses, at_least: 1}}\n"),
            ":9:38: unknown task set 'proceses' (known: processes, direct_processes, "
            "worker_processes, threads, all_threads, worker_threads); did you mean 'processes'?");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, observed: {of: threads}}\n"),
            ":9:33: 'observed' of check 'a' needs 'equals', 'at_least' or 'at_most'");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, each: {of: pid_line.pid, op: in, value: 3}}\n"),
      ":9:29: 'in' and 'not_in' compare with a fact that is a set, such as "
      "'observed.processes', with same_line alternatives, or with every value of a capture");
  EXPECT_EQ(
      load_checks_error(
          "  - {id: a, title: A, each: {of: pid_line.pid, op: '==', fact: observed.processes}}\n"),
      ":9:64: 'observed.processes' is a set of values; compare with 'in' or 'not_in'");
  EXPECT_EQ(load_checks_error(
                "  - {id: a, title: A, each: {of: pid_line.pid, op: not_in, fact: run.pid}}\n"),
            ":9:66: 'run.pid' is a single value; compare it with == != < <= > >=");
  EXPECT_EQ(load_checks_error(
                "  - {id: a, title: A, each: {of: pid_line.pid, op: in, fact: run.pids}}\n"),
            ":9:62: unknown fact 'run.pids' (known: run.pid, run.wall_time, run.cpus, "
            "run.online_cpus, observed.<set>, "
            "observed.<set>.names, observed.<set>.span, observed.<set>.cpu, observed.<set>.count, "
            "where <set> is one "
            "of processes, direct_processes, worker_processes, threads, all_threads, "
            "worker_threads); did you mean 'run.pid'?");
}

TEST(ObservedSpec, TaskNamesAreASetOfNamesThatNeedsObservation) {
  const Exercise exercise = testing::load_checks(R"(  - id: named
    title: Printed names are real thread names
    each: {of: pid_line.pid, op: in, fact: observed.threads.names}
  - id: not-a-worker
    title: Not a worker's name
    each: {of: pid_line.pid, op: not_in, fact: observed.worker_threads.names}
)");
  const auto& named = std::get<EachCheck>(exercise.checks[0].kind);
  EXPECT_EQ(std::get<Fact>(named.rhs), (Fact{Fact::Kind::kTaskNames, TaskSet::kThreads}));
  EXPECT_EQ(std::get<Fact>(named.rhs).name(), "observed.threads.names");
  const auto& other = std::get<EachCheck>(exercise.checks[1].kind);
  EXPECT_EQ(other.op, Op::kNotIn);
  EXPECT_EQ(std::get<Fact>(other.rhs), (Fact{Fact::Kind::kTaskNames, TaskSet::kWorkerThreads}));
  EXPECT_TRUE(exercise.checks[0].needs_observation());
  EXPECT_EQ(find_fact("observed.processes.names"),
            (Fact{Fact::Kind::kTaskNames, TaskSet::kProcesses}));
}

TEST(ObservedSpec, TaskNamesTakeOnlyInAndNotIn) {
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, each: {of: pid_line.pid, op: '==', fact: "
                              "observed.threads.names}}\n"),
            ":9:64: 'observed.threads.names' is a set of values; compare with 'in' or "
            "'not_in'");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, each: {of: pid_line.pid, op: '<', fact: "
                              "observed.threads.names}}\n"),
            ":9:63: 'observed.threads.names' is a set of values; compare with 'in' or "
            "'not_in'");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, each: {of: pid_line.pid, op: in, fact: "
                              "observed.threads.name}}\n"),
            ":9:62: unknown fact 'observed.threads.name' (known: run.pid, run.wall_time, run.cpus, "
            "run.online_cpus, "
            "observed.<set>, observed.<set>.names, observed.<set>.span, observed.<set>.cpu, "
            "observed.<set>.count, "
            "where <set> is one of processes, direct_processes, worker_processes, threads, "
            "all_threads, worker_threads); did you mean 'observed.threads.names'?");
}

TEST(ObservedSpec, LimitsOfContainmentAreReadAndChecked) {
  const YamlReader reader(testing::kSpecFileName);
  const LimitOverrides limits =
      read_limits(reader, YAML::Load("{cpu_time: 2s, memory: 512MiB, tasks: 64, file_size: 1MiB, "
                                     "open_files: 32}"));
  const Limits applied = limits.apply_to(Limits{});
  EXPECT_EQ(applied.cpu_time, std::chrono::seconds(2));
  EXPECT_EQ(applied.memory_bytes, std::size_t{512} << 20);
  EXPECT_EQ(applied.tasks, 64);
  EXPECT_EQ(applied.file_bytes, std::size_t{1} << 20);
  EXPECT_EQ(applied.open_files, 32);
  EXPECT_EQ(applied.wall_time, Limits{}.wall_time);  // untouched keys keep the default

  const auto error = [&](const std::string& yaml) {
    return testing::spec_error_of([&] { (void)read_limits(reader, YAML::Load(yaml)); });
  };
  EXPECT_EQ(error("{tasks: 0}"), ":1:9: tasks must be between 1 and 100000, found 0");
  EXPECT_EQ(error("{open_files: 3}"), ":1:14: open_files must be between 8 and 1048576, found 3");
  EXPECT_EQ(error("{memroy: 1GiB}"),
            ":1:2: unknown key 'memroy' in limits; did you mean 'memory'?");
}

}  // namespace
}  // namespace grade::spec

// The spec vocabulary of ground truth: task sets, line selectors (.author.*, .capture.parent),
// same_line comparisons, boolean values, the facts over task sets, and the ended and
// matches_span kinds; every mistake named with its place.
#include <string>

#include <gtest/gtest.h>

#include "spec/checks_spec.h"

namespace grade::spec {
namespace {

using testing::load_checks_error;

Exercise load(const std::string& checks) { return testing::load_checks(checks); }

TEST(GroundTruthSpec, SelectorsAndSameLineLoad) {
  const Exercise exercise = load(R"(  - id: a
    title: t
    each: {of: pid_line.author.pid, op: in, same_line: [pid_line.pid, pid_line.pid.parent]}
  - id: b
    title: t
    each: {of: pid_line.author.is_main_thread, op: "==", value: false}
  - id: c
    title: t
    distinct: {of: pid_line.author.tid, equals: 3}
  - id: d
    title: t
    each: {of: pid_line.author.parent_pid, op: "==", same_line: pid_line.pid.parent}
  - id: e
    title: t
    all_equal: {of: pid_line.pid}
)");
  const auto& a = std::get<EachCheck>(exercise.checks[0].kind);
  EXPECT_EQ(a.of.kind, LineSelector::Kind::kAuthorPid);
  EXPECT_EQ(a.of.str(), "pid_line.author.pid");
  const auto& alternatives = std::get<SameLine>(a.rhs).selectors;
  ASSERT_EQ(alternatives.size(), 2U);
  EXPECT_EQ(alternatives[0].kind, LineSelector::Kind::kCapture);
  EXPECT_EQ(alternatives[1].kind, LineSelector::Kind::kCaptureParent);
  EXPECT_EQ(alternatives[1].name(), "pid.parent");
  EXPECT_FALSE(std::get<bool>(std::get<EachCheck>(exercise.checks[1].kind).rhs));
  EXPECT_EQ(std::get<DistinctCheck>(exercise.checks[2].kind).of.kind,
            LineSelector::Kind::kAuthorTid);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(exercise.checks[i].needs_observation()) << i;
  }
  EXPECT_FALSE(exercise.checks[4].needs_observation());
}

TEST(GroundTruthSpec, FactsAndKindsOverTaskSetsLoad) {
  const Exercise exercise = load(R"(  - id: a
    title: t
    observed: {of: worker_processes, equals: 3}
  - id: b
    title: t
    ended: {of: direct_processes, exit_code: 0}
  - id: c
    title: t
    matches_span: {of: pid_line.pid, tasks: worker_threads, rounds: true, relative: 0.25, below: 0.01, above: 0}
  - id: d
    title: t
    each: {of: pid_line.pid, op: in, fact: observed.processes.workers}
  - id: e
    title: t
    each: {of: pid_line.pid, op: "<", fact: observed.all_threads.cpu}
  - id: f
    title: t
    matches_span: {of: pid_line.pid, tasks: threads}
)");
  EXPECT_EQ(std::get<ObservedCheck>(exercise.checks[0].kind).of, TaskSet::kWorkerProcesses);
  EXPECT_EQ(std::get<EndedCheck>(exercise.checks[1].kind).of, TaskSet::kDirectProcesses);
  const auto& span = std::get<MatchesSpanCheck>(exercise.checks[2].kind);
  EXPECT_EQ(span.tasks, TaskSet::kWorkerThreads);
  EXPECT_TRUE(span.rounds);
  EXPECT_DOUBLE_EQ(span.relative, 0.25);
  EXPECT_DOUBLE_EQ(span.below, 0.01);
  EXPECT_DOUBLE_EQ(span.above, 0);
  const Fact workers = std::get<Fact>(std::get<EachCheck>(exercise.checks[3].kind).rhs);
  EXPECT_EQ(workers.name(), "observed.worker_processes");
  EXPECT_EQ(std::get<Fact>(std::get<EachCheck>(exercise.checks[4].kind).rhs).name(),
            "observed.all_threads.cpu");
  const auto& defaults = std::get<MatchesSpanCheck>(exercise.checks[5].kind);
  EXPECT_FALSE(defaults.rounds);
  EXPECT_DOUBLE_EQ(defaults.relative, 0.5);
  EXPECT_DOUBLE_EQ(defaults.below, 0.05);
  EXPECT_DOUBLE_EQ(defaults.above, 0.15);
  for (const Check& check : exercise.checks) {
    EXPECT_TRUE(check.needs_observation()) << check.id;
  }
}

TEST(GroundTruthSpec, SelectorMistakesAreNamedWithSuggestions) {
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, distinct: {of: pid_line.author.tdi, equals: 1}}\n"),
      ":9:38: unknown author field 'tdi' (known: pid, tid, parent_pid, is_main_thread, "
      "is_launched); did you mean 'tid'?");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, distinct: {of: pid_line.author, equals: 1}}\n"),
      ":9:38: 'author' needs a field, as in 'pid_line.author.pid' (known: pid, tid, "
      "parent_pid, is_main_thread, is_launched)");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, distinct: {of: pid_lines.pid, equals: 1}}\n"),
            ":9:38: of refers to an unknown extractor 'pid_lines'; did you mean 'pid_line'?");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, distinct: {of: pid_line.pid.parnet, equals: 1}}\n"),
      ":9:38: only 'parent' may follow a capture, as in 'pid_line.pid.parent'; found "
      "'parnet'");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, picks_min: {choice: pid_line.author.pid, options: "
                        "{a: pid_line.pid, b: pid_line.pid}}}\n"),
      ":9:43: choice must be a capture ('extractor.capture'), found 'pid_line.author.pid'");
}

TEST(GroundTruthSpec, ComparisonMistakesAreNamed) {
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, each: {of: pid_line.author.is_launched, op: '==', "
                        "value: 1}}\n"),
      ":9:80: 'pid_line.author.is_launched' is true or false; compare it with value: true "
      "or value: false");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, each: {of: pid_line.author.is_launched, op: '<', "
                        "value: true}}\n"),
      ":9:29: 'pid_line.author.is_launched' is true or false: compare it with == or !=");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, each: {of: pid_line.pid, op: '==', value: true}}\n"),
      ":9:65: only author.is_main_thread and author.is_launched are true or false; "
      "'pid_line.pid' is not");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, each: {of: pid_line.author.pid, op: '==', "
                              "same_line: [pid_line.pid, pid_line.pid.parent]}}\n"),
            ":9:76: a list of alternatives in same_line takes 'in' or 'not_in'");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, each: {of: pid_line.author.pid, op: in, value: 3, "
                        "same_line: pid_line.pid}}\n"),
      ":9:29: each needs exactly one of 'value', 'fact', 'capture', 'same_line' or 'expr' to "
      "compare with");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, each: {of: pid_line.author.pid, op: '<', fact: "
                        "observed.worker_threds.span}}\n"),
      ":9:70: unknown fact 'observed.worker_threds.span' (known: run.pid, run.wall_time, run.cpus, "
      "run.online_cpus, "
      "observed.<set>, observed.<set>.names, observed.<set>.span, observed.<set>.cpu, "
      "observed.<set>.count, where "
      "<set> is one of processes, direct_processes, worker_processes, threads, all_threads, "
      "worker_threads); did you mean 'observed.worker_threads.span'?");
}

TEST(GroundTruthSpec, KindMistakesAreNamed) {
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, ended: {of: workers, exit_code: 0}}\n"),
            ":9:35: unknown task set 'workers' (known: processes, direct_processes, "
            "worker_processes, threads, all_threads, worker_threads)");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, ended: {of: threads, exit_code: 256}}\n"),
            ":9:55: exit code must be between 0 and 255, found 256");
  EXPECT_EQ(load_checks_error("  - {id: a, title: A, ended: {of: threads, exitcode: 0}}\n"),
            ":9:44: unknown key 'exitcode' in 'ended' of check 'a'; did you mean 'exit_code'?");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, matches_span: {of: pid_line.pid, tasks: threads, "
                        "below: -1}}\n"),
      ":9:79: below must not be negative, found -1");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, matches_span: {of: pid_line.pid, tasks: threads, "
                        "relative: 2}}\n"),
      ":9:82: relative must be between 0 and 1, found 2");
  EXPECT_EQ(
      load_checks_error("  - {id: a, title: A, matches_span: {of: pid_line.pid, tasks: threads, "
                        "rounds: yes}}\n"),
      ":9:80: rounds must be true or false, found 'yes'");
}

}  // namespace
}  // namespace grade::spec

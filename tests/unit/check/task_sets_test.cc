// The task-set vocabulary (check/task_sets.h) on canned observations: which tasks each set
// holds, who created a process, and the span and CPU time of a set.
#include "check/task_sets.h"

#include <gtest/gtest.h>

#include "check/canned_run.h"

namespace grade::check {
namespace {

using run::Observation;
using run::Task;
using spec::TaskSet;

constexpr int kLauncher = 4100;

Task process(int pid, int parent, double start = 0, double end = 1) {
  return testing::canned_process(pid, parent, start, end);
}

Task thread(int tid, int pid, double start = 0, double end = 1) {
  return testing::canned_thread(tid, pid, start, end);
}

Task helper(int pid, int parent, const char* module) {
  return testing::canned_helper(pid, parent, module);
}

Observation observed(const std::vector<Task>& created) {
  return testing::observed_run(kLauncher, created).observed;
}

std::vector<int> ids(const Observation& o, TaskSet set) { return select_tasks(o, set).ids(); }

TEST(TaskSets, ProcessSetsTellChildrenWorkersAndHelpersApart) {
  // A fork server (4101) forks the workers 4103 and 4104; the resource tracker 4102; a child
  // 4105 of its own forks a grandchild 4106.
  const Observation o = observed(
      {helper(4101, kLauncher, "forkserver"), helper(4102, kLauncher, "resource_tracker"),
       process(4103, 4101), process(4104, 4101), process(4105, kLauncher), process(4106, 4105)});
  EXPECT_EQ(ids(o, TaskSet::kProcesses), (std::vector<int>{4101, 4102, 4103, 4104, 4105, 4106}));
  EXPECT_EQ(ids(o, TaskSet::kDirectProcesses), (std::vector<int>{4101, 4102, 4105}));
  EXPECT_EQ(ids(o, TaskSet::kWorkerProcesses), (std::vector<int>{4103, 4104, 4105, 4106}));
  EXPECT_EQ(select_tasks(o, TaskSet::kWorkerProcesses).helpers.size(), 2U);
}

TEST(TaskSets, WorkersOfAForkServerStartWithIt) {
  // The fork server starts at 0.2 s and forks its workers at 0.3 s; the resource tracker,
  // started long before, changes nothing.
  Task server = helper(4101, kLauncher, "forkserver");
  server.start_seconds = 0.2;
  Task tracker = helper(4102, kLauncher, "resource_tracker");
  tracker.start_seconds = 0.01;
  const Observation o =
      observed({server, tracker, process(4103, 4101, 0.3, 0.5), process(4104, 4101, 0.31, 0.6)});
  const TaskSelection workers = select_tasks(o, TaskSet::kWorkerProcesses);
  EXPECT_DOUBLE_EQ(*span_of(workers).value, 0.4);
  EXPECT_DOUBLE_EQ(*shortest_life(workers).value, 0.2);  // a task's own life
}

TEST(TaskSets, ThreadSetsAndTheHelperThreadsOfAPool) {
  // Threads 4101 and 4102 run alone; then a pool's processes 4103 and 4104 live from 1 to 2,
  // and the pool's helper threads 4105 and 4106 start in the main program meanwhile; a
  // worker's own thread 4107; thread 4108 starts once the workers are gone.
  const Observation o =
      observed({thread(4101, kLauncher, 0.1, 0.2), thread(4102, kLauncher, 0.1, 0.3),
                process(4103, kLauncher, 1, 2), process(4104, kLauncher, 1, 2),
                thread(4105, kLauncher, 1.1, 2.1), thread(4106, kLauncher, 1.2, 2.1),
                thread(4107, 4103, 1.3, 1.4), thread(4108, kLauncher, 2.0, 2.2)});
  EXPECT_EQ(ids(o, TaskSet::kThreads), (std::vector<int>{4101, 4102, 4105, 4106, 4108}));
  EXPECT_EQ(ids(o, TaskSet::kAllThreads), (std::vector<int>{4101, 4102, 4105, 4106, 4107, 4108}));
  EXPECT_EQ(ids(o, TaskSet::kWorkerThreads), (std::vector<int>{4101, 4102, 4108}));
}

TEST(TaskSets, AHelperAliveDoesNotMakeThreadsHelpers) {
  const Observation o = observed(
      {testing::canned_helper(4101, kLauncher, "resource_tracker"), thread(4102, kLauncher, 1, 2)});
  EXPECT_EQ(ids(o, TaskSet::kWorkerThreads), (std::vector<int>{4102}));
}

TEST(TaskSets, AWorkerWhoseEndWasNotSeenCountsAsAliveToTheEnd) {
  Task worker = process(4101, kLauncher, 1, 0);
  worker.end_seconds.reset();
  const Observation o = observed({worker, thread(4102, kLauncher, 3, 4)});
  EXPECT_TRUE(ids(o, TaskSet::kWorkerThreads).empty());
}

TEST(TaskSets, TasksPastTheCapAreCountedOrMaybeCounted) {
  Observation o = observed({process(4101, kLauncher)});
  o.omitted.processes = 10;
  o.omitted.threads = 4;
  o.omitted.threads_in_launched = 3;
  const TaskSelection all = select_tasks(o, TaskSet::kProcesses);
  EXPECT_EQ(all.least(), 11U);
  EXPECT_EQ(all.most(), 11U);
  const TaskSelection workers = select_tasks(o, TaskSet::kWorkerProcesses);
  EXPECT_EQ(workers.least(), 1U);
  EXPECT_EQ(workers.most(), 11U);
  EXPECT_EQ(select_tasks(o, TaskSet::kThreads).least(), 3U);
  EXPECT_EQ(select_tasks(o, TaskSet::kAllThreads).least(), 4U);
  EXPECT_EQ(select_tasks(o, TaskSet::kWorkerThreads).most(), 3U);
  EXPECT_FALSE(span_of(all).value);
  EXPECT_NE(span_of(all).unknown.find("more processes and threads than the grader lists"),
            std::string::npos);
}

TEST(TaskSets, TheCreatorOfAForkServersWorkerIsWhoStartedTheServer) {
  const Observation o =
      observed({helper(4101, kLauncher, "forkserver"), process(4102, 4101), process(4103, 4102)});
  EXPECT_EQ(creator_of(o, 4102), kLauncher);
  EXPECT_EQ(creator_of(o, 4103), 4102);
  EXPECT_EQ(creator_of(o, 4101), kLauncher);
  EXPECT_FALSE(creator_of(o, kLauncher));  // the grader started it
  EXPECT_FALSE(creator_of(o, 5000));       // not a process of the run
}

TEST(TaskSets, SpanIsFirstStartToLastEndAndCpuIsTheSum) {
  Observation o = observed({thread(4101, kLauncher, 0.5, 0.7), thread(4102, kLauncher, 0.6, 1.5)});
  o.tasks[1].cpu_seconds = 0.1;
  o.tasks[2].cpu_seconds = 0.25;
  const TaskSelection threads = select_tasks(o, TaskSet::kThreads);
  EXPECT_DOUBLE_EQ(*span_of(threads).value, 1.0);
  EXPECT_DOUBLE_EQ(*shortest_life(threads).value, 0.2);
  EXPECT_DOUBLE_EQ(*cpu_of(threads).value, 0.35);
  EXPECT_DOUBLE_EQ(*span_of(select_tasks(o, TaskSet::kProcesses)).value, 0.0);  // empty set
}

TEST(TaskSets, AnUnknownEndOrCpuTimeIsSaidNotGuessed) {
  Observation o = observed({thread(4101, kLauncher, 0.5, 0.7), thread(4102, kLauncher, 0.6, 1)});
  o.tasks[2].end_seconds.reset();
  o.tasks[1].cpu_seconds.reset();
  const TaskSelection threads = select_tasks(o, TaskSet::kThreads);
  EXPECT_FALSE(span_of(threads).value);
  EXPECT_EQ(span_of(threads).unknown, "the grader did not see thread 4102 end");
  EXPECT_FALSE(cpu_of(threads).value);
  EXPECT_EQ(cpu_of(threads).unknown, "the CPU time of thread 4101 could not be read");
}

TEST(TaskSets, TasksAreDescribedAsAStudentKnowsThem) {
  const Observation o = observed(
      {helper(4101, kLauncher, "resource_tracker"), process(4102, kLauncher), thread(4103, 4102)});
  EXPECT_EQ(describe_task(o, kLauncher, kLauncher), "the main thread (TID 4100)");
  EXPECT_EQ(describe_task(o, 4104, kLauncher), "thread 4104 of the main program");
  EXPECT_EQ(describe_task(o, 4101, 4101), "multiprocessing's resource tracker (PID 4101)");
  EXPECT_EQ(describe_task(o, 4102, 4102), "process 4102");
  EXPECT_EQ(describe_task(o, 4103, 4102), "thread 4103 of process 4102");
}

}  // namespace
}  // namespace grade::check

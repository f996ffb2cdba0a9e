#include "report/timeline.h"

#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "check/canned_run.h"

namespace grade::report {
namespace {

run::Task task(run::Task::Kind kind, int tid, int pid, double start, std::optional<double> end,
               std::optional<double> cpu, std::string name = "python3") {
  run::Task t = testing::canned_task(kind, tid, pid, 0, start);
  t.end_seconds = end;
  t.cpu_seconds = cpu;
  t.name = std::move(name);
  return t;
}

constexpr auto kProcess = run::Task::Kind::kProcess;
constexpr auto kThread = run::Task::Kind::kThread;

// Python's threads take turns; its processes run side by side: the ex3 picture.
std::vector<run::Task> sample() {
  return {task(kProcess, 100, 100, 0.0, 2.0, 0.1),
          task(kProcess, 200, 200, 0.1, 1.1, 1.0, "worker"),
          task(kThread, 101, 100, 0.2, 1.2, 0.5, "Thread-1"),
          task(kThread, 102, 100, 0.2, std::nullopt, 0.45, "Thread-2"),
          task(kThread, 201, 200, 0.3, 0.8, std::nullopt)};
}

TEST(Timeline, ThreadsFollowTheirProcessInOrderOfCreation) {
  const std::vector<run::Task> tasks = sample();
  const Timeline t = layout_timeline(tasks, 1.9);
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(t.rows[0].task->tid, 100);
  EXPECT_EQ(t.rows[1].task->tid, 101);
  EXPECT_EQ(t.rows[2].task->tid, 102);
  EXPECT_EQ(t.rows[3].task->tid, 200);
  EXPECT_EQ(t.rows[4].task->tid, 201);
}

TEST(Timeline, SharesAndUnseenEnds) {
  const std::vector<run::Task> tasks = sample();
  const Timeline t = layout_timeline(tasks, 1.9);
  EXPECT_DOUBLE_EQ(*t.rows[0].cpu_share, 0.05);
  EXPECT_DOUBLE_EQ(*t.rows[1].cpu_share, 0.5);
  EXPECT_DOUBLE_EQ(*t.rows[3].cpu_share, 1.0);
  EXPECT_FALSE(t.rows[4].cpu_share.has_value());
  EXPECT_FALSE(t.rows[2].end_seen);
  EXPECT_DOUBLE_EQ(t.rows[2].end, 2.0) << "an unseen end is the last time seen";
  EXPECT_DOUBLE_EQ(share_opacity(1.0), 1.0);
  EXPECT_DOUBLE_EQ(share_opacity(std::nullopt), 0.15);
  EXPECT_DOUBLE_EQ(share_opacity(0.0), 0.15);
}

TEST(Timeline, AxisCoversTheRunAndMapsTimeToThePlot) {
  const std::vector<run::Task> tasks = sample();
  const Timeline t = layout_timeline(tasks, 1.9);
  EXPECT_DOUBLE_EQ(t.span(), 2.0);
  const TimelineGeometry g;
  EXPECT_DOUBLE_EQ(timeline_x(t, g, 0), g.label_width);
  EXPECT_DOUBLE_EQ(timeline_x(t, g, 1.0), g.label_width + g.plot_width / 2);
  EXPECT_DOUBLE_EQ(timeline_x(t, g, 2.0), g.label_width + g.plot_width);
}

TEST(Timeline, DrawsOneBarPerTaskWithEscapedNames) {
  std::vector<run::Task> tasks = sample();
  tasks[2].name = "<script>";
  const Timeline t = layout_timeline(tasks, 1.9);
  std::ostringstream out;
  {
    HtmlWriter html(out);
    write_timeline(html, t);
  }
  const std::string svg = out.str();
  std::size_t bars = 0;
  for (std::size_t at = svg.find("class=\"task-bar"); at != std::string::npos;
       at = svg.find("class=\"task-bar", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, tasks.size());
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("thread 101 &lt;script&gt;"), std::string::npos) << svg;
  EXPECT_NE(svg.find("CPU 1.00 s (100%)"), std::string::npos) << svg;
}

TEST(Timeline, CapsTheRows) {
  std::vector<run::Task> tasks;
  for (int i = 0; i < 250; ++i) {
    tasks.push_back(task(kProcess, 1000 + i, 1000 + i, 0, 1, 0.5));
  }
  const Timeline t = layout_timeline(tasks, 1);
  EXPECT_EQ(t.rows.size(), Timeline::kMaxRows);
  EXPECT_EQ(t.not_drawn, 50u);
}

}  // namespace
}  // namespace grade::report

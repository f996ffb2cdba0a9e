// Observed runs: every byte of output is attributed to the task that wrote it.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/process_runner.h"
#include "util/text.h"

namespace grade::run {
namespace {

using namespace std::chrono_literals;
using testing::python_command;

// The value after "<key>=" in `line`; 0 if none.
int tagged(std::string_view line, std::string_view key) {
  const std::string needle = std::string(key) + "=";
  const auto at = line.find(needle);
  return at == std::string_view::npos ? 0 : std::stoi(std::string(line.substr(at + needle.size())));
}

struct Line {
  std::string text;
  StreamAttribution::Author author;
};

std::vector<Line> lines_of(const std::string& data, const StreamAttribution& attribution) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  while (begin < data.size()) {
    std::size_t end = data.find('\n', begin);
    end = end == std::string::npos ? data.size() : end + 1;
    lines.push_back(Line{data.substr(begin, end - begin), attribution.author_of(begin, end)});
    begin = end;
  }
  return lines;
}

TEST(AttributionTest, EveryWritePathIsAttributedToItsWriter) {
  const RunResult result = ProcessRunner().run(python_command("write_paths.py"));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const Observation& observed = result.observed;
  ASSERT_TRUE(observed.observed());
  EXPECT_EQ(observed.out.unattributed_reason, "");
  EXPECT_EQ(observed.out.attributed_bytes(), result.out.data.size());
  EXPECT_EQ(observed.err.attributed_bytes(), result.err.data.size());
  std::vector<Line> lines = lines_of(result.out.data, observed.out);
  for (const Line& line : lines_of(result.err.data, observed.err)) {
    lines.push_back(line);
  }
  int checked = 0;
  for (const Line& line : lines) {
    if (tagged(line.text, "tid") == 0) {
      continue;  // the sendfile'd bytes: checked with their line below
    }
    ++checked;
    ASSERT_EQ(line.author.kind, StreamAttribution::Author::Kind::kOne) << line.text;
    EXPECT_EQ(line.author.tid, tagged(line.text, "tid")) << line.text;
    EXPECT_EQ(line.author.pid, tagged(line.text, "pid")) << line.text;
  }
  EXPECT_EQ(checked, 12) << result.out.data << result.err.data;
  const std::string sent = "xxxxxxxxxx\n";
  const auto at = result.out.data.find(sent);
  ASSERT_NE(at, std::string::npos) << result.out.data;
  EXPECT_EQ(observed.out.author_of(at, at + sent.size()).pid, result.pid);
}

TEST(AttributionTest, WritersInFlightTogetherAreEachAttributed) {
  const RunResult result = ProcessRunner().run(python_command("many_writers.py", 20000ms));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const Observation& observed = result.observed;
  EXPECT_EQ(observed.out.unattributed_reason, "");
  const std::vector<Line> lines = lines_of(result.out.data, observed.out);
  EXPECT_EQ(lines.size(), 25U * 30U);
  for (const Line& line : lines) {
    ASSERT_EQ(line.author.kind, StreamAttribution::Author::Kind::kOne) << line.text;
    ASSERT_EQ(line.author.tid, tagged(line.text, "tid")) << line.text;
    ASSERT_EQ(line.author.pid, tagged(line.text, "pid")) << line.text;
  }
}

TEST(AttributionTest, AfterAWriterIsKilledMidWriteTheRestIsMarkedUnattributed) {
  Command command = python_command("killed_writer.py", 20000ms);
  command.output_limit = 1UL << 30;
  const RunResult result = ProcessRunner().run(command);
  ASSERT_TRUE(result.clean_exit()) << describe_end(result);
  const Observation& observed = result.observed;
  // stdout was not being written when the child died: every byte of it is known.
  EXPECT_EQ(observed.out.unattributed_reason, "");
  EXPECT_EQ(observed.out.author_of(0, result.out.data.size()).pid, result.pid);
  const std::size_t size = result.err.data.size();
  ASSERT_GT(size, 11U);
  const auto last_line = observed.err.author_of(size - 11, size);
  if (observed.err.unattributed_reason.empty()) {
    // Killed between two writes (rare: each write takes most of the child's time): nothing is
    // in doubt, and the parent's line is the parent's.
    EXPECT_EQ(last_line.pid, result.pid);
    return;
  }
  // Killed in a write: how much of it arrived is unknown, so the parent's line is given to
  // no one rather than to the wrong task.
  EXPECT_EQ(last_line.kind, StreamAttribution::Author::Kind::kUnknown);
}

TEST(AttributionTest, AsynchronousWritesAreRefused) {
  // Their writes would need no system call the filter sees: the calls fail as on a kernel
  // without them, and programs fall back to plain writes.
  const RunResult result = ProcessRunner().run(python_command("async_io.py"));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  EXPECT_EQ(result.out.data, "io_setup ENOSYS\nio_uring_setup ENOSYS\n");
}

}  // namespace
}  // namespace grade::run

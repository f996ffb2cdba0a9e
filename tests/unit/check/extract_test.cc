// Pulling values out of a run's output: full-line matches, captures, near misses, unmatched
// lines, and who wrote each matched line.
#include "check/extract.h"

#include <gtest/gtest.h>

#include "support/spec_file.h"

namespace grade::check {
namespace {

using Author = run::StreamAttribution::Author;

const spec::Exercise& spec_of_two_extractors() {
  static const spec::Exercise exercise = testing::SpecFile(R"(id: ex1
title: t
prompt: p
contract: c
extract:
  pid_line:
    pattern: 'Process ID: (?P<pid>[0-9]+)'
    near: '(?i).*pid.*'
  any_id:
    pattern: '.*ID: (?P<id>[0-9]+)'
  err_line:
    pattern: 'oops (?P<what>\w+)'
    stream: stderr
checks:
  - id: c
    title: t
    count: {of: pid_line, equals: 2}
)")
                                             .load();
  return exercise;
}

run::RunResult observed(std::string out, std::vector<run::OutputSegment> segments) {
  run::RunResult r;
  r.pid = 100;
  r.observed.state = run::Observation::State::kObserved;
  r.out.data = std::move(out);
  r.observed.out.segments = std::move(segments);
  return r;
}

TEST(ExtractTest, WholeLinesCapturesNearMissesAndTheRest) {
  run::RunResult r = observed("Process ID: 12\r\nPID = 13\nProcess ID: 14 extra\n\nhello\n", {});
  r.err.data = "oops crash\n";
  const Extraction e = extract(spec_of_two_extractors(), r);
  ASSERT_EQ(e.of("pid_line").size(), 1U);  // "\r" is not part of the line; "extra" is
  EXPECT_EQ(e.of("pid_line")[0].captures.at("pid"), "12");
  EXPECT_EQ(e.of("pid_line")[0].line, 1);
  // A line may match several extractors.
  EXPECT_EQ(e.values({"any_id", "id"}), (std::vector<std::string>{"12"}));
  EXPECT_EQ(e.near_misses.at("pid_line"), (std::vector<std::string>{"PID = 13"}));
  EXPECT_EQ(e.unmatched_stdout,
            (std::vector<std::string>{"PID = 13", "Process ID: 14 extra", "hello"}));
  ASSERT_EQ(e.of("err_line").size(), 1U);
  EXPECT_EQ(e.of("err_line")[0].captures.at("what"), "crash");
  EXPECT_TRUE(e.of("nothing").empty());
}

TEST(ExtractTest, EachMatchKnowsWhoWroteItsWholeLine) {
  // "Process ID: 7\n" by thread 101, then the next line torn between 102 and 103, then a line
  // past what was attributed.
  const std::string out = "Process ID: 7\nProcess ID: 8\nProcess ID: 9\n";
  const run::RunResult r = observed(out, {{14, 101, 100}, {5, 102, 100}, {9, 103, 100}});
  const Extraction e = extract(spec_of_two_extractors(), r);
  const auto& lines = e.of("pid_line");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].author.kind, Author::Kind::kOne);
  EXPECT_EQ(lines[0].author.tid, 101);
  EXPECT_EQ(lines[0].author.pid, 100);
  EXPECT_EQ(lines[1].author.kind, Author::Kind::kSeveral);
  EXPECT_EQ(lines[2].author.kind, Author::Kind::kUnknown);
  EXPECT_EQ(lines[2].author_unknown_reason, "the grader did not see who wrote it");
}

TEST(ExtractTest, LinesAreReadAsATerminalShowsThemAndAttributedByTheirBytes) {
  // A colored line by 101, then one behind a progress text and an erase by 102.
  const std::string out = "\x1b[32mProcess ID: 7\x1b[0m\nworking\r\x1b[KProcess ID: 8\n";
  const run::RunResult r = observed(out, {{23, 101, 100}, {25, 102, 100}});
  const Extraction e = extract(spec_of_two_extractors(), r);
  const auto& lines = e.of("pid_line");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].text, "Process ID: 7");
  EXPECT_EQ(lines[0].author.tid, 101);
  EXPECT_EQ(lines[1].captures.at("pid"), "8");
  EXPECT_EQ(lines[1].author.kind, Author::Kind::kOne);
  EXPECT_EQ(lines[1].author.tid, 102);
  EXPECT_TRUE(e.unmatched_stdout.empty());
}

TEST(ExtractTest, AnUnknownAuthorSaysWhy) {
  run::RunResult r = observed("Process ID: 7\n", {});
  r.observed.out.unattributed_reason = "a process was killed while it wrote";
  EXPECT_EQ(extract(spec_of_two_extractors(), r).of("pid_line")[0].author_unknown_reason,
            "a process was killed while it wrote");
  r.observed.state = run::Observation::State::kOff;
  r.observed.reason = "observation is turned off";
  EXPECT_EQ(extract(spec_of_two_extractors(), r).of("pid_line")[0].author_unknown_reason,
            "the run was not observed: observation is turned off");
}

}  // namespace
}  // namespace grade::check

#include "report/matched_lines.h"

#include <memory>
#include <string>

#include <re2/re2.h>

#include <gtest/gtest.h>

namespace grade::report {
namespace {

spec::Extractor extractor(std::string name, const std::string& pattern, spec::Stream stream) {
  spec::Extractor e;
  e.name = std::move(name);
  e.pattern = pattern;
  e.regex = std::make_shared<const RE2>(pattern);
  e.stream = stream;
  return e;
}

TEST(MatchedLines, InOutputOrderStdoutFirstAndEachExtractorOfALine) {
  spec::Exercise exercise;
  exercise.extractors = {extractor("error", "Error: .*", spec::Stream::kStderr),
                         extractor("number", R"(\d+)", spec::Stream::kStdout),
                         extractor("small", R"(\d)", spec::Stream::kStdout)};
  run::RunResult run;
  run.pid = 10;
  run.out.data = "12\nnothing\n3\n";
  run.err.data = "Error: boom\n";
  run.observed.state = run::Observation::State::kObserved;
  run.observed.out.segments = {{3, 10, 10}, {8, 11, 10}, {1, 12, 12}, {1, 13, 13}};

  const MatchedLines matched = matched_lines(exercise, run);
  ASSERT_EQ(matched.listed.size(), 4U);
  EXPECT_EQ(matched.omitted, 0U);
  const auto at = [&](std::size_t i) {
    const MatchedLine& l = matched.listed[i];
    return l.extractor + ":" + std::to_string(l.line);
  };
  EXPECT_EQ(at(0), "number:1");
  EXPECT_EQ(at(1), "number:3");
  EXPECT_EQ(at(2), "small:3");  // the same line, in the spec's order
  EXPECT_EQ(at(3), "error:1");
  EXPECT_EQ(matched.listed[3].stream, spec::Stream::kStderr);

  EXPECT_EQ(matched.listed[0].author.kind, run::StreamAttribution::Author::Kind::kOne);
  EXPECT_EQ(matched.listed[0].author.tid, 10);
  EXPECT_EQ(matched.listed[0].author_unknown, "");
  EXPECT_EQ(matched.listed[1].author_unknown, "several tasks wrote parts of this line");
  EXPECT_EQ(matched.listed[3].author_unknown, "the grader did not see who wrote it")
      << "stderr has no segments and no reason";
}

}  // namespace
}  // namespace grade::report

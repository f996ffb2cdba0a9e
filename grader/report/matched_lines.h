// The output lines the exercise's extractors matched in one run, with who wrote each: what the
// checks were decided on, for the machine report. Computed from the exercise and the run's
// captured output (check::extract), the same way the checks saw them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "check/extract.h"
#include "run/run_result.h"
#include "spec/exercise.h"

namespace grade::report {

struct MatchedLine {
  std::string extractor;
  spec::Stream stream = spec::Stream::kStdout;
  int line = 0;  // 1-based, in its stream
  run::StreamAttribution::Author author;
  std::string author_unknown;  // why the author is not one task; empty when it is
};

struct MatchedLines {
  // A flood of matching output (thousands of lines) would make the report grow with it; the
  // checks' messages already count and quote what matters, so the first lines suffice.
  static constexpr std::size_t kMaxListed = 1024;

  std::vector<MatchedLine> listed;  // stdout's lines, then stderr's, each in line order
  std::size_t omitted = 0;          // matched lines past kMaxListed
};

MatchedLines matched_lines(const spec::Exercise& exercise, const run::RunResult& run);

}  // namespace grade::report

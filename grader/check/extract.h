// Pulls the extractors' matches out of a run's output, once per run; the checks read from it.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "run/run_result.h"
#include "spec/exercise.h"

namespace grade::check {

struct Match {
  int line = 0;      // 1-based line number in its stream
  std::string text;  // as a terminal shows it (util/shown_line.h)
  std::map<std::string, std::string> captures;
  // The values of the captures with several per line (the extractor's split, findall).
  std::map<std::string, std::vector<std::string>> lists;
  // Who wrote the line, its newline included (run::StreamAttribution::author_of): one task,
  // several (a torn line), or unknown, and then why.
  run::StreamAttribution::Author author;
  std::string author_unknown_reason;  // for kUnknown

  // The values of a capture on this line: its text, or the values of its list; none when the
  // line has no such capture.
  std::vector<std::string> values(const std::string& capture) const;
};

struct Extraction {
  std::map<std::string, std::vector<Match>> matches;            // by extractor name
  std::map<std::string, std::vector<std::string>> near_misses;  // lines that look like an attempt
  // Lines of the other stream that the extractor's pattern matches (logging writes to stderr):
  // not counted, but worth telling a student whose count falls short. At most kMaxOtherStream.
  std::map<std::string, std::vector<std::string>> on_other_stream;
  static constexpr std::size_t kMaxOtherStream = 20;
  std::vector<std::string> unmatched_stdout;  // non-empty lines no extractor matched
  std::vector<std::string> unmatched_stderr;

  const std::vector<Match>& of(const std::string& extractor) const;
  // Every value of a capture, in output order (several per line for a split or findall).
  std::vector<std::string> values(const spec::CaptureRef& ref) const;
};

Extraction extract(const spec::Exercise& exercise, const run::RunResult& result);

}  // namespace grade::check

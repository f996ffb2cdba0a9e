// Pulls the extractors' matches out of a run's output, once per run; the checks read from it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "run/run_result.h"
#include "spec/exercise.h"

namespace grade::check {

struct Match {
  int line = 0;  // 1-based line number in its stream
  std::string text;
  std::map<std::string, std::string> captures;
  // Who wrote the line, its newline included (run::StreamAttribution::author_of): one task,
  // several (a torn line), or unknown, and then why.
  run::StreamAttribution::Author author;
  std::string author_unknown_reason;  // for kUnknown
};

struct Extraction {
  std::map<std::string, std::vector<Match>> matches;            // by extractor name
  std::map<std::string, std::vector<std::string>> near_misses;  // lines that look like an attempt
  std::vector<std::string> unmatched_stdout;  // non-empty lines no extractor matched
  std::vector<std::string> unmatched_stderr;

  const std::vector<Match>& of(const std::string& extractor) const;
  // Every value of a capture, in output order.
  std::vector<std::string> values(const spec::CaptureRef& ref) const;
};

Extraction extract(const spec::Exercise& exercise, const run::RunResult& result);

}  // namespace grade::check

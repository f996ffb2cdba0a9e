#include "report/matched_lines.h"

#include <algorithm>
#include <tuple>

namespace grade::report {

namespace {

using Author = run::StreamAttribution::Author;

// Why a line has no single author, in words: check::Match gives a reason only for kUnknown.
std::string unknown_reason(const check::Match& match) {
  switch (match.author.kind) {
    case Author::Kind::kOne:
      return "";
    case Author::Kind::kSeveral:
      return "several tasks wrote parts of this line";
    case Author::Kind::kUnknown:
      break;
  }
  return match.author_unknown_reason.empty() ? "the grader did not see who wrote it"
                                             : match.author_unknown_reason;
}

// Output order: a reader follows the output, not the extractors' order in the spec. A line
// matched by two extractors is listed under each, in spec order.
void sort_by_output(const spec::Exercise& exercise, std::vector<MatchedLine>& lines) {
  const auto rank = [&exercise](const std::string& name) {
    const auto it = std::find_if(exercise.extractors.begin(), exercise.extractors.end(),
                                 [&name](const spec::Extractor& e) { return e.name == name; });
    return it - exercise.extractors.begin();
  };
  std::stable_sort(lines.begin(), lines.end(), [&](const MatchedLine& a, const MatchedLine& b) {
    return std::tuple(a.stream, a.line, rank(a.extractor)) <
           std::tuple(b.stream, b.line, rank(b.extractor));
  });
}

}  // namespace

MatchedLines matched_lines(const spec::Exercise& exercise, const run::RunResult& run) {
  const check::Extraction extraction = check::extract(exercise, run);
  std::vector<MatchedLine> all;
  for (const spec::Extractor& extractor : exercise.extractors) {
    for (const check::Match& match : extraction.of(extractor.name)) {
      all.push_back(
          {extractor.name, extractor.stream, match.line, match.author, unknown_reason(match)});
    }
  }
  sort_by_output(exercise, all);
  MatchedLines out;
  out.omitted = all.size() > MatchedLines::kMaxListed ? all.size() - MatchedLines::kMaxListed : 0;
  all.resize(all.size() - out.omitted);
  out.listed = std::move(all);
  return out;
}

}  // namespace grade::report

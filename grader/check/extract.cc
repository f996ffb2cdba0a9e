#include "check/extract.h"

#include <re2/re2.h>

#include "run/segment_index.h"
#include "util/shown_line.h"
#include "util/text.h"

namespace grade::check {

namespace {

// Matches `line` against the whole of `regex`, filling the named captures.
bool full_match(const spec::Extractor& extractor, std::string_view line, Match& match) {
  const RE2& regex = *extractor.regex;
  const int groups = regex.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(groups) + 1);
  if (!regex.Match(re2::StringPiece(line.data(), line.size()), 0, line.size(), RE2::ANCHOR_BOTH,
                   pieces.data(), groups + 1)) {
    return false;
  }
  for (const auto& [name, index] : regex.NamedCapturingGroups()) {
    const re2::StringPiece& piece = pieces[static_cast<std::size_t>(index)];
    match.captures[name] = std::string(piece.data(), piece.size());
  }
  for (const auto& [name, list] : extractor.lists) {
    match.lists[name] = list.values(match.captures[name]);
  }
  return true;
}

// Who wrote `line` (a view into `data`), its newline included.
void attribute(std::string_view data, std::string_view line,
               const run::StreamAttribution& attribution, const run::SegmentIndex& writers,
               const run::Observation& observation, Match& match) {
  const auto begin = static_cast<std::size_t>(line.data() - data.data());
  const std::size_t newline = data.find('\n', begin + line.size());
  const std::size_t end = newline == std::string_view::npos ? data.size() : newline + 1;
  match.author = writers.author_of(begin, end);
  if (match.author.kind != run::StreamAttribution::Author::Kind::kUnknown) {
    return;
  }
  if (!observation.observed()) {
    match.author_unknown_reason = "the run was not observed: " + observation.reason;
  } else if (!attribution.unattributed_reason.empty()) {
    match.author_unknown_reason = attribution.unattributed_reason;
  } else {
    match.author_unknown_reason = "the grader did not see who wrote it";
  }
}

// A line of the stream the extractor does not read that its pattern matches.
void note_other_stream(const spec::Extractor& extractor, std::string_view line, Extraction& out) {
  std::vector<std::string>& lines = out.on_other_stream[extractor.name];
  if (lines.size() < Extraction::kMaxOtherStream &&
      RE2::FullMatch(re2::StringPiece(line.data(), line.size()), *extractor.regex)) {
    lines.emplace_back(line);
  }
}

void extract_stream(const spec::Exercise& exercise, spec::Stream stream, std::string_view data,
                    const run::StreamAttribution& attribution, const run::Observation& observation,
                    Extraction& out, std::vector<std::string>& unmatched) {
  const run::SegmentIndex writers(attribution);
  int number = 0;
  for (const std::string_view written : text::split_lines(data)) {
    ++number;
    // What the student's terminal shows is graded; who wrote it is read from the bytes.
    const std::string shown = shown_line(written);
    const std::string_view line = shown;
    bool matched = false;
    for (const spec::Extractor& extractor : exercise.extractors) {
      Match match;
      if (extractor.stream != stream) {
        note_other_stream(extractor, line, out);
        continue;
      }
      if (full_match(extractor, line, match)) {
        match.line = number;
        match.text = shown;
        attribute(data, written, attribution, writers, observation, match);
        out.matches[extractor.name].push_back(std::move(match));
        matched = true;
      } else if (extractor.near_regex && RE2::FullMatch(re2::StringPiece(line.data(), line.size()),
                                                        *extractor.near_regex)) {
        out.near_misses[extractor.name].emplace_back(line);
      }
    }
    if (!matched && !text::trim(line).empty()) {
      unmatched.emplace_back(line);
    }
  }
}

}  // namespace

const std::vector<Match>& Extraction::of(const std::string& extractor) const {
  static const std::vector<Match> kNone;
  const auto it = matches.find(extractor);
  return it == matches.end() ? kNone : it->second;
}

std::vector<std::string> Match::values(const std::string& capture) const {
  if (const auto list = lists.find(capture); list != lists.end()) {
    return list->second;
  }
  const auto it = captures.find(capture);
  return it == captures.end() ? std::vector<std::string>{} : std::vector<std::string>{it->second};
}

std::vector<std::string> Extraction::values(const spec::CaptureRef& ref) const {
  std::vector<std::string> out;
  for (const Match& match : of(ref.extractor)) {
    const std::vector<std::string> values = match.values(ref.capture);
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

Extraction extract(const spec::Exercise& exercise, const run::RunResult& result) {
  Extraction out;
  const run::Observation& observed = result.observed;
  extract_stream(exercise, spec::Stream::kStdout, result.out.data, observed.out, observed, out,
                 out.unmatched_stdout);
  extract_stream(exercise, spec::Stream::kStderr, result.err.data, observed.err, observed, out,
                 out.unmatched_stderr);
  return out;
}

}  // namespace grade::check

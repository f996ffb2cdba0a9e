#include "check/extract.h"

#include <re2/re2.h>

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
  return true;
}

void extract_stream(const spec::Exercise& exercise, spec::Stream stream, std::string_view data,
                    Extraction& out, std::vector<std::string>& unmatched) {
  int number = 0;
  for (const std::string_view line : text::split_lines(data)) {
    ++number;
    bool matched = false;
    for (const spec::Extractor& extractor : exercise.extractors) {
      if (extractor.stream != stream) {
        continue;
      }
      Match match;
      if (full_match(extractor, line, match)) {
        match.line = number;
        match.text = std::string(line);
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

std::vector<std::string> Extraction::values(const spec::CaptureRef& ref) const {
  std::vector<std::string> out;
  for (const Match& match : of(ref.extractor)) {
    const auto it = match.captures.find(ref.capture);
    if (it != match.captures.end()) {
      out.push_back(it->second);
    }
  }
  return out;
}

Extraction extract(const spec::Exercise& exercise, const run::RunResult& result) {
  Extraction out;
  extract_stream(exercise, spec::Stream::kStdout, result.out.data, out, out.unmatched_stdout);
  extract_stream(exercise, spec::Stream::kStderr, result.err.data, out, out.unmatched_stderr);
  return out;
}

}  // namespace grade::check

// Fuzzes output extraction and the checks that read it (check/extract.h, check/evaluate.h):
// the input is a program's output, any bytes, of a run unobserved and observed. It is matched
// against the bundled exercises' patterns, and against a pattern the fuzzer chooses: the input's
// first line, if RE2 accepts it, with checks that compare what it captures; its last capture
// has several values per line (split at commas, or every number in it).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "check/extract.h"
#include "fuzz_support.h"
#include "util/shown_line.h"
#include "util/text.h"

namespace {

using grade::fuzz::require;
namespace spec = grade::spec;

spec::Check make_check(std::string id, spec::CheckKind kind) {
  spec::Check check;
  check.id = std::move(id);
  check.title = check.id;
  check.points = 1;
  check.kind = std::move(kind);
  return check;
}

// An exercise with one stdout extractor of `pattern` (its own near pattern too) and checks
// comparing its first named capture; nullopt when RE2 rejects the pattern.
std::optional<spec::Exercise> fuzzed_exercise(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto regex =
      std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) {
    return std::nullopt;
  }
  spec::Extractor extractor;
  extractor.name = "fuzzed";
  extractor.pattern = std::string(pattern);
  extractor.label = "fuzzed lines";
  extractor.regex = regex;
  extractor.near_regex = regex;
  for (const auto& [name, index] : regex->NamedCapturingGroups()) {
    extractor.captures.push_back(name);
  }
  const auto bound = [](std::optional<std::int64_t> equals, std::optional<std::int64_t> at_least,
                        std::optional<std::int64_t> at_most) {
    spec::Bound b;
    b.equals = equals;
    b.at_least = at_least;
    b.at_most = at_most;
    return b;
  };
  spec::Exercise exercise;
  exercise.id = "fuzzed";
  exercise.checks.push_back(make_check("count", spec::CountCheck{"fuzzed", bound({}, 1, 10)}));
  exercise.checks.push_back(
      make_check("unmatched", spec::UnmatchedCheck{spec::Stream::kStdout, bound(0, {}, {})}));
  if (!extractor.captures.empty()) {
    const spec::LineSelector of{spec::LineSelector::Kind::kCapture, "fuzzed",
                                extractor.captures.front()};
    exercise.checks.push_back(make_check("distinct", spec::DistinctCheck{of, bound({}, 2, {})}));
    exercise.checks.push_back(make_check("equal", spec::AllEqualCheck{of}));
    exercise.checks.push_back(
        make_check("less", spec::EachCheck{of, spec::Op::kLt, spec::Operand(100.0)}));
    exercise.checks.push_back(
        make_check("text", spec::EachCheck{of, spec::Op::kNe, spec::Operand(std::string("x"))}));
    exercise.checks.push_back(
        make_check("ordered", spec::OrderedCheck{of, spec::Order::kIncreasing}));
    const spec::CaptureRef last{"fuzzed", extractor.captures.back()};
    spec::ValueList list;
    if (pattern.size() % 2 == 0) {
      list.separator = ",";
    } else {
      list.pattern = std::make_shared<const RE2>("-?[0-9]+");
    }
    extractor.lists.emplace(last.capture, std::move(list));
    exercise.checks.push_back(
        make_check("in", spec::EachCheck{of, spec::Op::kIn, spec::Operand(last)}));
  }
  exercise.extractors.push_back(std::move(extractor));
  return exercise;
}

// Every match names its line, quotes it whole as a terminal shows it, and captures parts of it.
void check_extraction(const spec::Exercise& exercise, const grade::run::RunResult& run) {
  const grade::check::Extraction extraction = grade::check::extract(exercise, run);
  const auto lines = grade::text::split_lines(run.out.data);
  for (const auto& [name, matches] : extraction.matches) {
    const spec::Extractor* extractor = exercise.find_extractor(name);
    require(extractor != nullptr);
    for (const grade::check::Match& match : matches) {
      require(match.line >= 1 && static_cast<std::size_t>(match.line) <= lines.size());
      require(match.text == grade::shown_line(lines[static_cast<std::size_t>(match.line) - 1]));
      require(match.captures.size() <= extractor->captures.size());
      for (const auto& [capture, value] : match.captures) {
        require(match.text.find(value) != std::string::npos);
      }
      // Several values of a capture are parts of its text, none empty.
      for (const auto& [capture, values] : match.lists) {
        for (const std::string& value : values) {
          require(!value.empty() && match.captures.at(capture).find(value) != std::string::npos);
        }
      }
    }
  }
  for (const std::string& line : extraction.unmatched_stdout) {
    require(!grade::text::trim(line).empty());
  }
  // A line as shown holds no control byte but the tab, and is shown as itself.
  for (const std::string_view line : lines) {
    const std::string shown = grade::shown_line(line);
    require(std::none_of(shown.begin(), shown.end(), [](char c) {
      return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7f';
    }));
    require(grade::shown_line(shown) == shown);
  }
  grade::fuzz::check_evaluation(exercise, run);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view output = grade::fuzz::as_text(data, size);
  grade::run::RunResult run;
  run.pid = 4242;
  run.exit_code = 0;
  run.out.data = std::string(output);
  run.err.data = std::string(output);
  run.observed.reason = "not traced";
  const grade::run::RunResult traced = grade::fuzz::observed(run);
  for (const spec::Exercise& exercise : grade::fuzz::bundled_exercises()) {
    check_extraction(exercise, run);
    check_extraction(exercise, traced);
  }
  if (auto exercise = fuzzed_exercise(output.substr(0, output.find('\n')))) {
    check_extraction(*exercise, traced);
  }
  return 0;
}

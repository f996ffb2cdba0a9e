// The check kinds that read the output alone: exit, count, picks_min, unmatched.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "check/bound_value.h"
#include "check/check_kinds.h"
#include "check/listing.h"
#include "util/text.h"

namespace grade::check {

Outcome check_exit(const Evidence& ev, const spec::ExitCheck& c) {
  const run::RunResult& r = ev.run;
  if (c.code) {
    if (!r.timed_out && !r.output_limit_hit && r.exit_code == c.code) {
      return Outcome::pass(fmt::format("exited with status {}", *c.code));
    }
    return Outcome::fail(fmt::format("expected the program to exit with status {}, but it {}",
                                     *c.code, run::describe_end(r)));
  }
  if (r.signal == c.signal && !r.timed_out && !r.output_limit_hit) {
    return Outcome::pass(fmt::format("was ended by {}", run::signal_name(*c.signal)));
  }
  return Outcome::fail(fmt::format("expected the program to be ended by {}, but it {}",
                                   run::signal_name(c.signal.value_or(0)), run::describe_end(r)));
}

// "'Proces ID: 4102' (from cell 3, line 2)": where the source is known, each line's place.
std::string near_misses(const Evidence& ev, const std::vector<std::string>& lines) {
  if (ev.sites == nullptr) {
    return quote_list(lines);
  }
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < lines.size() && i < kMaxListed; ++i) {
    const std::string where = ev.sites->where(lines[i]);
    shown.push_back(quote_list({lines[i]}) + (where.empty() ? "" : " (from " + where + ")"));
  }
  std::string out = text::join(shown, ", ");
  if (lines.size() > kMaxListed) {
    out += fmt::format(" and {} more", lines.size() - kMaxListed);
  }
  return out;
}

namespace {

// "; 5 such lines went to stderr, where they are not counted: ..." when the pattern matches
// lines of the stream the extractor does not read (logging, std::cerr).
std::string on_other_stream(const Evidence& ev, const spec::Extractor& extractor) {
  const auto it = ev.extraction.on_other_stream.find(extractor.name);
  if (it == ev.extraction.on_other_stream.end() || it->second.empty()) {
    return "";
  }
  const bool to_stderr = extractor.stream == spec::Stream::kStdout;
  const std::size_t n = it->second.size();
  return fmt::format("; {}{} such line{} went to {}, where {} not counted ({}): {}",
                     n == Extraction::kMaxOtherStream ? "at least " : "", n, n == 1 ? "" : "s",
                     to_stderr ? "stderr" : "stdout", n == 1 ? "it is" : "they are",
                     to_stderr ? "logging, print(..., file=sys.stderr), std::cerr and "
                                 "fprintf(stderr, ...) write there; print them to stdout"
                               : "print them to stderr",
                     near_misses(ev, it->second));
}

}  // namespace

Outcome check_count(const Evidence& ev, const spec::CountCheck& c) {
  const spec::Extractor& extractor = *ev.exercise.find_extractor(c.extractor);
  const auto n = static_cast<std::int64_t>(ev.extraction.of(c.extractor).size());
  const ResolvedBound bound = resolve_bound(ev, c.bound);
  if (bound.decided) {
    return *bound.decided;
  }
  std::string message =
      fmt::format("expected {} {}, saw {}", bound.description, extractor.label, n);
  const bool pass = bound.holds(n);
  if (const auto it = ev.extraction.near_misses.find(c.extractor);
      !pass && it != ev.extraction.near_misses.end()) {
    message += fmt::format("; these lines look close but are not in the exact format: {}",
                           near_misses(ev, it->second));
  }
  if (!pass) {
    message += on_other_stream(ev, extractor);
  }
  return Outcome::decide(pass, message);
}

Outcome check_picks_min(const Evidence& ev, const spec::PicksMinCheck& c) {
  const std::vector<std::string> choices = ev.extraction.values(c.choice);
  if (choices.size() != 1) {
    return Outcome::fail(
        fmt::format("expected exactly one {}, saw {}", c.choice.capture, choices.size()));
  }
  const std::string& chosen = choices.front();
  std::vector<std::string> names;
  std::map<std::string, double> numbers;
  std::vector<std::string> shown;
  for (const auto& [word, ref] : c.options) {
    names.push_back(word);
    const std::vector<std::string> values = ev.extraction.values(ref);
    const auto number = values.size() == 1 ? parse_number(values.front()) : std::nullopt;
    if (!number) {
      return Outcome::fail(
          fmt::format("cannot tell which is smaller: {} needs exactly one number, saw {}",
                      ref.str(), values.empty() ? "none" : quote_list(values)));
    }
    numbers[word] = *number;
    shown.push_back(fmt::format("{} {}", word, text::escape_control(values.front())));
  }
  const auto it = numbers.find(chosen);
  if (it == numbers.end()) {
    return Outcome::fail(fmt::format("'{}' is not one of: {}", text::escape_control(chosen),
                                     text::join(names, ", ")));
  }
  const double smallest =
      std::min_element(numbers.begin(), numbers.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
      })->second;
  const std::string measured = text::join(shown, ", ");
  if (it->second <= smallest) {
    return Outcome::pass(
        fmt::format("'{}' is the smallest ({})", text::escape_control(chosen), measured));
  }
  return Outcome::fail(fmt::format("the program says '{}', but its own numbers say otherwise ({})",
                                   text::escape_control(chosen), measured));
}

Outcome check_unmatched(const Evidence& ev, const spec::UnmatchedCheck& c) {
  const bool out = c.stream == spec::Stream::kStdout;
  const std::vector<std::string>& lines =
      out ? ev.extraction.unmatched_stdout : ev.extraction.unmatched_stderr;
  const auto n = static_cast<std::int64_t>(lines.size());
  const ResolvedBound bound = resolve_bound(ev, c.bound);
  if (bound.decided) {
    return *bound.decided;
  }
  std::string message = fmt::format("expected {} other lines on {}, saw {}", bound.description,
                                    out ? "stdout" : "stderr", n);
  if (!lines.empty()) {
    message += ": " + quote_list(lines);
  }
  return Outcome::decide(bound.holds(n), message);
}

}  // namespace grade::check

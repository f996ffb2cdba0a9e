#include "check/authorship.h"

#include <algorithm>

#include <fmt/format.h>

#include "check/listing.h"
#include "check/task_sets.h"
#include "run/segment_index.h"
#include "util/text.h"

namespace grade::check {

namespace {

using Kind = spec::LineSelector::Kind;
using Author = run::StreamAttribution::Author;

LineValue known(std::string text) { return {LineValue::State::kKnown, std::move(text), "", 0}; }
LineValue known(bool flag) { return known(std::string(flag ? "true" : "false")); }
LineValue undefined(std::string why) {
  return {LineValue::State::kUndefined, "", std::move(why), 0};
}
LineValue unknown(std::string why) { return {LineValue::State::kUnknown, "", std::move(why), 0}; }

int launched_pid(const run::Observation& observation) {
  return observation.tasks.empty() ? 0 : observation.tasks.front().pid;
}

// The creator of process `pid` (task_sets.h), or why there is none.
LineValue creator_value(const run::Observation& observation, int pid) {
  if (const auto creator = creator_of(observation, pid)) {
    return known(std::to_string(*creator));
  }
  if (pid == launched_pid(observation)) {
    return undefined(fmt::format("{} is the main program, which the grader started", pid));
  }
  return undefined(fmt::format("{} is not a process the run created", pid));
}

LineValue capture_parent(const std::string& text, const run::Observation& observation) {
  const auto number = parse_number(text);
  const auto pid = number ? whole_int(*number) : std::nullopt;
  if (!pid) {
    return undefined(fmt::format("'{}' is not a PID", text::escape_control(text)));
  }
  return creator_value(observation, *pid);
}

LineValue author_value(Kind kind, const Match& match, const run::Observation& observation) {
  const Author& a = match.author;
  if (a.kind == Author::Kind::kSeveral) {
    return unknown(
        fmt::format("line {} was written by several tasks at once, so who wrote it "
                    "is not known",
                    match.line));
  }
  if (a.kind == Author::Kind::kUnknown) {
    return unknown(
        fmt::format("who wrote line {} is not known: {}", match.line, match.author_unknown_reason));
  }
  switch (kind) {
    case Kind::kAuthorPid:
      return known(std::to_string(a.pid));
    case Kind::kAuthorTid:
      return known(std::to_string(a.tid));
    case Kind::kAuthorParentPid:
      return creator_value(observation, a.pid);
    case Kind::kAuthorIsMainThread:
      return known(a.tid == a.pid);
    case Kind::kAuthorIsLaunched:
      return known(a.pid == launched_pid(observation));
    case Kind::kCapture:
    case Kind::kCaptureParent:
      break;
  }
  return undefined("not an author field");
}

}  // namespace

LineValue value_on(const spec::LineSelector& selector, const Match& match,
                   const run::Observation& observation) {
  if (selector.reads_author()) {
    return author_value(selector.kind, match, observation);
  }
  const auto it = match.captures.find(selector.capture);
  if (it == match.captures.end()) {
    return undefined(fmt::format("line {} has no {}", match.line, selector.capture));
  }
  return selector.kind == Kind::kCapture ? known(it->second)
                                         : capture_parent(it->second, observation);
}

std::vector<LineValue> values_on(const spec::LineSelector& selector, const Match& match,
                                 const run::Observation& observation) {
  const auto list = match.lists.find(selector.capture);
  if (selector.reads_author() || list == match.lists.end()) {
    return {value_on(selector, match, observation)};
  }
  std::vector<LineValue> out;
  for (const std::string& value : list->second) {
    out.push_back(selector.kind == Kind::kCapture ? known(value)
                                                  : capture_parent(value, observation));
  }
  return out;
}

std::vector<LineValue> values_of(const spec::LineSelector& selector, const Extraction& extraction,
                                 const run::Observation& observation) {
  std::vector<LineValue> out;
  for (const Match& match : extraction.of(selector.extractor)) {
    for (LineValue& value : values_on(selector, match, observation)) {
      value.line = match.line;
      out.push_back(std::move(value));
    }
  }
  return out;
}

const LineValue* first_unknown(const std::vector<LineValue>& values) {
  const auto it = std::find_if(values.begin(), values.end(), [](const LineValue& v) {
    return v.state == LineValue::State::kUnknown;
  });
  return it == values.end() ? nullptr : &*it;
}

std::string describe_author(const Match& match, const run::Observation& observation) {
  if (match.author.kind != Author::Kind::kOne) {
    return "";
  }
  return describe_task(observation, match.author.tid, match.author.pid);
}

std::vector<int> lines_sharing_a_write(const Extraction& extraction,
                                       const spec::Extractor& extractor,
                                       const run::RunResult& run) {
  const bool out = extractor.stream == spec::Stream::kStdout;
  const std::string& data = out ? run.out.data : run.err.data;
  const run::StreamAttribution& attribution = out ? run.observed.out : run.observed.err;
  const std::vector<std::string_view> lines = text::split_lines(data);
  const run::SegmentIndex writers(attribution);
  std::vector<int> shared;
  for (const Match& match : extraction.of(extractor.name)) {
    const std::string_view line = lines[static_cast<std::size_t>(match.line - 1)];
    const auto begin = static_cast<std::size_t>(line.data() - data.data());
    const std::size_t newline = data.find('\n', begin + line.size());
    const std::size_t end = newline == std::string::npos ? data.size() : newline + 1;
    if (writers.shares_a_write(begin, end)) {
      shared.push_back(match.line);
    }
  }
  return shared;
}

std::string author_noun(const spec::LineSelector& selector) {
  switch (selector.kind) {
    case Kind::kAuthorTid:
      return "threads";
    case Kind::kAuthorPid:
      return "processes";
    case Kind::kAuthorParentPid:
      return "parent processes";
    default:
      return "";
  }
}

}  // namespace grade::check

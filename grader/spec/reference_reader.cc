#include "spec/reference_reader.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "util/text.h"

namespace grade::spec {

namespace {

// "; did you mean 'x'?" when `word` looks like a misspelling of one of `known`, else "".
std::string suggestion(std::string_view word, const std::vector<std::string>& known) {
  const auto closest = text::closest_match(word, known);
  return closest ? fmt::format("; did you mean '{}'?", *closest) : "";
}

// The first extractor with a capture `name`, if any.
const Extractor* extractor_capturing(const Exercise& exercise, std::string_view name) {
  for (const Extractor& e : exercise.extractors) {
    if (std::find(e.captures.begin(), e.captures.end(), name) != e.captures.end()) {
      return &e;
    }
  }
  return nullptr;
}

[[noreturn]] void fail_unknown_extractor(const YamlReader& reader, const Exercise& exercise,
                                         const YAML::Node& node, std::string_view what,
                                         const std::string& name) {
  std::vector<std::string> names;
  for (const Extractor& e : exercise.extractors) {
    names.push_back(e.name);
  }
  reader.fail(node, fmt::format("{} refers to an unknown extractor '{}'{}", what, name,
                                suggestion(name, names)));
}

const Extractor& find_extractor(const YamlReader& reader, const Exercise& exercise,
                                const YAML::Node& node, std::string_view what,
                                const std::string& name) {
  if (const Extractor* extractor = exercise.find_extractor(name)) {
    return *extractor;
  }
  fail_unknown_extractor(reader, exercise, node, what, name);
}

void check_capture(const YamlReader& reader, const YAML::Node& node, const Extractor& extractor,
                   const std::string& capture) {
  const std::vector<std::string>& captures = extractor.captures;
  if (std::find(captures.begin(), captures.end(), capture) != captures.end()) {
    return;
  }
  reader.fail(node, fmt::format("extractor '{}' has no named group '{}' (it has: {}){}",
                                extractor.name, capture,
                                captures.empty() ? std::string("none")
                                                 : fmt::format("{}", fmt::join(captures, ", ")),
                                suggestion(capture, captures)));
}

LineSelector::Kind author_kind(const YamlReader& reader, const YAML::Node& node,
                               const std::string& field) {
  if (const auto kind = find_author_field(field)) {
    return *kind;
  }
  const std::vector<std::string> fields = author_field_names();
  reader.fail(node, fmt::format("unknown author field '{}' (known: {}){}", field,
                                fmt::join(fields, ", "), suggestion(field, fields)));
}

std::vector<std::string> task_set_names() {
  std::vector<std::string> names;
  names.reserve(kTaskSets.size());
  for (const TaskSet set : kTaskSets) {
    names.emplace_back(task_set_name(set));
  }
  return names;
}

}  // namespace

std::string read_extractor_name(const YamlReader& reader, const Exercise& exercise,
                                const YAML::Node& node, std::string_view what) {
  std::string s = reader.string(node, what);
  if (exercise.find_extractor(s) != nullptr) {
    return s;
  }
  const std::vector<std::string> parts = split_at_dots(s);
  if (parts.size() == 2 && exercise.find_extractor(parts[0]) != nullptr) {
    reader.fail(node, fmt::format("'{}' is a capture, and {} takes an extractor; write {}: {}", s,
                                  what, what, parts[0]));
  }
  if (const Extractor* owner = extractor_capturing(exercise, s)) {
    reader.fail(node, fmt::format("'{}' is a capture of extractor '{}', and {} takes an "
                                  "extractor; write {}: {}",
                                  s, owner->name, what, what, owner->name));
  }
  fail_unknown_extractor(reader, exercise, node, what, s);
}

LineSelector read_selector(const YamlReader& reader, const Exercise& exercise,
                           const YAML::Node& node, std::string_view what) {
  const std::string s = reader.string(node, what);
  const std::vector<std::string> parts = split_at_dots(s);
  if (parts.size() == 1) {
    if (const Extractor* owner = extractor_capturing(exercise, s)) {
      reader.fail(node, fmt::format("'{}' is a capture of extractor '{}'; write {}: {}.{}", s,
                                    owner->name, what, owner->name, s));
    }
  }
  if (parts.size() < 2 || parts.size() > 3) {
    reader.fail(node, fmt::format("{} must name a capture as 'extractor.capture' (or "
                                  "'extractor.capture.parent', 'extractor.author.<field>'), "
                                  "found '{}'",
                                  what, s));
  }
  const Extractor& extractor = find_extractor(reader, exercise, node, what, parts[0]);
  LineSelector selector{LineSelector::Kind::kCapture, parts[0], parts[1]};
  const bool has_author_group = std::find(extractor.captures.begin(), extractor.captures.end(),
                                          "author") != extractor.captures.end();
  if (parts.size() == 3 && parts[1] == "author") {
    selector.kind = author_kind(reader, node, parts[2]);
    selector.capture.clear();
    return selector;
  }
  if (parts.size() == 2 && parts[1] == "author" && !has_author_group) {
    reader.fail(node, fmt::format("'author' needs a field, as in '{}.author.pid' (known: {})",
                                  parts[0], fmt::join(author_field_names(), ", ")));
  }
  check_capture(reader, node, extractor, parts[1]);
  if (parts.size() == 3) {
    if (parts[2] != "parent") {
      reader.fail(node, fmt::format("only 'parent' may follow a capture, as in '{}.{}.parent'; "
                                    "found '{}'",
                                    parts[0], parts[1], parts[2]));
    }
    selector.kind = LineSelector::Kind::kCaptureParent;
  }
  return selector;
}

CaptureRef read_capture(const YamlReader& reader, const Exercise& exercise, const YAML::Node& node,
                        std::string_view what) {
  const LineSelector selector = read_selector(reader, exercise, node, what);
  if (selector.kind != LineSelector::Kind::kCapture) {
    reader.fail(node, fmt::format("{} must be a capture ('extractor.capture'), found '{}'", what,
                                  selector.str()));
  }
  return selector.capture_ref();
}

void require_one_value_per_line(const YamlReader& reader, const Exercise& exercise,
                                const YAML::Node& node, const CaptureRef& ref,
                                std::string_view why_and_fix) {
  const Extractor* extractor = exercise.find_extractor(ref.extractor);
  if (extractor == nullptr || !extractor->several_values(ref.capture)) {
    return;
  }
  reader.fail(node, fmt::format("'{}' has several values per line ({}), {}", ref.str(),
                                extractor->lists.find(ref.capture)->second.written, why_and_fix));
}

Fact read_fact(const YamlReader& reader, const YAML::Node& node) {
  const std::string s = reader.string(node, "fact");
  if (const auto fact = find_fact(s)) {
    return *fact;
  }
  const std::vector<std::string> sets = task_set_names();
  reader.fail(node, fmt::format("unknown fact '{}' (known: run.pid, run.wall_time, run.cpus, "
                                "run.online_cpus, observed.<set>, observed.<set>.names, "
                                "observed.<set>.span, observed.<set>.cpu, observed.<set>.count, "
                                "where <set> is one of {}){}",
                                s, fmt::join(sets, ", "), suggestion(s, fact_names())));
}

TaskSet read_task_set(const YamlReader& reader, const YAML::Node& node, std::string_view what) {
  const std::string s = reader.string(node, what);
  if (const auto set = find_task_set(s)) {
    return *set;
  }
  const std::vector<std::string> names = task_set_names();
  reader.fail(node, fmt::format("unknown task set '{}' (known: {}){}", s, fmt::join(names, ", "),
                                suggestion(s, names)));
}

}  // namespace grade::spec

#include "spec/settings_reader.h"

#include <fmt/format.h>

#include "spec/map_reader.h"
#include "util/text.h"

namespace grade::spec {
namespace {

std::int64_t read_count(const YamlReader& reader, const YAML::Node& node, std::string_view what,
                        std::int64_t max, std::int64_t min = 1) {
  const std::int64_t n = reader.integer(node, what);
  if (n < min || n > max) {
    reader.fail(node, fmt::format("{} must be between {} and {}, found {}", what, min, max, n));
  }
  return n;
}

// `zero` or `partial`, with a suggestion for a misspelt one.
Credit read_credit(const YamlReader& reader, const YAML::Node& node, std::string_view key) {
  const std::string word = reader.string(node, key);
  std::vector<std::string> names;
  for (const Credit credit : {Credit::kZero, Credit::kPartial}) {
    if (word == credit_name(credit)) {
      return credit;
    }
    names.emplace_back(credit_name(credit));
  }
  const auto closest = text::closest_match(word, names);
  reader.fail(node, fmt::format("scoring {} must be 'zero' or 'partial', found '{}'{}", key, word,
                                closest ? fmt::format("; did you mean '{}'?", *closest) : ""));
}

}  // namespace

int read_repeat(const YamlReader& reader, const YAML::Node& node) {
  const std::int64_t n = reader.integer(node, "repeat");
  if (n < 1 || n > 1000) {
    reader.fail(node, "repeat must be between 1 and 1000");
  }
  return static_cast<int>(n);
}

LimitOverrides read_limits(const YamlReader& reader, const YAML::Node& node) {
  const MapReader map(
      reader, node, "limits",
      {"wall_time", "output_bytes", "cpu_time", "memory", "tasks", "file_size", "open_files"});
  LimitOverrides limits;
  if (auto wall = map.optional("wall_time")) {
    limits.wall_time = reader.duration(*wall, "wall_time", kMaxWallTime);
  }
  if (auto bytes = map.optional("output_bytes")) {
    limits.output_bytes = reader.byte_size(*bytes, "output_bytes", kMaxOutputBytes);
  }
  if (auto cpu = map.optional("cpu_time")) {
    limits.cpu_time = reader.duration(*cpu, "cpu_time", kMaxWallTime);
  }
  if (auto memory = map.optional("memory")) {
    limits.memory_bytes = reader.byte_size(*memory, "memory", kMaxMemoryBytes);
  }
  if (auto tasks = map.optional("tasks")) {
    limits.tasks = read_count(reader, *tasks, "tasks", kMaxTasks);
  }
  if (auto file = map.optional("file_size")) {
    limits.file_bytes = reader.byte_size(*file, "file_size", kMaxFileBytes);
  }
  if (auto files = map.optional("open_files")) {
    // A process needs its three standard streams and the interpreter a few more.
    limits.open_files = read_count(reader, *files, "open_files", kMaxOpenFiles, 8);
  }
  return limits;
}

ScoringOverrides read_scoring(const YamlReader& reader, const YAML::Node& node) {
  std::vector<std::string> keys;
  keys.reserve(kFailureKinds.size());
  for (const FailureKind failure : kFailureKinds) {
    keys.emplace_back(scoring_key(failure));
  }
  const MapReader map(reader, node, "scoring", keys);
  ScoringOverrides scoring;
  for (const FailureKind failure : kFailureKinds) {
    const std::string_view key = scoring_key(failure);
    if (auto value = map.optional(key)) {
      scoring.credits[static_cast<std::size_t>(failure)] = read_credit(reader, *value, key);
    }
  }
  return scoring;
}

}  // namespace grade::spec

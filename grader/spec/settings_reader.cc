#include "spec/settings_reader.h"

#include <fmt/format.h>

#include "spec/map_reader.h"

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

}  // namespace grade::spec

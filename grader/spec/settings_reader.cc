#include "spec/settings_reader.h"

#include "spec/map_reader.h"

namespace grade::spec {

int read_repeat(const YamlReader& reader, const YAML::Node& node) {
  const std::int64_t n = reader.integer(node, "repeat");
  if (n < 1 || n > 1000) {
    reader.fail(node, "repeat must be between 1 and 1000");
  }
  return static_cast<int>(n);
}

LimitOverrides read_limits(const YamlReader& reader, const YAML::Node& node) {
  const MapReader map(reader, node, "limits", {"wall_time", "output_bytes"});
  LimitOverrides limits;
  if (auto wall = map.optional("wall_time")) {
    limits.wall_time = reader.duration(*wall, "wall_time", kMaxWallTime);
  }
  if (auto bytes = map.optional("output_bytes")) {
    limits.output_bytes = reader.byte_size(*bytes, "output_bytes", kMaxOutputBytes);
  }
  return limits;
}

}  // namespace grade::spec

// Strict, typed reading of YAML values with file:line:col in every error. Mappings with fixed
// keys are read through a MapReader (spec/map_reader.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "spec/location.h"

namespace grade::spec {

// Parses a whole file; syntax errors become grade::Error(kSpec) with the position.
YAML::Node load_yaml_file(const std::string& path);

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  Location where(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node, std::string_view message) const;

  std::string string(const YAML::Node& node, std::string_view what) const;
  std::int64_t integer(const YAML::Node& node, std::string_view what) const;
  // A finite number; nan, inf and values beyond a double's range are rejected.
  double number(const YAML::Node& node, std::string_view what) const;
  // Whether `node` is written as a number (unquoted), so number() reads it or explains why not.
  bool is_number(const YAML::Node& node) const;
  // Fails when `node` is an unquoted number written with underscores (800_000): YAML 1.2
  // reads it as text, which would be compared as text. The message gives it without them.
  void reject_underscored_number(const YAML::Node& node, std::string_view what) const;
  // `true` or `false`, unquoted. YAML 1.1's yes/no/on/off are rejected: they read as text to
  // most people and to YAML 1.2 parsers.
  bool boolean(const YAML::Node& node, std::string_view what) const;
  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what) const;
  // "500ms", "10s", "1.5s", "2m"; at least 1ms and at most `max`.
  std::chrono::milliseconds duration(const YAML::Node& node, std::string_view what,
                                     std::chrono::milliseconds max) const;
  // 4096, "64KiB", "1MiB"; at least 1 byte and at most `max`.
  std::size_t byte_size(const YAML::Node& node, std::string_view what, std::size_t max) const;
  // Identifiers name extractors, checks, exercises: [A-Za-z_][A-Za-z0-9_-]*.
  std::string identifier(const YAML::Node& node, std::string_view what) const;
  // The (key, value) pairs of a mapping whose keys are names chosen by the author (extractors,
  // languages): fails unless `node` is a mapping with no key written twice.
  std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& node,
                                                         std::string_view what) const;

 private:
  std::string file_;
};

}  // namespace grade::spec

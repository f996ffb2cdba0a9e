// Strict, typed reading of YAML documents with file:line:col in every error.
//
// The loaders read each mapping through a MapReader, which remembers the keys it was asked for;
// finish() then rejects any other key and suggests the closest valid one, so a misspelt
// `depend_on` is an error instead of a silently ignored setting.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/location.h"

namespace grade::spec {

// Parses a whole file; syntax errors become grade::Error(kSpec) with the position.
YAML::Node load_yaml_file(const std::string& path);

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  Location where(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node, std::string_view message) const;

  std::string string(const YAML::Node& node, std::string_view what) const;
  std::int64_t integer(const YAML::Node& node, std::string_view what) const;
  double number(const YAML::Node& node, std::string_view what) const;
  bool is_number(const YAML::Node& node) const;
  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what) const;
  // "500ms", "10s", "1.5s", "2m".
  std::chrono::milliseconds duration(const YAML::Node& node, std::string_view what) const;
  // 4096, "64KiB", "1MiB".
  std::size_t byte_size(const YAML::Node& node, std::string_view what) const;
  // Identifiers name extractors, checks, exercises: [A-Za-z_][A-Za-z0-9_-]*.
  std::string identifier(const YAML::Node& node, std::string_view what) const;

 private:
  std::string file_;
};

class MapReader {
 public:
  // Fails unless `node` is a mapping; `what` names it in messages ("check 'three-lines'").
  MapReader(const YamlReader& reader, const YAML::Node& node, std::string what);

  const YAML::Node& node() const { return node_; }
  const std::string& what() const { return what_; }

  // Looking a key up marks it as known, whether or not it is present.
  std::optional<YAML::Node> optional(std::string_view key);
  YAML::Node required(std::string_view key);
  void allow(std::string_view key) { known_.emplace_back(key); }

  // Rejects keys that were never looked up.
  void finish() const;

 private:
  const YamlReader& reader_;
  YAML::Node node_;
  std::string what_;
  std::vector<std::string> known_;
};

}  // namespace grade::spec

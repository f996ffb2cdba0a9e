// Reading one YAML mapping with a fixed set of keys.
//
// A MapReader is told every key the mapping accepts when it is made and rejects any other key at
// once, with the closest valid one as a suggestion: a misspelt `depend_on` is an error instead of
// a silently ignored setting. Because every accepted key is known before any value is read, a
// missing required key is never blamed on a valid sibling.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "spec/error_list.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

class MapReader {
 public:
  // Fails unless `node` is a mapping whose keys are all among `keys`, none written twice.
  // `what` names it in messages ("a check", "'count' of check 'a'"). With `errors`, each
  // unknown key is added there instead, and the known ones can still be read.
  MapReader(const YamlReader& reader, const YAML::Node& node, std::string what,
            std::vector<std::string> keys, ErrorList* errors = nullptr);

  const YAML::Node& node() const { return node_; }
  const std::string& what() const { return what_; }

  // `key` must be one of the keys given to the constructor (else it is a bug in the grader).
  std::optional<YAML::Node> optional(std::string_view key) const;
  YAML::Node required(std::string_view key) const;

 private:
  void reject_unknown_keys(ErrorList* errors) const;

  const YamlReader& reader_;
  YAML::Node node_;
  std::string what_;
  std::vector<std::string> keys_;
};

}  // namespace grade::spec

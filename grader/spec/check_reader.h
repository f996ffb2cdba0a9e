// Reads the entries of an exercise spec's `checks` list: the keys every check has, and one
// small reader per check kind (docs/spec-reference.md#checks).
#pragma once

#include <yaml-cpp/yaml.h>

#include "spec/exercise.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

// Reads `node` as the next check of `exercise`, whose extractors and earlier checks are already
// read: references to extractors, captures and checks (`depends_on`) are validated against them.
Check read_check(const YamlReader& reader, const Exercise& exercise, const YAML::Node& node);

// `stdout` or `stderr`; extractors and the `unmatched` check both name a stream.
Stream read_stream(const YamlReader& reader, const YAML::Node& node);

}  // namespace grade::spec

// The keys that course.yaml and an exercise spec share, `repeat`, `limits` and `scoring`: one
// reader for both, so the two files accept exactly the same values (an exercise's override the
// course's).
#pragma once

#include <yaml-cpp/yaml.h>

#include "spec/limits.h"
#include "spec/scoring.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

// `repeat: 3`: runs per grading, 1 to 1000.
int read_repeat(const YamlReader& reader, const YAML::Node& node);

// `limits: {wall_time: 10s, output_bytes: 1MiB}`: either key may be left out.
LimitOverrides read_limits(const YamlReader& reader, const YAML::Node& node);

// `scoring: {limit: zero, failed: partial}`: any key may be left out.
ScoringOverrides read_scoring(const YamlReader& reader, const YAML::Node& node);

}  // namespace grade::spec

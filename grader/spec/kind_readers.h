// The readers of single check kinds, shared between check_reader.cc, which reads the keys
// every check has and dispatches on the kind key, and the files that hold some of the kinds.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "spec/exercise.h"
#include "spec/map_reader.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

// What every kind reader needs: the file (for messages), the exercise read so far (for
// references to extractors and earlier checks) and the checks this one depends on.
struct KindContext {
  const YamlReader& reader;
  const Exercise& exercise;
  const std::vector<std::string>& depends_on;
};

// The keys of a kind that compares a number with a bound, plus `keys`.
std::vector<std::string> with_bound_keys(std::vector<std::string> keys);
Bound read_bound(const KindContext& ctx, const MapReader& map);

// `what` names the kind's mapping in messages: "'ended' of check 'a'".
CheckKind read_observed(const KindContext& ctx, const YAML::Node& node, const std::string& what);
CheckKind read_ended(const KindContext& ctx, const YAML::Node& node, const std::string& what);
CheckKind read_matches_span(const KindContext& ctx, const YAML::Node& node,
                            const std::string& what);
// source_check_reader.cc
CheckKind read_source(const KindContext& ctx, const YAML::Node& node, const std::string& what);
// ordered_check_reader.cc
CheckKind read_ordered(const KindContext& ctx, const YAML::Node& node, const std::string& what);

}  // namespace grade::spec

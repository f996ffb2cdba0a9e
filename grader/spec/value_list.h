// Several values from one line: an extractor's `split` and `findall` turn the text of one
// capture into a list (docs/spec-reference.md#several-values-on-one-line).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include "spec/yaml_reader.h"

namespace grade::spec {

// How one capture's text becomes its values: the parts between separators (`split`), or
// every non-overlapping match of a pattern (`findall`; its one group, when it has one).
struct ValueList {
  std::string separator;               // split, never empty
  std::shared_ptr<const RE2> pattern;  // findall
  std::string written;                 // as the spec wrote it, for messages: "split: ','"

  // The values in `text`, in order. Parts are trimmed of blanks; empty values are dropped,
  // so "[]" and "1, 2," give none and two: an empty value carries nothing to compare.
  std::vector<std::string> values(std::string_view text) const;
};

// By capture name.
using ValueLists = std::map<std::string, ValueList, std::less<>>;

// The `split` and `findall` mappings of an extractor (capture -> separator, capture ->
// pattern), checked against its captures: each capture once, in one of the two.
ValueLists read_value_lists(const YamlReader& reader, const std::optional<YAML::Node>& split,
                            const std::optional<YAML::Node>& findall,
                            const std::vector<std::string>& captures);

}  // namespace grade::spec

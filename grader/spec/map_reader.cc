#include "spec/map_reader.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "util/error.h"
#include "util/text.h"

namespace grade::spec {

MapReader::MapReader(const YamlReader& reader, const YAML::Node& node, std::string what,
                     std::vector<std::string> keys, ErrorList* errors)
    : reader_(reader), node_(node), what_(std::move(what)), keys_(std::move(keys)) {
  reject_unknown_keys(errors);
}

void MapReader::reject_unknown_keys(ErrorList* errors) const {
  const YAML::Node& map = node_;
  for (const auto& [key_node, value] : reader_.entries(map, what_)) {
    const std::string& key = key_node.Scalar();
    if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) {
      continue;
    }
    // A key that is present cannot be the one meant: suggest only among the missing ones, so a
    // valid sibling is never blamed.
    std::vector<std::string> missing;
    std::copy_if(keys_.begin(), keys_.end(), std::back_inserter(missing),
                 [&](const std::string& k) { return !map[k].IsDefined(); });
    std::string message = fmt::format("unknown key '{}' in {}", key, what_);
    if (const auto suggestion = text::closest_match(key, missing)) {
      message += fmt::format("; did you mean '{}'?", *suggestion);
    } else {
      message += fmt::format(" (valid keys: {})", text::join(keys_, ", "));
    }
    if (errors == nullptr) {
      reader_.fail(key_node, message);
    }
    const YAML::Node& where = key_node;  // clang 14 lambdas cannot capture a structured binding
    errors->attempt([&] { reader_.fail(where, message); });
  }
}

std::optional<YAML::Node> MapReader::optional(std::string_view key) const {
  if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) {
    // Such a key would be rejected in every file: the mistake is the grader's, not the author's.
    throw Error(ErrorKind::kInternal,
                fmt::format("key '{}' of {} is read but not declared as accepted", key, what_));
  }
  const YAML::Node& map = node_;
  YAML::Node value = map[std::string(key)];
  if (!value.IsDefined()) {
    return std::nullopt;
  }
  return value;
}

YAML::Node MapReader::required(std::string_view key) const {
  if (std::optional<YAML::Node> value = optional(key)) {
    return *value;
  }
  // Every present key was accepted by the constructor, so this one is missing, not misspelt.
  reader_.fail(node_, fmt::format("{} needs the key '{}'", what_, key));
}

}  // namespace grade::spec

#include "spec/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "util/error.h"
#include "util/text.h"

namespace grade::spec {

namespace {

std::string_view kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

// Splits "1.5s" into 1.5 and "s".
bool split_number_unit(std::string_view text, double& value, std::string_view& unit) {
  std::size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) != 0 ||
                               text[end] == '.')) {
    ++end;
  }
  if (end == 0) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, value);
  if (ec != std::errc() || ptr != text.data() + end) {
    return false;
  }
  unit = text::trim(text.substr(end));
  return true;
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(ErrorKind::kSpec, fmt::format("{}: cannot read the file", path));
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::kSpec, fmt::format("{}:{}:{}: invalid YAML: {}", path, e.mark.line + 1,
                                              e.mark.column + 1, e.msg));
  }
}

Location YamlReader::where(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return Location{file_, 0, 0};
  }
  return Location{file_, mark.line + 1, mark.column + 1};
}

void YamlReader::fail(const YAML::Node& node, std::string_view message) const {
  throw Error(ErrorKind::kSpec, fmt::format("{}: {}", where(node).str(), message));
}

std::string YamlReader::string(const YAML::Node& node, std::string_view what) const {
  if (!node.IsScalar()) {
    fail(node, fmt::format("{} must be a string, found {}", what, kind_name(node)));
  }
  return node.Scalar();
}

std::int64_t YamlReader::integer(const YAML::Node& node, std::string_view what) const {
  const std::string s = string(node, what);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    fail(node, fmt::format("{} must be a whole number, found '{}'", what, s));
  }
  return value;
}

bool YamlReader::is_number(const YAML::Node& node) const {
  if (!node.IsScalar() || node.Tag() == "!") {  // a quoted scalar is a string
    return false;
  }
  const std::string& s = node.Scalar();
  double value = 0;
  const char* begin = s.data();
  if (!s.empty() && s.front() == '+') {
    ++begin;
  }
  const auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value);
  return ec == std::errc() && ptr == s.data() + s.size() && begin != ptr;
}

double YamlReader::number(const YAML::Node& node, std::string_view what) const {
  if (!is_number(node)) {
    fail(node, fmt::format("{} must be a number, found {}", what,
                           node.IsScalar() ? "'" + node.Scalar() + "'" : std::string(kind_name(node))));
  }
  return node.as<double>();
}

std::vector<std::string> YamlReader::string_list(const YAML::Node& node,
                                                 std::string_view what) const {
  if (node.IsScalar()) {  // a single item may be written without brackets
    return {node.Scalar()};
  }
  if (!node.IsSequence()) {
    fail(node, fmt::format("{} must be a list of strings, found {}", what, kind_name(node)));
  }
  std::vector<std::string> items;
  for (const YAML::Node& item : node) {
    items.push_back(string(item, what));
  }
  return items;
}

std::chrono::milliseconds YamlReader::duration(const YAML::Node& node,
                                               std::string_view what) const {
  const std::string s = string(node, what);
  double value = 0;
  std::string_view unit;
  double scale = 0;
  if (split_number_unit(s, value, unit)) {
    if (unit == "ms") {
      scale = 1;
    } else if (unit == "s") {
      scale = 1000;
    } else if (unit == "m" || unit == "min") {
      scale = 60'000;
    }
  }
  if (scale == 0 || value <= 0) {
    fail(node, fmt::format("{} must be a positive duration such as 500ms, 10s or 2m, found '{}'",
                           what, s));
  }
  return std::chrono::milliseconds(std::llround(value * scale));
}

std::size_t YamlReader::byte_size(const YAML::Node& node, std::string_view what) const {
  const std::string s = string(node, what);
  double value = 0;
  std::string_view unit;
  double scale = 0;
  if (split_number_unit(s, value, unit)) {
    if (unit.empty() || unit == "B") {
      scale = 1;
    } else if (unit == "KiB") {
      scale = 1024;
    } else if (unit == "MiB") {
      scale = 1024.0 * 1024;
    } else if (unit == "GiB") {
      scale = 1024.0 * 1024 * 1024;
    }
  }
  if (scale == 0 || value <= 0) {
    fail(node, fmt::format("{} must be a positive size such as 65536, 64KiB or 1MiB, found '{}'",
                           what, s));
  }
  return static_cast<std::size_t>(std::llround(value * scale));
}

std::string YamlReader::identifier(const YAML::Node& node, std::string_view what) const {
  std::string s = string(node, what);
  const bool ok =
      !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) != 0 || s[0] == '_') &&
      std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
      });
  if (!ok) {
    fail(node, fmt::format("{} '{}' must start with a letter and hold only letters, digits, _ and -",
                           what, s));
  }
  return s;
}

MapReader::MapReader(const YamlReader& reader, const YAML::Node& node, std::string what)
    : reader_(reader), node_(node), what_(std::move(what)) {
  if (!node_.IsMap()) {
    reader_.fail(node_, fmt::format("{} must be a mapping of keys to values, found {}", what_,
                                    kind_name(node_)));
  }
}

std::optional<YAML::Node> MapReader::optional(std::string_view key) {
  known_.emplace_back(key);
  const YAML::Node value = node_[std::string(key)];
  if (!value.IsDefined()) {
    return std::nullopt;
  }
  return value;
}

YAML::Node MapReader::required(std::string_view key) {
  std::optional<YAML::Node> value = optional(key);
  if (value) {
    return *value;
  }
  // A misspelt required key is more likely than a forgotten one: point at the typo.
  for (const auto& entry : node_) {
    const std::string present = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    const std::string wanted(key);
    if (text::closest_match(present, std::span<const std::string>(&wanted, 1))) {
      reader_.fail(entry.first, fmt::format("unknown key '{}' in {}; did you mean '{}'?", present,
                                            what_, key));
    }
  }
  reader_.fail(node_, fmt::format("{} needs the key '{}'", what_, key));
}

void MapReader::finish() const {
  for (const auto& entry : node_) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) {
      continue;
    }
    std::string message = fmt::format("unknown key '{}' in {}", key, what_);
    if (const auto suggestion = text::closest_match(key, known_)) {
      message += fmt::format("; did you mean '{}'?", *suggestion);
    } else {
      message += fmt::format(" (valid keys: {})", text::join(known_, ", "));
    }
    reader_.fail(entry.first, message);
  }
}

}  // namespace grade::spec

#include "spec/value_list.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"

namespace grade::spec {

namespace {

void add_value(std::string_view value, std::vector<std::string>& out) {
  if (!value.empty()) {
    out.emplace_back(value);
  }
}

std::vector<std::string> split_values(std::string_view text, std::string_view separator) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t at = text.find(separator);
    add_value(text::trim(text.substr(0, at)), out);
    if (at == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(at + separator.size());
  }
}

// The start of the character after `pos`: an empty match moves on by one character, never
// into the middle of a UTF-8 sequence.
std::size_t next_character(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0U) == 0x80U) {
    ++pos;
  }
  return pos;
}

std::vector<std::string> findall_values(std::string_view text, const RE2& pattern) {
  std::vector<std::string> out;
  const re2::StringPiece whole(text.data(), text.size());
  const int group = pattern.NumberOfCapturingGroups() == 1 ? 1 : 0;
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(group) + 1);
  std::size_t pos = 0;
  while (pos <= text.size() &&
         pattern.Match(whole, pos, text.size(), RE2::UNANCHORED, pieces.data(), group + 1)) {
    const re2::StringPiece& match = pieces[0];
    const re2::StringPiece& value = pieces[static_cast<std::size_t>(group)];
    add_value(std::string_view(value.data(), value.size()), out);
    const auto end = static_cast<std::size_t>(match.data() - text.data()) + match.size();
    pos = match.empty() ? next_character(text, end) : end;
  }
  return out;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& known) {
  const auto closest = text::closest_match(word, known);
  return closest ? fmt::format("; did you mean '{}'?", *closest) : "";
}

// The capture a key of `split` or `findall` names, which must be one of the extractor's.
std::string read_capture_name(const YamlReader& reader, const YAML::Node& key,
                              std::string_view what, const std::vector<std::string>& captures,
                              const ValueLists& read) {
  std::string name = reader.string(key, "capture");
  if (std::find(captures.begin(), captures.end(), name) == captures.end()) {
    reader.fail(
        key,
        fmt::format("{} names '{}', which is not a named group of the pattern (it "
                    "has: {}){}",
                    what, name, captures.empty() ? std::string("none") : text::join(captures, ", "),
                    suggestion(name, captures)));
  }
  if (read.find(name) != read.end()) {
    reader.fail(key, fmt::format("capture '{}' is in both split and findall; a capture's values "
                                 "come from one of them: keep split for a list with a "
                                 "separator, findall for values found by a pattern",
                                 name));
  }
  return name;
}

ValueList read_findall(const YamlReader& reader, const YAML::Node& node) {
  ValueList list;
  const std::string text = reader.string(node, "findall pattern");
  RE2::Options options;
  options.set_log_errors(false);
  list.pattern = std::make_shared<const RE2>(text, options);
  if (!list.pattern->ok()) {
    reader.fail(node, fmt::format("findall pattern is not a valid RE2 regular expression: {}",
                                  list.pattern->error()));
  }
  if (list.pattern->NumberOfCapturingGroups() > 1) {
    reader.fail(node, fmt::format("findall pattern '{}' has {} groups; a value is the whole "
                                  "match or its one group: make the others non-capturing, "
                                  "(?:...)",
                                  text, list.pattern->NumberOfCapturingGroups()));
  }
  if (RE2::FullMatch("", *list.pattern)) {
    reader.fail(node, fmt::format("findall pattern '{}' matches an empty text, and an empty "
                                  "match is no value; make it need at least one character, "
                                  "as in '[0-9]+' rather than '[0-9]*'",
                                  text));
  }
  list.written = fmt::format("findall: '{}'", text);
  return list;
}

ValueList read_split(const YamlReader& reader, const YAML::Node& node) {
  ValueList list;
  list.separator = reader.string(node, "split separator");
  if (list.separator.empty()) {
    reader.fail(node,
                "the split separator is empty; write the text between two values, as in "
                "split: {pids: ','}");
  }
  list.written = fmt::format("split: '{}'", list.separator);
  return list;
}

}  // namespace

std::vector<std::string> ValueList::values(std::string_view text) const {
  return pattern ? findall_values(text, *pattern) : split_values(text, separator);
}

ValueLists read_value_lists(const YamlReader& reader, const std::optional<YAML::Node>& split,
                            const std::optional<YAML::Node>& findall,
                            const std::vector<std::string>& captures) {
  ValueLists lists;
  if (split) {
    for (const auto& [key, value] : reader.entries(*split, "split")) {
      std::string name = read_capture_name(reader, key, "split", captures, lists);
      lists.emplace(std::move(name), read_split(reader, value));
    }
  }
  if (findall) {
    for (const auto& [key, value] : reader.entries(*findall, "findall")) {
      std::string name = read_capture_name(reader, key, "findall", captures, lists);
      lists.emplace(std::move(name), read_findall(reader, value));
    }
  }
  return lists;
}

}  // namespace grade::spec

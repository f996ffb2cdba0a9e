#include "spec/exercise_loader.h"

#include <algorithm>

#include <fmt/format.h>

#include "spec/check_reader.h"
#include "spec/exercise_languages.h"
#include "spec/map_reader.h"
#include "spec/settings_reader.h"

namespace grade::spec {

namespace {

std::shared_ptr<const RE2> compile(const YamlReader& reader, const YAML::Node& node,
                                   std::string_view what) {
  const std::string pattern = reader.string(node, what);
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_shared<const RE2>(pattern, options);
  if (!regex->ok()) {
    reader.fail(node,
                fmt::format("{} is not a valid RE2 regular expression: {}", what, regex->error()));
  }
  return regex;
}

// Named groups in pattern order, so messages list them as the author wrote them.
std::vector<std::string> captures_of(const RE2& regex) {
  std::vector<std::pair<int, std::string>> groups;
  for (const auto& [group, index] : regex.NamedCapturingGroups()) {
    groups.emplace_back(index, group);
  }
  std::sort(groups.begin(), groups.end());
  std::vector<std::string> captures;
  captures.reserve(groups.size());
  for (auto& group : groups) {
    captures.push_back(std::move(group.second));
  }
  return captures;
}

// RE2 accepts a name given to two groups but reports only the first: a line matching the
// alternative with the second would give the capture an empty value.
void reject_duplicate_group_names(const YamlReader& reader, const YAML::Node& node,
                                  const std::string& pattern) {
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;  // an escaped character, such as \( , opens no group
      continue;
    }
    std::size_t start = std::string::npos;
    for (const std::string_view opener : {"(?P<", "(?<"}) {
      if (pattern.compare(i, opener.size(), opener) == 0) {
        start = i + opener.size();
      }
    }
    const std::size_t end = start == std::string::npos ? start : pattern.find('>', start);
    if (end == std::string::npos) {
      continue;
    }
    std::string name = pattern.substr(start, end - start);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      reader.fail(node, fmt::format("duplicate group name '{}' in pattern: '{}'; give each group "
                                    "its own name, or use one group around the alternatives, "
                                    "as in (?P<{}>a|b)",
                                    name, pattern, name));
    }
    seen.push_back(std::move(name));
  }
}

Extractor read_extractor(const YamlReader& reader, const std::string& name,
                         const YAML::Node& node) {
  const MapReader map(reader, node, fmt::format("extractor '{}'", name),
                      {"pattern", "near", "stream", "label", "split", "findall"});
  Extractor extractor;
  extractor.name = name;
  extractor.where = reader.where(node);
  const YAML::Node pattern = map.required("pattern");
  extractor.pattern = reader.string(pattern, "pattern");
  extractor.regex = compile(reader, pattern, "pattern");
  reject_duplicate_group_names(reader, pattern, extractor.pattern);
  extractor.captures = captures_of(*extractor.regex);
  extractor.lists =
      read_value_lists(reader, map.optional("split"), map.optional("findall"), extractor.captures);
  if (auto near = map.optional("near")) {
    extractor.near_regex = compile(reader, *near, "near");
  }
  if (auto stream = map.optional("stream")) {
    extractor.stream = read_stream(reader, *stream);
  }
  if (auto label = map.optional("label")) {
    extractor.label = reader.string(*label, "label");
  } else {
    extractor.label = fmt::format("lines matching '{}'", extractor.pattern);
  }
  return extractor;
}

}  // namespace

Exercise load_exercise(const std::filesystem::path& spec_file) {
  Exercise exercise;
  exercise.file = spec_file;
  const YamlReader reader(spec_file.string());
  const YAML::Node document = load_yaml_file(spec_file.string());
  const MapReader map(
      reader, document, "the exercise spec",
      {"id", "title", "prompt", "contract", "languages", "repeat", "limits", "extract", "checks"});

  exercise.id = reader.identifier(map.required("id"), "exercise id");
  exercise.title = reader.string(map.required("title"), "title");
  exercise.prompt = reader.string(map.required("prompt"), "prompt");
  exercise.contract = reader.string(map.required("contract"), "contract");
  if (auto languages = map.optional("languages")) {
    LanguageList list = read_language_list(reader, *languages);
    exercise.languages = std::move(list.ids);
    exercise.languages_where = std::move(list.where);
  }
  if (auto repeat = map.optional("repeat")) {
    exercise.repeat = read_repeat(reader, *repeat);
  }
  if (auto limits = map.optional("limits")) {
    exercise.limits = read_limits(reader, *limits);
  }

  for (const auto& [key, value] : reader.entries(map.required("extract"), "extract")) {
    const std::string name = reader.identifier(key, "extractor name");
    exercise.extractors.push_back(read_extractor(reader, name, value));
  }

  const YAML::Node checks = map.required("checks");
  if (!checks.IsSequence() || checks.size() == 0) {
    reader.fail(checks, "checks must be a non-empty list");
  }
  for (const YAML::Node& node : checks) {
    exercise.checks.push_back(read_check(reader, exercise, node));
  }
  return exercise;
}

}  // namespace grade::spec

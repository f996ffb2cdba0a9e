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

// The group names written in a pattern, in order, each time it is written: read from the text,
// because RE2 reports a name given twice only once.
std::vector<std::string> group_names_written(const std::string& pattern) {
  std::vector<std::string> names;
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
    if (end != std::string::npos) {
      names.push_back(pattern.substr(start, end - start));
    }
  }
  return names;
}

// RE2 accepts a name given to two groups but reports only the first: a line matching the
// alternative with the second would give the capture an empty value.
void reject_duplicate_group_names(const YamlReader& reader, const YAML::Node& node,
                                  const std::string& pattern) {
  std::vector<std::string> seen;
  for (std::string& name : group_names_written(pattern)) {
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

// What checks may still refer to when an extractor could not be read: its name and the groups
// its pattern names, so that its own error is reported, not one more for every check using it.
Extractor stand_in_extractor(const std::string& name, const YAML::Node& node) {
  Extractor extractor;
  extractor.name = name;
  const YAML::Node pattern = node.IsMap() ? node["pattern"] : YAML::Node();
  if (pattern.IsDefined() && pattern.IsScalar()) {  // a missing key's node throws on IsScalar
    std::vector<std::string> names = group_names_written(pattern.Scalar());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    extractor.captures = std::move(names);
  }
  return extractor;
}

// Likewise a check that could not be read, so that later checks may still depend on it.
std::optional<Check> stand_in_check(const Exercise& exercise, const YAML::Node& node) {
  const YAML::Node id = node.IsMap() ? node["id"] : YAML::Node();
  if (!id.IsDefined() || !id.IsScalar() || exercise.find_check(id.Scalar()) != nullptr) {
    return std::nullopt;
  }
  Check check;
  check.id = id.Scalar();
  return check;
}

void read_extractors(const YamlReader& reader, const YAML::Node& node, Exercise& exercise,
                     ErrorList& errors) {
  for (const auto& entry : reader.entries(node, "extract")) {
    const YAML::Node& value = entry.second;
    std::string name;
    if (!errors.attempt([&] { name = reader.identifier(entry.first, "extractor name"); })) {
      continue;
    }
    if (!errors.attempt(
            [&] { exercise.extractors.push_back(read_extractor(reader, name, value)); })) {
      exercise.extractors.push_back(stand_in_extractor(name, value));
    }
  }
}

void read_checks(const YamlReader& reader, const YAML::Node& checks, Exercise& exercise,
                 ErrorList& errors) {
  if (!checks.IsSequence() || checks.size() == 0) {
    reader.fail(checks, "checks must be a non-empty list");
  }
  for (const YAML::Node& node : checks) {
    if (!errors.attempt([&] { exercise.checks.push_back(read_check(reader, exercise, node)); })) {
      if (std::optional<Check> stand_in = stand_in_check(exercise, node)) {
        exercise.checks.push_back(std::move(*stand_in));
      }
    }
  }
}

}  // namespace

ExerciseLoad load_exercise_collecting(const std::filesystem::path& spec_file) {
  ExerciseLoad load;
  Exercise& exercise = load.exercise;
  ErrorList& errors = load.errors;
  exercise.file = spec_file;
  const YamlReader reader(spec_file.string());
  const YAML::Node document = load_yaml_file(spec_file.string());
  const MapReader map(reader, document, "the exercise spec",
                      {"id", "title", "prompt", "contract", "languages", "repeat", "limits",
                       "extract", "checks", "scoring"},
                      &errors);

  errors.attempt([&] { exercise.id = reader.identifier(map.required("id"), "exercise id"); });
  errors.attempt([&] { exercise.title = reader.string(map.required("title"), "title"); });
  errors.attempt([&] { exercise.prompt = reader.string(map.required("prompt"), "prompt"); });
  errors.attempt([&] { exercise.contract = reader.string(map.required("contract"), "contract"); });
  errors.attempt([&] {
    if (auto languages = map.optional("languages")) {
      LanguageList list = read_language_list(reader, *languages);
      exercise.languages = std::move(list.ids);
      exercise.languages_where = std::move(list.where);
    }
  });
  errors.attempt([&] {
    if (auto repeat = map.optional("repeat")) {
      exercise.repeat = read_repeat(reader, *repeat);
    }
  });
  errors.attempt([&] {
    if (auto limits = map.optional("limits")) {
      exercise.limits = read_limits(reader, *limits);
    }
  });
  errors.attempt([&] {
    if (auto scoring = map.optional("scoring")) {
      exercise.scoring = read_scoring(reader, *scoring);
    }
  });
  errors.attempt([&] { read_extractors(reader, map.required("extract"), exercise, errors); });
  errors.attempt([&] { read_checks(reader, map.required("checks"), exercise, errors); });
  return load;
}

Exercise load_exercise(const std::filesystem::path& spec_file) {
  ExerciseLoad load = load_exercise_collecting(spec_file);
  load.errors.throw_first();
  return std::move(load.exercise);
}

}  // namespace grade::spec

// The languages of an exercise and of its checks (`languages: [cpp, c]`): reading the lists,
// checking them against the course once both are loaded, and the exercise as one language
// sees it (docs/spec-reference.md#languages).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "spec/course.h"
#include "spec/exercise.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

// A `languages` list: at least one id, none twice; each id with where it was written.
struct LanguageList {
  std::vector<std::string> ids;
  std::vector<Location> where;
};
LanguageList read_language_list(const YamlReader& reader, const YAML::Node& node);

// Throws Error(kSpec) with file:line:col (and a suggestion) when the exercise or one of its
// checks (or a check's hints) names a language the course does not have, or a check names one
// the exercise (or the check) does not accept (it could never apply). The exercise loader does not
// read the course: call this where both are known.
void check_languages(const Exercise& exercise, const Course& course);

// A copy of `exercise` without the checks that do not apply to `language_id` (Check::
// languages), each with its hint for that language (Check::hints) where it has one; a
// depends_on naming a removed check is dropped. Its max_score() is what a
// submission in that language can earn. Whether the exercise accepts the language at all is
// Exercise::accepts()'s to say.
Exercise for_language(const Exercise& exercise, std::string_view language_id);

}  // namespace grade::spec

#include "spec/exercise_languages.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "util/error.h"
#include "util/text.h"

namespace grade::spec {

namespace {

bool has(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Where the `index`th id of a list was written; the exercise's file when it was made in code.
Location where_of(const std::vector<Location>& where, std::size_t index, const Exercise& exercise) {
  return index < where.size() ? where[index] : Location{exercise.file.string(), 0, 0};
}

[[noreturn]] void fail(const Location& where, std::string_view message) {
  throw Error(ErrorKind::kSpec, fmt::format("{}: {}", where.str(), message));
}

// `owner` names a language the course has; `accepted` (when not empty) says which of them
// may be named.
void check_list(const Exercise& exercise, const std::vector<std::string>& ids,
                const std::vector<Location>& where, const std::string& owner,
                const std::vector<std::string>& known, const std::vector<std::string>& accepted) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    if (!has(known, id)) {
      const auto closest = text::closest_match(id, known);
      fail(where_of(where, i, exercise),
           fmt::format("{} names the language '{}', which the course does not have (it has: "
                       "{}){}",
                       owner, id, text::join(known, ", "),
                       closest ? fmt::format("; did you mean '{}'?", *closest) : ""));
    }
    if (!accepted.empty() && !has(accepted, id)) {
      fail(where_of(where, i, exercise),
           fmt::format("{} is for '{}', which exercise '{}' does not accept (it accepts: {}), "
                       "so it could never apply",
                       owner, id, exercise.id, text::join(accepted, ", ")));
    }
  }
}

// A source check needs an analyzer in every language it applies to.
void check_analyzers(const Exercise& exercise, const Course& course, const Check& check) {
  if (!std::holds_alternative<SourceCheck>(check.kind)) {
    return;
  }
  std::vector<std::string> analyzed;
  std::vector<std::string> missing;
  for (const Language& language : course.languages) {
    const bool applies =
        check.languages.empty() ? exercise.accepts(language.id) : has(check.languages, language.id);
    if (applies && language.analyze.empty()) {
      missing.push_back(language.id);
    } else if (!language.analyze.empty() && exercise.accepts(language.id)) {
      analyzed.push_back(language.id);
    }
  }
  if (missing.empty()) {
    return;
  }
  fail(check.where,
       fmt::format("check '{}' is a source check, but {} {} no analyzer of how a program is "
                   "written (only a language with analyze: in course.yaml has one); {}",
                   check.id, text::join(missing, ", "), missing.size() == 1 ? "has" : "have",
                   analyzed.empty() ? std::string("leave the check out")
                                    : fmt::format("add languages: [{}] to the check",
                                                  text::join(analyzed, ", "))));
}

}  // namespace

LanguageList read_language_list(const YamlReader& reader, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    reader.fail(node,
                "languages must be a non-empty list of language ids, such as [cpp, c] "
                "(leave it out for every language of the course)");
  }
  LanguageList list;
  for (const YAML::Node& item : node) {
    std::string id = reader.identifier(item, "language id");
    if (has(list.ids, id)) {
      reader.fail(item, fmt::format("language '{}' is named twice", id));
    }
    list.ids.push_back(std::move(id));
    list.where.push_back(reader.where(item));
  }
  return list;
}

void check_languages(const Exercise& exercise, const Course& course) {
  std::vector<std::string> known;
  known.reserve(course.languages.size());
  for (const Language& language : course.languages) {
    known.push_back(language.id);
  }
  check_list(exercise, exercise.languages, exercise.languages_where,
             fmt::format("exercise '{}'", exercise.id), known, {});
  for (const Check& check : exercise.checks) {
    check_list(exercise, check.languages, check.languages_where,
               fmt::format("check '{}'", check.id), known, exercise.languages);
    std::vector<std::string> hinted;
    std::vector<Location> where;
    for (const Check::LanguageHint& hint : check.hints) {
      hinted.push_back(hint.language);
      where.push_back(hint.where);
    }
    check_list(exercise, hinted, where, fmt::format("a hint of check '{}'", check.id), known,
               check.languages.empty() ? exercise.languages : check.languages);
    check_analyzers(exercise, course, check);
  }
}

Exercise for_language(const Exercise& exercise, std::string_view language_id) {
  Exercise copy = exercise;
  std::erase_if(copy.checks, [&](const Check& check) {
    return !check.languages.empty() && !has(check.languages, language_id);
  });
  for (Check& check : copy.checks) {
    std::erase_if(check.depends_on,
                  [&](const std::string& id) { return copy.find_check(id) == nullptr; });
    for (const Check::LanguageHint& hint : check.hints) {
      if (hint.language == language_id) {
        check.hint = hint.text;
      }
    }
  }
  return copy;
}

}  // namespace grade::spec

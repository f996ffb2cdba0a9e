#include "spec/course_problems.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "spec/exercise_languages.h"

namespace grade::spec {

namespace {

// The decimal number at `pos` followed by `end`; moves `pos` past both.
std::optional<int> number_then(std::string_view text, std::size_t& pos, std::string_view end) {
  int value = 0;
  const char* first = text.data() + pos;
  const auto [last, ec] = std::from_chars(first, text.data() + text.size(), value);
  const auto after = pos + static_cast<std::size_t>(last - first);
  if (ec != std::errc() || last == first || text.substr(after).rfind(end, 0) != 0) {
    return std::nullopt;
  }
  pos = after + end.size();
  return value;
}

// The ids of the languages the exercise accepts, in the course's order when it names none.
std::vector<std::string> accepted_ids(const Course& course, const Exercise& exercise) {
  if (!exercise.languages.empty()) {
    return exercise.languages;
  }
  std::vector<std::string> ids;
  for (const Language& language : course.languages) {
    ids.push_back(language.id);
  }
  return ids;
}

Problem warning(const Location& where, const Exercise& exercise, std::string message) {
  return Problem{where, Severity::kWarning, std::move(message), exercise.id};
}

// Hidden checks are left out: students never see their hints (report/view.h).
void hint_warnings(const std::vector<std::string>& accepted, const Exercise& exercise,
                   std::vector<Problem>& out) {
  for (const Check& check : exercise.checks) {
    if (check.hidden || !check.hint.empty()) {
      continue;
    }
    std::vector<std::string> missing;
    for (const std::string& id : check.languages.empty() ? accepted : check.languages) {
      const bool hinted =
          std::any_of(check.hints.begin(), check.hints.end(),
                      [&](const Check::LanguageHint& h) { return h.language == id; });
      if (!hinted) {
        missing.push_back(id);
      }
    }
    if (check.hints.empty()) {
      out.push_back(warning(check.where, exercise,
                            fmt::format("check '{}' has no hint: a student who fails it is not "
                                        "told what to fix",
                                        check.id)));
    } else if (!missing.empty()) {
      out.push_back(warning(
          check.where, exercise,
          fmt::format("check '{}' has no hint for {}", check.id, fmt::join(missing, ", "))));
    }
  }
}

// Every check `check` needs, directly or through others, as one language sees the exercise.
std::set<std::string> prerequisites(const Exercise& seen, const Check& check) {
  std::set<std::string> found;
  std::vector<std::string> todo = check.depends_on;
  while (!todo.empty()) {
    const std::string id = todo.back();
    todo.pop_back();
    const Check* need = seen.find_check(id);
    if (need != nullptr && found.insert(id).second) {
      todo.insert(todo.end(), need->depends_on.begin(), need->depends_on.end());
    }
  }
  return found;
}

// Two exit checks of the same run that cannot both pass: another status, or a status and a
// signal, or two signals.
bool contradict(const ExitCheck& a, const ExitCheck& b) {
  return a.code != b.code || a.signal != b.signal;
}

// A pair of `check`'s prerequisites (in `seen`) that cannot both pass, as "'a' and 'b'".
std::optional<std::string> impossible_pair(const Exercise& seen, const Check& check) {
  const std::set<std::string> needed = prerequisites(seen, check);
  std::vector<const Check*> exits;  // in the spec's order, as the warning names them
  for (const Check& need : seen.checks) {
    if (needed.count(need.id) != 0 && std::holds_alternative<ExitCheck>(need.kind)) {
      exits.push_back(&need);
    }
  }
  for (std::size_t i = 0; i < exits.size(); ++i) {
    for (std::size_t j = i + 1; j < exits.size(); ++j) {
      if (contradict(std::get<ExitCheck>(exits[i]->kind), std::get<ExitCheck>(exits[j]->kind))) {
        return fmt::format("'{}' and '{}'", exits[i]->id, exits[j]->id);
      }
    }
  }
  return std::nullopt;
}

// A check is only evaluated when its prerequisites passed; exit checks that expect different
// endings of the same run never all pass, so a check needing them is always skipped.
void unreachable_warnings(const std::vector<std::string>& accepted, const Exercise& exercise,
                          std::vector<Problem>& out) {
  for (const Check& check : exercise.checks) {
    std::vector<std::string> languages;
    std::string pair;
    for (const std::string& id : accepted) {
      const Exercise seen = for_language(exercise, id);
      const Check* mine = seen.find_check(check.id);
      if (mine == nullptr) {
        continue;
      }
      if (const auto found = impossible_pair(seen, *mine)) {
        languages.push_back(id);
        pair = *found;
      }
    }
    if (!languages.empty()) {
      out.push_back(
          warning(check.where, exercise,
                  fmt::format("check '{}' is never checked in {}: it depends on {}, which expect "
                              "different endings of the run and cannot both pass",
                              check.id, fmt::join(languages, ", "), pair)));
    }
  }
}

// Where the exercise names `language_id`, else the top of its file.
Location where_named(const Exercise& exercise, std::string_view language_id) {
  for (std::size_t i = 0; i < exercise.languages.size(); ++i) {
    if (exercise.languages[i] == language_id && i < exercise.languages_where.size()) {
      return exercise.languages_where[i];
    }
  }
  return Location{exercise.file.string(), 0, 0};
}

void file_warnings(const Course& course, const ExerciseEntry& entry, const Exercise& exercise,
                   std::vector<Problem>& out) {
  for (const std::string& id : accepted_ids(course, exercise)) {
    const Language* language = course.find_language(id);
    if (language == nullptr) {
      continue;  // an error check_languages reports
    }
    const std::pair<const char*, std::filesystem::path> files[] = {
        {"reference solution", course.solution_path(entry, *language)},
        {"starter file", course.template_path(entry, *language)}};
    for (const auto& [what, path] : files) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) {
        out.push_back(warning(where_named(exercise, id), exercise,
                              fmt::format("exercise '{}' has no {} in {} ({} is missing)",
                                          exercise.id, what, id, path.string())));
      }
    }
  }
}

}  // namespace

Problem problem_from_error(std::string_view what, std::string exercise) {
  Problem problem{{}, Severity::kError, std::string(what), std::move(exercise)};
  for (std::size_t colon = what.find(':'); colon != std::string_view::npos;
       colon = what.find(':', colon + 1)) {
    std::size_t pos = colon + 1;
    const std::optional<int> line = number_then(what, pos, ":");
    const std::optional<int> column = line ? number_then(what, pos, ": ") : std::nullopt;
    if (column) {
      problem.where = Location{std::string(what.substr(0, colon)), *line, *column};
      problem.message = std::string(what.substr(pos));
      return problem;
    }
  }
  if (const std::size_t colon = what.find(": "); colon != std::string_view::npos && colon > 0) {
    problem.where.file = std::string(what.substr(0, colon));
    problem.message = std::string(what.substr(colon + 2));
  }
  return problem;
}

std::vector<Problem> exercise_warnings(const Course& course, const ExerciseEntry& entry,
                                       const Exercise& exercise) {
  const std::vector<std::string> accepted = accepted_ids(course, exercise);
  std::vector<Problem> out;
  hint_warnings(accepted, exercise, out);
  unreachable_warnings(accepted, exercise, out);
  file_warnings(course, entry, exercise, out);
  return out;
}

}  // namespace grade::spec

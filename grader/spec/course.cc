#include "spec/course.h"

#include <algorithm>

namespace grade::spec {

const ExerciseEntry* Course::find_exercise(std::string_view exercise_id) const {
  const auto it = std::find_if(exercises.begin(), exercises.end(),
                               [&](const ExerciseEntry& e) { return e.id == exercise_id; });
  return it == exercises.end() ? nullptr : &*it;
}

const Language* Course::find_language(std::string_view language_id) const {
  const auto it = std::find_if(languages.begin(), languages.end(),
                               [&](const Language& l) { return l.id == language_id; });
  return it == languages.end() ? nullptr : &*it;
}

Limits default_build_limits() {
  Limits limits;
  limits.wall_time = std::chrono::seconds(60);
  limits.cpu_time = std::chrono::seconds(60);
  limits.tasks = 64;
  return limits;
}

const Language* Course::language_for(const std::filesystem::path& file) const {
  const std::string extension = file.extension().string();
  for (const Language& language : languages) {
    if (std::find(language.extensions.begin(), language.extensions.end(), extension) !=
        language.extensions.end()) {
      return &language;
    }
  }
  return nullptr;
}

std::vector<std::string> Course::exercise_ids() const {
  std::vector<std::string> ids;
  ids.reserve(exercises.size());
  for (const ExerciseEntry& e : exercises) {
    ids.push_back(e.id);
  }
  return ids;
}

std::string Language::source_name(const std::filesystem::path& submission) const {
  return notebook ? submission.stem().string() + ".py" : submission.filename().string();
}

std::filesystem::path Course::template_path(const ExerciseEntry& exercise,
                                            const Language& language) const {
  return root / "templates" / language.id / (exercise.id + language.extensions.front());
}

std::filesystem::path Course::solution_path(const ExerciseEntry& exercise,
                                            const Language& language) const {
  return root / "solutions" / language.id / (exercise.id + language.extensions.front());
}

}  // namespace grade::spec

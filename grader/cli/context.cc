#include "cli/context.h"

#include <algorithm>

#include <fmt/format.h>

#include "spec/exercise_languages.h"
#include "spec/exercise_loader.h"
#include "util/error.h"
#include "util/text.h"

namespace grade::cli {

const spec::ExerciseEntry& Context::entry(const std::string& exercise_id) const {
  if (const spec::ExerciseEntry* found = course.find_exercise(exercise_id)) {
    return *found;
  }
  const std::vector<std::string> ids = course.exercise_ids();
  std::string message = fmt::format("no exercise '{}' in course '{}'", exercise_id, course.id);
  if (const auto suggestion = text::closest_match(exercise_id, ids)) {
    message += fmt::format("; did you mean '{}'?", *suggestion);
  } else {
    message += fmt::format(" (exercises: {})", text::join(ids, ", "));
  }
  throw Error(ErrorKind::kUsage, message);
}

spec::Exercise Context::load(const std::string& exercise_id) const {
  spec::ExerciseLoad load = load_collecting(exercise_id);
  load.errors.throw_first();
  return std::move(load.exercise);
}

spec::ExerciseLoad Context::load_collecting(const std::string& exercise_id) const {
  const spec::ExerciseEntry& e = entry(exercise_id);
  spec::ExerciseLoad load = spec::load_exercise_collecting(e.spec);
  if (!load.errors.empty()) {
    return load;  // what follows needs a whole exercise
  }
  if (load.exercise.id != e.id) {
    load.errors.add(Error(ErrorKind::kSpec,
                          fmt::format("{}: the spec's id is '{}', but course.yaml lists it as '{}'",
                                      e.spec.string(), load.exercise.id, e.id)));
  }
  load.errors.attempt([&] { spec::check_languages(load.exercise, course); });
  return load;
}

std::vector<std::string> Context::chosen_exercises(std::vector<std::string> asked) const {
  if (asked.empty()) {
    return course.exercise_ids();
  }
  for (auto it = asked.begin(); it != asked.end(); ++it) {
    (void)entry(*it);  // throws a usage error with a suggestion for an unknown id
    if (std::find(asked.begin(), it, *it) != it) {
      throw Error(ErrorKind::kUsage, fmt::format("--exercises names {} twice", *it));
    }
  }
  return asked;
}

}  // namespace grade::cli

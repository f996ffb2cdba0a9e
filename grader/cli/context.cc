#include "cli/context.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "spec/exercise_languages.h"
#include "spec/exercise_loader.h"
#include "util/error.h"
#include "util/text.h"

namespace grade::cli {

namespace {

// "ex9" and "ex1": numbered ids, where the closest one is another exercise, not a typo.
bool only_numbers_differ(std::string_view a, std::string_view b) {
  const auto letters = [](std::string_view s) {
    std::string out;
    std::copy_if(s.begin(), s.end(), std::back_inserter(out),
                 [](unsigned char c) { return std::isdigit(c) == 0; });
    return out;
  };
  return a != b && letters(a) == letters(b);
}

}  // namespace

const spec::ExerciseEntry& Context::entry(const std::string& exercise_id) const {
  if (const spec::ExerciseEntry* found = course.find_exercise(exercise_id)) {
    return *found;
  }
  const std::vector<std::string> ids = course.exercise_ids();
  std::string message = fmt::format("no exercise '{}' in course '{}'", exercise_id, course.id);
  if (const auto suggestion = text::closest_match(exercise_id, ids);
      suggestion && !only_numbers_differ(exercise_id, *suggestion)) {
    message += fmt::format("; did you mean '{}'?", *suggestion);
  }
  // Always the whole list: `grade ex9` is more likely an exercise this course does not have
  // than a typo of ex1.
  message += fmt::format(" (exercises: {})", text::join(ids, ", "));
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

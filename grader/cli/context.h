// What every subcommand needs: the loaded course, and where output goes.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "spec/course.h"
#include "spec/exercise.h"
#include "spec/exercise_loader.h"

namespace grade::cli {

struct Context {
  spec::Course course;
  std::filesystem::path cwd;
  std::ostream& out;
  std::ostream& err;
  bool color = false;

  // The exercise's entry and its parsed spec; throws grade::Error(kUsage) for an unknown id,
  // with the closest valid id as a suggestion.
  const spec::ExerciseEntry& entry(const std::string& exercise_id) const;
  spec::Exercise load(const std::string& exercise_id) const;
  // Every error of the exercise's spec and of its fit with the course, for `grade validate`.
  spec::ExerciseLoad load_collecting(const std::string& exercise_id) const;
  // The exercises an --exercises option names, in its order, or all of the course's when it
  // names none. Throws grade::Error(kUsage) for an unknown id or one named twice.
  std::vector<std::string> chosen_exercises(std::vector<std::string> asked) const;
};

}  // namespace grade::cli

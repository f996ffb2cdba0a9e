// What every subcommand needs: the loaded course, and where output goes.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "spec/course.h"
#include "spec/exercise.h"

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
};

}  // namespace grade::cli

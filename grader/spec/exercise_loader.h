// Reads one exercise spec (exercises/exN.yaml) into a validated Exercise.
#pragma once

#include <filesystem>

#include "spec/error_list.h"
#include "spec/exercise.h"

namespace grade::spec {

// Throws grade::Error(kSpec) with file:line:col on any problem: unknown or misspelt keys (with a
// suggestion), wrong types, bad regexes, references to unknown extractors, captures or checks.
Exercise load_exercise(const std::filesystem::path& spec_file);

// Every error of the file, for `grade validate`: each extractor, check and top-level key is read
// on its own, so one mistake does not hide the next. A part that fails is left out of (or, for
// an extractor or check that others name, stands in with its name in) `exercise`, which is for
// further checks of the errors only, never for grading. A file that is not YAML still throws.
struct ExerciseLoad {
  Exercise exercise;
  ErrorList errors;
};
ExerciseLoad load_exercise_collecting(const std::filesystem::path& spec_file);

}  // namespace grade::spec

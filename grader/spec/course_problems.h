// What `grade validate` reports about a course: errors (what stops a spec from loading) and
// warnings (what loads but is likely a mistake), each with where it was written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/course.h"
#include "spec/exercise.h"
#include "spec/location.h"

namespace grade::spec {

enum class Severity { kError, kWarning };

struct Problem {
  Location where;
  Severity severity = Severity::kError;
  std::string message;   // without the location
  std::string exercise;  // the exercise's id; empty for course.yaml
};

// A loader's error message, "file:line:col: message" or "file: message", split into its
// location and its text. A message that starts with neither is kept whole, without a file.
Problem problem_from_error(std::string_view what, std::string exercise);

// The warnings of an exercise that loaded: a visible check without a hint for some language
// it applies to, a check that can never be evaluated because its prerequisites cannot all
// pass, a language of the exercise without a reference solution or a starter file.
std::vector<Problem> exercise_warnings(const Course& course, const ExerciseEntry& entry,
                                       const Exercise& exercise);

}  // namespace grade::spec

// The course manifest (course.yaml), parsed and validated.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "spec/limits.h"
#include "spec/location.h"

namespace grade::spec {

// How to build and run a submission in one language. Arguments are templates:
// "{interpreter}" is the resolved interpreter, "{source}" the submission's file name inside the
// run's working directory.
struct Language {
  std::string id;                       // "python"
  std::vector<std::string> extensions;  // ".py"
  std::string interpreter;              // command looked up on PATH ("python3"); empty if none
  std::vector<std::string> build;       // empty: nothing to build
  std::vector<std::string> run;
};

struct ExerciseEntry {
  std::string id;              // "ex1"
  std::filesystem::path spec;  // absolute path of exercises/ex1.yaml
};

struct Course {
  std::filesystem::path root;      // folder holding course.yaml
  std::filesystem::path manifest;  // the manifest itself (usually root/course.yaml)
  std::string id;
  std::string title;
  std::vector<ExerciseEntry> exercises;
  std::vector<Language> languages;
  Limits limits;
  int repeat = 3;

  const ExerciseEntry* find_exercise(std::string_view exercise_id) const;
  const Language* find_language(std::string_view language_id) const;
  // The language whose extension the file has.
  const Language* language_for(const std::filesystem::path& file) const;
  std::vector<std::string> exercise_ids() const;

  std::filesystem::path template_path(const ExerciseEntry& exercise,
                                      const Language& language) const;
  std::filesystem::path solution_path(const ExerciseEntry& exercise,
                                      const Language& language) const;
};

}  // namespace grade::spec

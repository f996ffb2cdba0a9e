// The course manifest (course.yaml), parsed and validated.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/limits.h"
#include "spec/location.h"
#include "spec/scoring.h"

namespace grade::spec {

// Limits of a build step unless its language sets its own: a compiler needs more time and
// memory than a student's program, and fewer tasks.
Limits default_build_limits();

// The words a command template may use between braces, for the loader and for expand_command.
inline constexpr std::string_view kPlaceholders[] = {"interpreter", "compiler", "source", "stem"};

// How to build and run a submission in one language. Arguments are templates:
// "{interpreter}" and "{compiler}" are the resolved tools, "{source}" the submission's file name
// inside the run's working directory and "{stem}" that name without its extension.
struct Language {
  std::string id;                       // "python"
  std::vector<std::string> extensions;  // ".py"
  // The submission is a Jupyter notebook of Python code: its code cells become the program
  // "{source}" names, <stem>.py (check/notebook.h), which the interpreter runs.
  bool notebook = false;
  std::string interpreter;         // command looked up on PATH ("python3"); empty if none
  std::string compiler;            // command looked up on PATH ("g++"); empty if none
  std::vector<std::string> build;  // empty: nothing to build
  // Files the build leaves for the runs (templates, like the commands): every run of the
  // grading starts with them beside the submission. Unset: every regular file the build left in
  // its folder. A build that does not make one of them failed.
  std::optional<std::vector<std::string>> artifacts;
  std::vector<std::string> run;
  Limits build_limits = default_build_limits();
  // Which analyzer reads how a program is written, for `source` checks (check/source_facts.h):
  // "python" (Python's own ast module, run by the interpreter), or empty: none, and an
  // exercise may have no source check for this language.
  std::string analyze;

  // The tool whose identity decides a build's outcome: the compiler, else the interpreter.
  const std::string& build_tool() const { return compiler.empty() ? interpreter : compiler; }
  // The file name "{source}" stands for, given the submission's: the notebook's program for a
  // notebook language, else the submission itself.
  std::string source_name(const std::filesystem::path& submission) const;
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
  // What a failed grading earns (`scoring`); an exercise may override each rule.
  Scoring scoring;

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

// Fuzzes the course manifest loader (spec/course_loader.h) with arbitrary course.yaml text.
// Its contract: a valid Course, or grade::Error; any other exception or a crash is a bug.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "spec/course_loader.h"
#include "util/error.h"

namespace {

// A course folder whose exercises/ holds the ids of the bundled courses' exercises (the seeds
// list them), so a manifest can get past the check that each has a spec file.
const std::filesystem::path& course_folder() {
  static const std::filesystem::path folder = [] {
    std::filesystem::path root = grade::fuzz::scratch() / "course";
    std::filesystem::create_directories(root / "exercises");
    for (const char* id : {"ex1", "ex2", "ex3", "plain", "counted"}) {
      grade::fuzz::write_file(root / "exercises" / (std::string(id) + ".yaml"), "");
    }
    return root;
  }();
  return folder;
}

// What load_course promises of a course it returns.
void check_course(const grade::spec::Course& course) {
  using grade::fuzz::require;
  require(course.root == course_folder());
  require(!course.exercises.empty() && !course.languages.empty());
  for (const grade::spec::Language& language : course.languages) {
    require(!language.run.empty());
    require(course.find_language(language.id) == &language);
    for (const std::string& extension : language.extensions) {
      require(course.language_for("main" + extension) != nullptr);
    }
  }
  for (const grade::spec::ExerciseEntry& exercise : course.exercises) {
    require(course.find_exercise(exercise.id) == &exercise);
    require(exercise.spec.parent_path() == course.root / "exercises");
    for (const grade::spec::Language& language : course.languages) {
      (void)course.template_path(exercise, language);
      (void)course.solution_path(exercise, language);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path manifest = course_folder() / "course.yaml";
  grade::fuzz::write_file(manifest, grade::fuzz::as_text(data, size));
  try {
    check_course(grade::spec::load_course(manifest));
  } catch (const grade::Error&) {
    // A rejected manifest: the expected outcome for most inputs.
  }
  return 0;
}

// What `grade selftest` expects of a course (docs/instructors.md#testing-a-course-grade-selftest):
// every reference solution gets full marks in each of its gradings, every starter file fails,
// and every near miss of exercises/<id>/wrong/ fails, first on the check it declares. The plan
// is made before anything is graded, with every problem of the declarations found at once.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "spec/course.h"
#include "spec/course_problems.h"
#include "spec/exercise.h"
#include "util/expected.h"

namespace grade::batch {

enum class CaseKind { kSolution, kTemplate, kNearMiss };
std::string_view to_string(CaseKind kind);  // "solution" | "template" | "near_miss"

// What a near miss declares when its build must fail rather than one of its checks.
inline constexpr std::string_view kBuildCheck = "build";

// The manifest of a wrong/ folder: `FILE: CHECK` lines, for files (notebooks) that carry no
// declaration of their own.
inline constexpr std::string_view kManifestName = "expect.yaml";

struct SelftestCase {
  std::string exercise;
  std::string language;
  CaseKind kind = CaseKind::kSolution;
  std::filesystem::path file;
  std::string name;            // in the table: "solution", "template", "wrong/two_processes.py"
  std::string expected_check;  // a near miss's: the first check that must fail, or kBuildCheck
  int gradings = 1;            // a solution's: --repeat; else one
  // The file does not exist: what the table says instead. A missing solution does not hold
  // (nothing shows that the exercise can be passed); a missing starter file is only noted.
  std::string absent;
  std::chrono::milliseconds deadline{std::chrono::minutes(10)};  // of one grading's worker
};

struct SelftestPlan {
  std::vector<SelftestCase> cases;
  std::vector<spec::Problem> problems;  // declarations missing or wrong: nothing is graded
};

// What one exercise's cases are made from. `accepted`: the languages it accepts (its own list,
// else the course's), in its order; `chosen`: the ids of those to test (empty: all).
struct ExerciseCases {
  const spec::Course* course = nullptr;
  const spec::ExerciseEntry* entry = nullptr;
  const spec::Exercise* exercise = nullptr;
  std::vector<const spec::Language*> accepted;
  std::set<std::string> chosen;
  int repeat = 20;  // gradings of each reference solution
};

// Appends the exercise's cases, language by language (solution, template, near misses by
// name), and the problems of its near misses, to `plan`.
void plan_exercise(const ExerciseCases& what, SelftestPlan& plan);

// exercises/<id>/wrong/: the folder beside the exercise's spec named after it.
std::filesystem::path near_miss_folder(const spec::ExerciseEntry& entry);

// A declaration written in a program: "# selftest: fails CHECK" (`//` or `/*` in C and C++)
// on one of its first kDeclarationLines lines; words after CHECK are a comment.
inline constexpr int kDeclarationLines = 10;
struct Declaration {
  std::string check;
  int line = 0;  // 1-based
};
// Nullopt when the text declares nothing; a failure, saying what to write, when a line
// starts a declaration but is not one.
Expected<std::optional<Declaration>> find_declaration(std::string_view text);

}  // namespace grade::batch

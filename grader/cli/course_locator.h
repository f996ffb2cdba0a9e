// Finds the course a command works on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace grade::cli {

struct CourseSearch {
  std::optional<std::filesystem::path> flag;  // --course: a folder or its course.yaml
  std::optional<std::string> env;             // $GRADE_COURSE
  std::filesystem::path cwd;                  // walked up for a course.yaml
  // Tried last, in order: the course installed beside this binary (<prefix>/share/grade, so an
  // installed tree can be moved), the configured install folder, the source tree of a build.
  std::vector<std::filesystem::path> fallbacks;
};

// The course.yaml to use, in this order: --course, $GRADE_COURSE, the nearest course.yaml in
// the current folder or above, then the fallbacks. Throws
// grade::Error(kUsage) when an explicitly named course does not exist or none is found.
std::filesystem::path locate_course(const CourseSearch& search);

}  // namespace grade::cli

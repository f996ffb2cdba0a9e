#include "cli/course_locator.h"

#include <fmt/format.h>

#include "util/error.h"

namespace grade::cli {

namespace {

constexpr const char* kManifest = "course.yaml";

std::optional<std::filesystem::path> manifest_in(const std::filesystem::path& place) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(place, ec)) {
    return place;
  }
  if (std::filesystem::is_regular_file(place / kManifest, ec)) {
    return place / kManifest;
  }
  return std::nullopt;
}

std::filesystem::path explicit_course(const std::filesystem::path& place, std::string_view from) {
  if (auto found = manifest_in(place)) {
    return *found;
  }
  throw Error(ErrorKind::kUsage,
              fmt::format("{} names '{}', which holds no {}", from, place.string(), kManifest));
}

}  // namespace

std::filesystem::path locate_course(const CourseSearch& search) {
  if (search.flag) {
    return explicit_course(*search.flag, "--course");
  }
  if (search.env && !search.env->empty()) {
    return explicit_course(*search.env, "GRADE_COURSE");
  }
  for (std::filesystem::path dir = search.cwd; !dir.empty(); dir = dir.parent_path()) {
    if (auto found = manifest_in(dir / kManifest)) {
      return *found;
    }
    if (dir == dir.root_path()) {
      break;
    }
  }
  for (const std::filesystem::path& fallback : search.fallbacks) {
    if (auto found = manifest_in(fallback); found && !fallback.empty()) {
      return *found;
    }
  }
  throw Error(
      ErrorKind::kUsage,
      "no course found: pass --course DIR, set GRADE_COURSE, or run inside a course folder");
}

}  // namespace grade::cli

// Reads course.yaml into a validated Course.
#pragma once

#include <filesystem>

#include "spec/course.h"

namespace grade::spec {

// Throws grade::Error(kSpec) with file:line:col on any problem.
Course load_course(const std::filesystem::path& course_file);

}  // namespace grade::spec

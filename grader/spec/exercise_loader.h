// Reads one exercise spec (exercises/exN.yaml) into a validated Exercise.
#pragma once

#include <filesystem>

#include "spec/exercise.h"

namespace grade::spec {

// Throws grade::Error(kSpec) with file:line:col on any problem: unknown or misspelt keys (with a
// suggestion), wrong types, bad regexes, references to unknown extractors, captures or checks.
Exercise load_exercise(const std::filesystem::path& spec_file);

}  // namespace grade::spec

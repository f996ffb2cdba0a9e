// The gradebook's tables (docs/gradebook.md): created in a new file, verified in an old one.
#pragma once

#include <string>
#include <string_view>

#include "batch/sqlite.h"

namespace grade::batch {

// Bumped on any change of tables, columns or the current_attempts rule.
inline constexpr int kGradebookSchemaVersion = 1;

// Creates the schema when the file has no tables yet, then checks that it is a gradebook of
// kGradebookSchemaVersion for `course_id` (any course when empty). Returns the gradebook's
// course id. Throws Error(kUsage) for the wrong file.
std::string prepare_schema(const sqlite::Database& db, std::string_view course_id);

}  // namespace grade::batch

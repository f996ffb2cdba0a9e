// What `grade selftest` prints: a table, one row per case, or a JSON document whose shape is
// documented in docs/instructors.md#testing-a-course-grade-selftest (selftest_version 1).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "batch/selftest.h"

namespace grade::batch {

// What a case expects, in the table's words: "full marks ×20", "to fail", "to fail on X".
std::string expectation(const SelftestCase& the_case);

// The table and a closing line. A case that does not hold is followed by the message of the
// check that decided it, indented. Paths are shown relative to `root` (the course's folder).
void write_selftest_table(std::ostream& out, const SelftestReport& report,
                          const std::filesystem::path& root, bool color);

nlohmann::ordered_json selftest_json(const SelftestReport& report, const std::string& course_id,
                                     const std::filesystem::path& root);

}  // namespace grade::batch

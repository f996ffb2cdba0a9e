// The machine-readable report (`grade --format json`): a versioned document for LMS and CI
// integrators. Its contract is docs/result.schema.json; change both together, and bump
// kJsonSchemaVersion on any change that could break a reader.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "check/result.h"

namespace grade::report {

inline constexpr int kJsonSchemaVersion = 2;

// Every string in the document is valid UTF-8: bytes of student output that are not become
// U+FFFD, so the value can be dumped without nlohmann's default "throw on invalid UTF-8".
nlohmann::ordered_json to_json(const check::GradeResult& result);

// to_json, pretty-printed (2 spaces), followed by a newline.
void write_json_report(std::ostream& out, const check::GradeResult& result);

}  // namespace grade::report

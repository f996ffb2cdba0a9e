// The machine-readable report (`grade --format json`): a versioned document for LMS and CI
// integrators. Its contract is docs/result.schema.json; change both together, and bump
// kJsonSchemaVersion on any change that could break a reader.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "check/result.h"
#include "report/view.h"

namespace grade::report {

// 3: `view` at the top, `hidden` in every check. 4: `totals` (a cgroup per run, or rlimits).
inline constexpr int kJsonSchemaVersion = 5;

// Every string in the document is valid UTF-8: bytes of student output that are not become
// U+FFFD, so the value can be dumped without nlohmann's default "throw on invalid UTF-8".
// The document is of `view` (report/view.h): a student's has hidden checks' details removed.
nlohmann::ordered_json to_json(const check::GradeResult& result, View view = View::kStudent);

// to_json, pretty-printed (2 spaces), followed by a newline.
void write_json_report(std::ostream& out, const check::GradeResult& result,
                       View view = View::kStudent);

}  // namespace grade::report

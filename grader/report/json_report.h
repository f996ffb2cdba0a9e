// The machine-readable report (`grade --format json`): a versioned document for LMS and CI
// integrators. Its contract is docs/result.schema.json; change both together, and bump
// kJsonSchemaVersion on any change that could break a reader.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "check/result.h"
#include "report/view.h"
#include "spec/exercise.h"

namespace grade::report {

// 3: `view` at the top, `hidden` in every check. 4: `totals` (a cgroup per run, or rlimits).
// 5: `outside_signal`, the observation's `omitted`. 6: each task's `command_line`,
// `cpu_seconds`, `killed_by_grader` and `helper`; each run's `output_authors`, `lines` and
// `lines_omitted`. 10: `scoring` (how the course's scoring policy decided a failed grading's
// score, and why it is 0 when the policy made it so), each task's `outlived_process` and
// `at_timeout`.
inline constexpr int kJsonSchemaVersion = 10;

// Every string in the document is valid UTF-8: bytes of student output that are not become
// U+FFFD, so the value can be dumped without nlohmann's default "throw on invalid UTF-8".
// The document is of `view` (report/view.h): a student's has hidden checks' details removed.
// With the graded `exercise`, each run lists the output lines its extractors matched and who
// wrote each (`lines`); without it (null), and in a student's view of an exercise with hidden
// checks, `lines` is null.
nlohmann::ordered_json to_json(const check::GradeResult& result, View view = View::kStudent,
                               const spec::Exercise* exercise = nullptr);

// to_json, pretty-printed (2 spaces), followed by a newline.
void write_json_report(std::ostream& out, const check::GradeResult& result,
                       View view = View::kStudent, const spec::Exercise* exercise = nullptr);

}  // namespace grade::report

// Who a report is for. Hidden checks (`hidden: true` in the spec) count in the score, but a
// student sees only that they exist and how they went: what they check would tell how to
// pass them without solving the exercise. An instructor's view shows everything, hidden checks
// marked.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "check/result.h"

namespace grade::report {

enum class View { kStudent, kInstructor };

std::string_view view_name(View view);               // "student" | "instructor"
std::optional<View> parse_view(std::string_view s);  // the inverse; nullopt for anything else

// What a hidden check is called where its title is not shown.
inline constexpr std::string_view kHiddenTitle = "hidden check";

// `result` with every hidden check, of the deciding run and of each run, reduced to its id,
// status and points: title kHiddenTitle, no message, no hint. Scores are unchanged.
check::GradeResult student_view(check::GradeResult result);

// student_view for kStudent, `result` unchanged for kInstructor.
check::GradeResult apply_view(check::GradeResult result, View view);

// How the hidden checks of one run went, for a one-line summary.
struct HiddenTally {
  int checks = 0;
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  int points = 0;
  int max_points = 0;
};

HiddenTally tally_hidden(const std::vector<check::CheckResult>& checks);

}  // namespace grade::report

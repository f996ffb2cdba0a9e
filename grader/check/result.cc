#include "check/result.h"

namespace grade::check {

// These strings are part of the JSON contract (docs/result.schema.json): keep them stable.
std::string_view to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kSkip:
      return "skip";
  }
  return "skip";  // unreachable with a valid enum value; keeps -Wreturn-type quiet
}

std::string_view to_string(GradeStatus status) {
  switch (status) {
    case GradeStatus::kPassed:
      return "passed";
    case GradeStatus::kFailed:
      return "failed";
    case GradeStatus::kError:
      return "error";
  }
  return "error";
}

}  // namespace grade::check

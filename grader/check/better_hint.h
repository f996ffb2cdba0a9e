// A hint closer to the cause than the check's own, when what the grader saw explains the
// failure: lines missing because the run was stopped by a limit before it printed them, or
// because threads or processes still running at the program's end were stopped; a program
// still computing when its time ran out. The check's own hint is about the format or a wait
// that never ends, which would send the student looking in the wrong place.
#pragma once

#include <optional>
#include <string>

#include "check/check_kinds.h"

namespace grade::check {

// The hint to show instead of the check's own when `check` failed on `ev`; nullopt: keep it.
std::optional<std::string> better_hint(const Evidence& ev, const spec::Check& check);

}  // namespace grade::check

// How a build over one of its limits is told to the student: "memory limit (1024 MiB per
// process)", from the verdict run::build_limit gave and the language's build limits.
#pragma once

#include <string>

#include "run/verdict.h"
#include "spec/limits.h"

namespace grade::check {

std::string describe_build_limit(run::Verdict limit, const spec::Limits& limits);

// The limit a verdict is about, in a sentence's words: "time limit", "memory limit"; "limits"
// for a verdict that is no limit's. Also for the runs' (check/scoring.h).
std::string_view limit_name(run::Verdict limit);

}  // namespace grade::check

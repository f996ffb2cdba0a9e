// Evaluates an exercise's checks against one run.
#pragma once

#include <vector>

#include "check/machine.h"
#include "check/print_sites.h"
#include "check/result.h"
#include "check/source_facts.h"
#include "run/run_result.h"
#include "spec/exercise.h"

namespace grade::check {

// One result per check, in spec order. A check whose prerequisite (depends_on) did not pass is
// skipped, so one mistake is reported once.
// `sites` (a notebook's) let near misses name the cell and line that printed them; `source` is
// how the program is written, for source checks (null: not analysed, and they are skipped);
// `machine` gives the facts run.cpus and run.online_cpus (unknown by default: checks using them
// skip). An advice check (level: advice) is evaluated like any other; it carries no points, and
// CheckResult::counts_as_passed() leaves it out of the verdict.
std::vector<CheckResult> evaluate(const spec::Exercise& exercise, const run::RunResult& result,
                                  const PrintSites* sites = nullptr,
                                  const SourceFacts* source = nullptr, const Machine& machine = {});

}  // namespace grade::check

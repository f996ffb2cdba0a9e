// The summary an instructor reads at the end of a batch (and with `grade summary`): per
// exercise, how many were graded, pass rate, mean and median score and a score histogram;
// then the checks that failed most often, which is where the class struggles.
#pragma once

#include <ostream>

#include "batch/gradebook.h"

namespace grade::batch {

void write_summary(std::ostream& out, const BatchSummary& summary, bool color);

}  // namespace grade::batch

// The number a single-valued fact (spec/references.h) has on one run, and how messages say
// it in the student's words: "your program's own PID (4100)", "the CPUs the run may use (2)".
#pragma once

#include <optional>
#include <string>

#include "check/check_kinds.h"
#include "spec/references.h"

namespace grade::check {

struct FactValue {
  std::optional<double> value;
  std::string noun;     // what it is, without the number: "the CPUs the run may use"
  std::string shown;    // with the number: "the CPUs the run may use (2)"
  std::string unknown;  // when not known, why: the check is skipped
};

// Of run.pid, run.wall_time, run.cpus, run.online_cpus, observed.<set>.span/.cpu/.count.
FactValue fact_value(const Evidence& ev, const spec::Fact& fact);

}  // namespace grade::check

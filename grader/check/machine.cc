#include "check/machine.h"

#include "util/cpu_count.h"

namespace grade::check {

Machine Machine::here() { return Machine{grade::usable_cpus(), grade::online_cpus()}; }

}  // namespace grade::check

// What the grader knows about the machine a run ran on: the facts run.cpus and
// run.online_cpus. Decided once per grading by the caller (cli), so checks never read the
// machine themselves and tests give any numbers they like.
#pragma once

namespace grade::check {

struct Machine {
  int cpus = 0;         // the CPUs a run may use: affinity mask, capped by a CPU quota; 0: unknown
  int online_cpus = 0;  // the CPUs online, as Python 3.11's os.cpu_count() counts; 0: unknown

  // This machine, as a run started by this process sees it (runs inherit the affinity mask
  // and sit below this process's cgroup).
  static Machine here();
};

}  // namespace grade::check

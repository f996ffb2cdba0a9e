#include "check/fact_value.h"

#include <fmt/format.h>

#include "check/task_sets.h"

namespace grade::check {

namespace {

FactValue known(double value, std::string noun, std::string shown) {
  return {value, std::move(noun), std::move(shown), ""};
}

FactValue cpus(int count, std::string noun) {
  if (count <= 0) {
    return {std::nullopt, noun, noun, fmt::format("{} is not known on this machine", noun)};
  }
  std::string shown = fmt::format("{} ({})", noun, count);
  return known(count, std::move(noun), std::move(shown));
}

FactValue task_count(const Evidence& ev, const spec::Fact& fact) {
  const TaskSelection s = select_tasks(ev.run.observed, fact.tasks);
  std::string noun = fmt::format("the {} the run created", set_noun(fact.tasks));
  if (!s.whole() && s.maybe_omitted > 0) {
    return {std::nullopt, noun, noun,
            fmt::format("how many {} the run created is not known: it created more processes "
                        "and threads than the grader lists ({})",
                        set_noun(fact.tasks), run::Observation::kMaxListedTasks)};
  }
  const auto n = static_cast<double>(s.least());
  std::string shown = fmt::format("{} ({})", noun, s.least());
  return known(n, std::move(noun), std::move(shown));
}

// observed.<set>.span and .cpu: seconds.
FactValue seconds_fact(const Evidence& ev, const spec::Fact& fact) {
  const TaskSelection s = select_tasks(ev.run.observed, fact.tasks);
  const bool span = fact.kind == spec::Fact::Kind::kSpan;
  const Seconds seconds = span ? span_of(s) : cpu_of(s);
  std::string noun = span
                         ? fmt::format("the seconds from the first start to the last end of the {}",
                                       set_noun(fact.tasks))
                         : fmt::format("the CPU seconds of the {} together", set_noun(fact.tasks));
  if (!seconds.value) {
    return {std::nullopt, noun, noun,
            fmt::format("{} is not known: {}", fact.name(), seconds.unknown)};
  }
  std::string shown =
      fmt::format("{:.6f} ({}, {} of the {})", *seconds.value, fact.name(),
                  span ? "seconds from the first start to the last end" : "CPU seconds together",
                  set_noun(fact.tasks));
  return known(*seconds.value, std::move(noun), std::move(shown));
}

}  // namespace

FactValue fact_value(const Evidence& ev, const spec::Fact& fact) {
  switch (fact.kind) {
    case spec::Fact::Kind::kLaunchedPid:
      return known(ev.run.pid, "your program's own PID",
                   fmt::format("your program's own PID ({})", ev.run.pid));
    case spec::Fact::Kind::kWallTime:
      return known(ev.run.wall_seconds, "the run's wall time",
                   fmt::format("the run's wall time ({:.3f} s)", ev.run.wall_seconds));
    case spec::Fact::Kind::kCpus:
      return cpus(ev.machine.cpus, "the CPUs the run may use");
    case spec::Fact::Kind::kOnlineCpus:
      return cpus(ev.machine.online_cpus, "the CPUs online (what os.cpu_count() says)");
    case spec::Fact::Kind::kTaskCount:
      return task_count(ev, fact);
    case spec::Fact::Kind::kSpan:
    case spec::Fact::Kind::kCpu:
      return seconds_fact(ev, fact);
    case spec::Fact::Kind::kTaskIds:
    case spec::Fact::Kind::kTaskNames:
      break;
  }
  return {std::nullopt, fact.name(), fact.name(), fmt::format("{} is not one number", fact.name())};
}

}  // namespace grade::check

#include "run/run_result.h"

#include <cstring>

#include <fmt/format.h>

namespace grade::run {

std::string describe_end(const RunResult& result) {
  // The order matters: our own reasons for ending a run explain a SIGKILL better than the
  // signal itself does.
  if (!result.started()) {
    const char* lead = result.pid > 0 ? "was started, but " : "could not be started: ";
    return lead + result.spawn_error;
  }
  if (result.timed_out) {
    return fmt::format("was stopped after the {:.1f} s time limit", result.wall_seconds);
  }
  if (result.task_limit_hit) {
    return "tried to have more processes and threads at once than allowed and was stopped";
  }
  if (result.output_limit_hit) {
    // Both streams are cut so that together they hold exactly the limit.
    const std::size_t kept = result.out.data.size() + result.err.data.size();
    return fmt::format("printed more than {} bytes of output and was stopped", kept);
  }
  if (result.signal) {
    return fmt::format("was killed by signal {} ({})", *result.signal, signal_name(*result.signal));
  }
  if (result.exit_code) {
    return fmt::format("exited with status {}", *result.exit_code);
  }
  return "ended in an unknown way";
}

std::string signal_name(int signal) {
  // glibc >= 2.32: "SEGV" for 11, nullptr for numbers it does not name (e.g. real-time ones).
  if (const char* abbrev = ::sigabbrev_np(signal); abbrev != nullptr) {
    return std::string("SIG") + abbrev;
  }
  return fmt::format("signal {}", signal);
}

}  // namespace grade::run

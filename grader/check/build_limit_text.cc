#include "check/build_limit_text.h"

#include <chrono>

#include <fmt/format.h>

namespace grade::check {

namespace {

double seconds(std::chrono::milliseconds span) {
  return std::chrono::duration<double>(span).count();
}

std::string value_of(run::Verdict limit, const spec::Limits& limits) {
  switch (limit) {
    case run::Verdict::kWallTimeout:
      return fmt::format("{} s", seconds(limits.wall_time));
    case run::Verdict::kCpuLimit:
      return fmt::format("{} s of processor time per process", seconds(limits.cpu_time));
    case run::Verdict::kMemoryLimit:
      return fmt::format("{} MiB per process", limits.memory_bytes >> 20);
    case run::Verdict::kOutputLimit:
      return fmt::format("{} KiB of messages", limits.output_bytes >> 10);
    case run::Verdict::kTaskLimit:
      return fmt::format("{} processes and threads", limits.tasks);
    case run::Verdict::kFileSizeLimit:
      return fmt::format("{} MiB per file", limits.file_bytes >> 20);
    default:
      return "as set for the build";
  }
}

}  // namespace

std::string_view limit_name(run::Verdict limit) {
  switch (limit) {
    case run::Verdict::kWallTimeout:
      return "time limit";
    case run::Verdict::kCpuLimit:
      return "processor-time limit";
    case run::Verdict::kMemoryLimit:
      return "memory limit";
    case run::Verdict::kOutputLimit:
      return "output limit";
    case run::Verdict::kTaskLimit:
      return "limit of processes and threads";
    case run::Verdict::kFileSizeLimit:
      return "file-size limit";
    default:
      return "limits";
  }
}

std::string describe_build_limit(run::Verdict limit, const spec::Limits& limits) {
  return fmt::format("{} ({})", limit_name(limit), value_of(limit, limits));
}

}  // namespace grade::check

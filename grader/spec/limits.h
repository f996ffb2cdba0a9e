// Resource limits of one run of a submission.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace grade::spec {

// The largest limits a course or exercise may set. A run is a student's exercise program:
// anything longer or chattier is a mistake in the spec (a missing unit, a stray digit), and the
// caps keep the arithmetic on limits far from overflow.
inline constexpr std::chrono::milliseconds kMaxWallTime{60 * 60 * 1000};  // 1 hour
inline constexpr std::size_t kMaxOutputBytes = std::size_t{1} << 30;      // 1 GiB
inline constexpr std::size_t kMaxMemoryBytes = std::size_t{64} << 30;     // 64 GiB
inline constexpr std::size_t kMaxFileBytes = std::size_t{64} << 30;       // 64 GiB
inline constexpr std::int64_t kMaxTasks = 100'000;
inline constexpr std::int64_t kMaxOpenFiles = 1 << 20;

// What each limit does and how it is enforced: docs/limits.md.
struct Limits {
  std::chrono::milliseconds wall_time{10'000};
  std::size_t output_bytes = 1 << 20;               // stdout and stderr together
  std::chrono::milliseconds cpu_time{10'000};       // per process
  std::size_t memory_bytes = std::size_t{1} << 30;  // private memory (RLIMIT_DATA), per process
  std::int64_t tasks = 256;                         // processes and threads alive at once
  std::size_t file_bytes = std::size_t{64} << 20;   // largest file a process may write
  std::int64_t open_files = 256;                    // per process
};

// Per-exercise overrides; unset fields fall back to the course defaults.
struct LimitOverrides {
  std::optional<std::chrono::milliseconds> wall_time;
  std::optional<std::size_t> output_bytes;
  std::optional<std::chrono::milliseconds> cpu_time;
  std::optional<std::size_t> memory_bytes;
  std::optional<std::int64_t> tasks;
  std::optional<std::size_t> file_bytes;
  std::optional<std::int64_t> open_files;

  Limits apply_to(Limits base) const {
    base.wall_time = wall_time.value_or(base.wall_time);
    base.output_bytes = output_bytes.value_or(base.output_bytes);
    base.cpu_time = cpu_time.value_or(base.cpu_time);
    base.memory_bytes = memory_bytes.value_or(base.memory_bytes);
    base.tasks = tasks.value_or(base.tasks);
    base.file_bytes = file_bytes.value_or(base.file_bytes);
    base.open_files = open_files.value_or(base.open_files);
    return base;
  }
};

}  // namespace grade::spec

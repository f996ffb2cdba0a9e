// Resource limits of one run of a submission.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

namespace grade::spec {

// The largest limits a course or exercise may set. A run is a student's exercise program:
// anything longer or chattier is a mistake in the spec (a missing unit, a stray digit), and the
// caps keep the arithmetic on limits far from overflow.
inline constexpr std::chrono::milliseconds kMaxWallTime{60 * 60 * 1000};  // 1 hour
inline constexpr std::size_t kMaxOutputBytes = std::size_t{1} << 30;      // 1 GiB

struct Limits {
  std::chrono::milliseconds wall_time{10'000};
  std::size_t output_bytes = 1 << 20;  // stdout and stderr together
};

// Per-exercise overrides; unset fields fall back to the course defaults.
struct LimitOverrides {
  std::optional<std::chrono::milliseconds> wall_time;
  std::optional<std::size_t> output_bytes;

  Limits apply_to(Limits base) const {
    if (wall_time) {
      base.wall_time = *wall_time;
    }
    if (output_bytes) {
      base.output_bytes = *output_bytes;
    }
    return base;
  }
};

}  // namespace grade::spec

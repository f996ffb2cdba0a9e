// Small helpers of the cgroup files alone (isolate/cgroup_home.cc, isolate/cgroup.cc), not a
// public header: reading and writing cgroup files, and reading /proc/self/mountinfo and
// /proc/self/cgroup.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "util/expected.h"

namespace grade::isolate {

std::vector<std::string_view> split(std::string_view text, char separator);

bool contains(const std::vector<std::string_view>& list, std::string_view item);

struct Mount {
  std::string root;  // the cgroup path the mount shows at its mount point
  std::filesystem::path point;
  bool v2 = false;
  std::vector<std::string> options;  // of the filesystem: a v1 hierarchy's controllers
};

std::vector<Mount> parse_mounts(std::string_view mountinfo);

// The folder of cgroup `path` through `mount`, if the mount shows it.
std::optional<std::filesystem::path> folder_of(const Mount& mount, const std::string& path,
                                               const std::filesystem::path& root);

Expected<std::string> read_text(const std::filesystem::path& path);

// One write(2), as the cgroup filesystem wants: its errno is the kernel's answer. Opened as a
// shell's `>` does (cgroup files accept O_CREAT and O_TRUNC), which also fills fake trees.
Expected<void> write_text(const std::filesystem::path& path, std::string_view text);

std::vector<std::string_view> words(std::string_view text);

// The number after `key` in a flat keyed file ("oom_kill 3" in memory.events).
std::optional<std::uint64_t> keyed_value(const std::filesystem::path& file, std::string_view key);

std::optional<std::uint64_t> number_in(const std::filesystem::path& file);

std::vector<pid_t> pids_in(const std::filesystem::path& dir);

Expected<void> writable(const std::filesystem::path& dir);

}  // namespace grade::isolate

#include "util/cpu_count.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

#include <sched.h>
#include <unistd.h>

namespace grade {

namespace {

std::optional<long long> number(std::string_view text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// One cgroup's cpu.max, "QUOTA PERIOD", rounded up to whole CPUs; nullopt for "max" or
// anything unreadable.
std::optional<int> quota_of(const std::filesystem::path& cgroup) {
  std::ifstream in(cgroup / "cpu.max");
  std::string quota;
  std::string period;
  if (!(in >> quota >> period) || quota == "max") {
    return std::nullopt;
  }
  const auto q = number(quota);
  const auto p = number(period);
  if (!q || !p || *q <= 0 || *p <= 0) {
    return std::nullopt;
  }
  return static_cast<int>(std::max(1LL, (*q + *p - 1) / *p));
}

}  // namespace

std::optional<int> cpus_from_quota(const std::filesystem::path& cgroup_root,
                                   std::string_view proc_self_cgroup) {
  std::istringstream lines{std::string(proc_self_cgroup)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("0::", 0) != 0) {
      continue;  // a cgroup v1 hierarchy
    }
    // A quota holds for everything below its cgroup: the grader may sit in a leaf it made
    // below the limited one (isolate/cgroup_home.h), so every ancestor counts.
    std::optional<int> least;
    for (std::filesystem::path group = std::filesystem::path(line.substr(3)).relative_path();
         !group.empty(); group = group.parent_path()) {
      if (const auto cpus = quota_of(cgroup_root / group)) {
        least = least ? std::min(*least, *cpus) : *cpus;
      }
    }
    return least;
  }
  return std::nullopt;
}

int usable_cpus() {
  int cpus = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    cpus = CPU_COUNT(&set);
  } else {
    cpus = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  }
  std::ifstream in("/proc/self/cgroup");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (const auto quota = cpus_from_quota("/sys/fs/cgroup", text)) {
    cpus = std::min(cpus, *quota);
  }
  return std::max(cpus, 1);
}

int online_cpus() { return std::max(1, static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN))); }

}  // namespace grade

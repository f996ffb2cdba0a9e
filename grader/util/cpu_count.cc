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

}  // namespace

std::optional<int> cpus_from_quota(const std::filesystem::path& cgroup_root,
                                   std::string_view proc_self_cgroup) {
  std::istringstream lines{std::string(proc_self_cgroup)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("0::", 0) != 0) {
      continue;  // a cgroup v1 hierarchy
    }
    const std::string relative = line.substr(3);
    std::ifstream in(cgroup_root / std::filesystem::path(relative).relative_path() / "cpu.max");
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

}  // namespace grade

#include "isolate/cgroup_home.h"

#include <algorithm>
#include <cerrno>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolate/cgroup_files.h"
#include "util/errno_text.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// The leaf a v2 grader moves itself into, so that its own cgroup may enable controllers.
constexpr std::string_view kGraderLeaf = "grader";

// Makes `wanted` (controller names) usable for cgroups below the grader's v2 cgroup `dir`;
// returns those that are.
std::vector<std::string> prepare_v2(const fs::path& dir, bool is_root,
                                    std::vector<std::string> wanted, pid_t self,
                                    std::vector<std::string>& problems) {
  auto available = read_text(dir / "cgroup.controllers");
  if (!available) {
    problems.push_back("cgroup v2: " + available.error());
    return {};
  }
  const std::vector<std::string_view> offered = words(*available);
  std::erase_if(wanted, [&](const std::string& controller) {
    if (contains(offered, controller)) {
      return false;
    }
    problems.push_back(fmt::format(
        "cgroup v2: the {} controller is not delegated to the grader's cgroup {} (not in its "
        "cgroup.controllers)",
        controller, dir.string()));
    return true;
  });
  auto enabled = read_text(dir / "cgroup.subtree_control");
  const std::vector<std::string_view> on =
      enabled ? words(*enabled) : std::vector<std::string_view>{};
  std::string request;
  for (const std::string& controller : wanted) {
    if (!contains(on, controller)) {
      request += (request.empty() ? "+" : " +") + controller;
    }
  }
  if (request.empty()) {
    return wanted;
  }
  // No internal processes: a cgroup other than the root may enable controllers below it only
  // while no process is in it. The grader may move itself; anyone else's processes stay.
  const std::vector<pid_t> members = pids_in(dir);
  if (!is_root && !members.empty()) {
    if (std::any_of(members.begin(), members.end(), [&](pid_t pid) { return pid != self; })) {
      problems.push_back(fmt::format(
          "cgroup v2: the grader's cgroup {} holds other processes too, and a cgroup that holds "
          "processes cannot enable controllers below it; start grade in a cgroup of its own "
          "(systemd-run --scope -p Delegate=yes)",
          dir.string()));
      return {};
    }
    const fs::path leaf = dir / kGraderLeaf;
    if (::mkdir(leaf.c_str(), 0755) == -1 && errno != EEXIST) {
      problems.push_back(
          fmt::format("cgroup v2: cannot make {}: {}", leaf.string(), errno_text(errno)));
      return {};
    }
    if (auto moved = write_text(leaf / "cgroup.procs", std::to_string(self)); !moved) {
      problems.push_back("cgroup v2: " + moved.error());
      return {};
    }
  }
  if (auto done = write_text(dir / "cgroup.subtree_control", request); !done) {
    problems.push_back("cgroup v2: " + done.error());
    return {};
  }
  return wanted;
}

std::string versions(const std::optional<CgroupPlace>& a, const std::optional<CgroupPlace>& b) {
  const bool v1 = (a && !a->v2) || (b && !b->v2);
  const bool v2 = (a && a->v2) || (b && b->v2);
  return v1 && v2 ? "cgroup v1 and v2" : v1 ? "cgroup v1" : v2 ? "cgroup v2" : "";
}

}  // namespace

std::string Totals::describe() const {
  if (memory && tasks) {
    return fmt::format("memory and tasks per run ({})", by);
  }
  if (memory) {
    return fmt::format("memory per run ({}), tasks per process", by);
  }
  if (tasks) {
    return fmt::format("tasks per run ({}), memory per process (rlimits)", by);
  }
  return "per process (rlimits)";
}

Totals CgroupHome::totals() const {
  return Totals{memory.has_value(), pids.has_value(), versions(memory, pids), problem};
}

CgroupSources current_cgroup_sources() {
  CgroupSources sources;
  auto cgroup = read_text("/proc/self/cgroup");
  sources.proc_self_cgroup = cgroup ? *cgroup : std::string();
  auto mountinfo = read_text("/proc/self/mountinfo");
  sources.mountinfo = mountinfo ? *mountinfo : std::string();
  sources.self = ::getpid();
  return sources;
}

CgroupHome find_cgroup_home(const CgroupSources& sources) {
  const std::vector<Mount> mounts = parse_mounts(sources.mountinfo);
  const pid_t self = sources.self != 0 ? sources.self : ::getpid();
  // hierarchy id -> (controllers, path), from lines "4:memory:/a/b" and "0::/a/b".
  std::vector<std::pair<std::vector<std::string_view>, std::string>> memberships;
  std::optional<std::string> v2_path;
  for (std::string_view line : split(sources.proc_self_cgroup, '\n')) {
    const std::vector<std::string_view> parts = split(line, ':');
    if (parts.size() < 3) {
      continue;
    }
    std::string path(line.substr(parts[0].size() + parts[1].size() + 2));
    if (parts[0] == "0" && parts[1].empty()) {
      v2_path = path;
    } else {
      memberships.emplace_back(split(parts[1], ','), std::move(path));
    }
  }
  CgroupHome home;
  std::vector<std::string> problems;
  std::vector<std::string> for_v2;
  for (const std::string controller : {"memory", "pids"}) {
    const auto v1 = std::find_if(mounts.begin(), mounts.end(), [&](const Mount& m) {
      return !m.v2 && std::find(m.options.begin(), m.options.end(), controller) != m.options.end();
    });
    if (v1 == mounts.end()) {
      for_v2.push_back(controller);  // a controller is in one hierarchy only: v1's, or v2
      continue;
    }
    std::optional<fs::path> dir;
    for (const auto& [controllers, path] : memberships) {
      if (contains(controllers, controller)) {
        for (const Mount& mount : mounts) {
          if (!mount.v2 &&
              std::find(mount.options.begin(), mount.options.end(), controller) !=
                  mount.options.end() &&
              !dir) {
            dir = folder_of(mount, path, sources.root);
          }
        }
      }
    }
    if (!dir) {
      problems.push_back(fmt::format(
          "cgroup v1: the grader's {} cgroup is not under a mount of that hierarchy", controller));
      continue;
    }
    if (auto ok = writable(*dir); !ok) {
      problems.push_back(fmt::format("cgroup v1 {}: {}", controller, ok.error()));
      continue;
    }
    (controller == "memory" ? home.memory : home.pids) = CgroupPlace{*dir, false};
  }
  if (!for_v2.empty()) {
    const auto v2 = std::find_if(mounts.begin(), mounts.end(), [](const Mount& m) { return m.v2; });
    std::optional<fs::path> dir;
    if (v2 != mounts.end() && v2_path) {
      dir = folder_of(*v2, *v2_path, sources.root);
    }
    if (!dir) {
      for (const std::string& controller : for_v2) {
        problems.push_back(
            fmt::format("no cgroup hierarchy with the {} controller is mounted "
                        "where the grader can reach its own cgroup",
                        controller));
      }
    } else {
      for (const std::string& controller :
           prepare_v2(*dir, *v2_path == "/", for_v2, self, problems)) {
        (controller == "memory" ? home.memory : home.pids) = CgroupPlace{*dir, true};
      }
    }
  }
  if (home.memory && !home.memory->v2) {
    std::error_code ec;
    home.memsw = fs::exists(home.memory->dir / "memory.memsw.limit_in_bytes", ec);
  }
  for (const std::string& problem : problems) {
    home.problem += (home.problem.empty() ? "" : "; ") + problem;
  }
  return home;
}

const CgroupHome& cgroup_home() {
  static const CgroupHome home = find_cgroup_home(current_cgroup_sources());
  return home;
}

}  // namespace grade::isolate

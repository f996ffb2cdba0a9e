#include "isolate/cgroup.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>  // NOLINT: SIGKILL for pidfd_send_signal
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The leaf a v2 grader moves itself into, so that its own cgroup may enable controllers.
constexpr std::string_view kGraderLeaf = "grader";

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

bool contains(const std::vector<std::string_view>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// mountinfo writes space, tab, newline and backslash in paths as \ooo.
std::string unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '3') {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                               (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

struct Mount {
  std::string root;  // the cgroup path the mount shows at its mount point
  fs::path point;
  bool v2 = false;
  std::vector<std::string> options;  // of the filesystem: a v1 hierarchy's controllers
};

std::vector<Mount> parse_mounts(std::string_view mountinfo) {
  std::vector<Mount> mounts;
  for (std::string_view line : split(mountinfo, '\n')) {
    std::vector<std::string_view> fields;
    for (std::string_view field : split(line, ' ')) {
      if (!field.empty()) {
        fields.push_back(field);
      }
    }
    const auto dash = std::find(fields.begin(), fields.end(), "-");
    if (fields.size() < 6 || dash == fields.end() || fields.end() - dash < 4) {
      continue;
    }
    const std::string_view type = *(dash + 1);
    if (type != "cgroup" && type != "cgroup2") {
      continue;
    }
    Mount mount{unescape(fields[3]), unescape(fields[4]), type == "cgroup2", {}};
    for (std::string_view option : split(*(dash + 3), ',')) {
      mount.options.emplace_back(option);
    }
    mounts.push_back(std::move(mount));
  }
  return mounts;
}

// The folder of cgroup `path` through `mount`, if the mount shows it.
std::optional<fs::path> folder_of(const Mount& mount, const std::string& path,
                                  const fs::path& root) {
  if (path.starts_with("/..")) {
    return std::nullopt;  // outside the grader's cgroup namespace
  }
  std::string_view relative = path;
  if (mount.root != "/") {
    if (!(path == mount.root || path.starts_with(mount.root + "/"))) {
      return std::nullopt;
    }
    relative.remove_prefix(mount.root.size());
  }
  fs::path dir = root / mount.point.relative_path();
  if (const std::string_view rest =
          relative.substr(std::min(relative.find_first_not_of('/'), relative.size()));
      !rest.empty()) {
    dir /= rest;
  }
  return dir;
}

Expected<std::string> read_text(const fs::path& path) {
  std::ifstream in(path);
  if (!in) {
    return unexpected(fmt::format("cannot read {}: {}", path.string(), errno_text(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One write(2), as the cgroup filesystem wants: its errno is the kernel's answer. Opened as a
// shell's `>` does (cgroup files accept O_CREAT and O_TRUNC), which also fills fake trees.
Expected<void> write_text(const fs::path& path, std::string_view text) {
  const Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    return unexpected(
        fmt::format("cannot write '{}' to {}: {}", text, path.string(), errno_text(errno)));
  }
  return {};
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view line : split(text, '\n')) {
    for (std::string_view word : split(line, ' ')) {
      if (!word.empty()) {
        out.push_back(word);
      }
    }
  }
  return out;
}

std::optional<std::uint64_t> to_number(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// The number after `key` in a flat keyed file ("oom_kill 3" in memory.events).
std::optional<std::uint64_t> keyed_value(const fs::path& file, std::string_view key) {
  auto text = read_text(file);
  if (!text) {
    return std::nullopt;
  }
  for (std::string_view line : split(*text, '\n')) {
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ' ') {
      return to_number(line.substr(key.size() + 1));
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> number_in(const fs::path& file) {
  auto text = read_text(file);
  return text ? to_number(*text) : std::nullopt;
}

std::vector<pid_t> pids_in(const fs::path& dir) {
  std::vector<pid_t> pids;
  auto text = read_text(dir / "cgroup.procs");
  if (!text) {
    return pids;
  }
  for (std::string_view word : words(*text)) {
    if (auto pid = to_number(word); pid && *pid > 0) {
      pids.push_back(static_cast<pid_t>(*pid));
    }
  }
  return pids;
}

Expected<void> writable(const fs::path& dir) {
  if (::faccessat(AT_FDCWD, dir.c_str(), W_OK, AT_EACCESS) == -1) {
    return unexpected(fmt::format("cannot write to {}: {}", dir.string(), errno_text(errno)));
  }
  return {};
}

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

// ---- RunCgroup

Expected<RunCgroup> RunCgroup::create(const CgroupHome& home, const CgroupLimits& limits) {
  if (!home.memory && !home.pids) {
    return unexpected(home.problem.empty() ? std::string("no cgroup controller is usable here")
                                           : home.problem);
  }
  RunCgroup cgroup;
  const auto place_of = [&](const CgroupPlace& place) -> Dir& {
    for (Dir& dir : cgroup.dirs_) {
      if (dir.path == place.dir) {
        return dir;
      }
    }
    return cgroup.dirs_.emplace_back(Dir{place.dir, place.v2, false, false});
  };
  if (home.memory) {
    place_of(*home.memory).memory = true;
  }
  if (home.pids) {
    place_of(*home.pids).pids = true;
  }
  // A name no other run has: the grader's PID and a count. A cgroup left by a grader that
  // died with the same PID is passed over.
  static std::atomic<unsigned> count{0};
  for (int attempt = 0;; ++attempt) {
    const std::string name = fmt::format("grade-run-{}-{}", ::getpid(), ++count);
    std::size_t made = 0;
    int error = 0;
    for (; made < cgroup.dirs_.size(); ++made) {
      const fs::path path = cgroup.dirs_[made].path / name;
      if (::mkdir(path.c_str(), 0755) == -1) {
        error = errno;
        break;
      }
    }
    if (made == cgroup.dirs_.size()) {
      for (Dir& dir : cgroup.dirs_) {
        dir.path /= name;
      }
      break;
    }
    for (std::size_t i = 0; i < made; ++i) {
      (void)::rmdir((cgroup.dirs_[i].path / name).c_str());
    }
    if (error != EEXIST || attempt == 100) {
      return unexpected(fmt::format("cannot make a cgroup in {}: {}",
                                    cgroup.dirs_[made].path.string(), errno_text(error)));
    }
  }
  cgroup.ended_ = false;
  cgroup.totals_ = home.totals();
  cgroup.totals_.memory = home.memory && limits.memory_bytes;
  cgroup.totals_.tasks = home.pids && limits.tasks;
  for (const Dir& dir : cgroup.dirs_) {
    Expected<void> set;
    if (dir.memory && limits.memory_bytes) {
      const std::string bytes = std::to_string(*limits.memory_bytes);
      if (dir.v2) {
        set = write_text(dir.path / "memory.max", bytes);
        // Swap would let the run keep more than memory.max in total.
        if (std::error_code ec; set && fs::exists(dir.path / "memory.swap.max", ec)) {
          set = write_text(dir.path / "memory.swap.max", "0");
        }
      } else {
        set = write_text(dir.path / "memory.limit_in_bytes", bytes);
        if (set && home.memsw) {  // memory + swap: must come after the plain limit
          set = write_text(dir.path / "memory.memsw.limit_in_bytes", bytes);
        }
      }
    }
    if (set && dir.pids && limits.tasks) {
      set = write_text(dir.path / "pids.max", std::to_string(*limits.tasks));
    }
    if (!set) {
      (void)cgroup.end(std::chrono::milliseconds(100));
      return unexpected(set.error());
    }
  }
  return cgroup;
}

RunCgroup::RunCgroup(RunCgroup&& other) noexcept
    : dirs_(std::move(other.dirs_)),
      totals_(std::move(other.totals_)),
      ended_(std::exchange(other.ended_, true)) {}

RunCgroup& RunCgroup::operator=(RunCgroup&& other) noexcept {
  if (this != &other) {
    if (!ended_) {
      (void)end();
    }
    dirs_ = std::move(other.dirs_);
    totals_ = std::move(other.totals_);
    ended_ = std::exchange(other.ended_, true);
  }
  return *this;
}

RunCgroup::~RunCgroup() {
  if (!ended_) {
    (void)end();
  }
}

std::vector<fs::path> RunCgroup::dirs() const {
  std::vector<fs::path> out;
  for (const Dir& dir : dirs_) {
    out.push_back(dir.path);
  }
  return out;
}

std::vector<std::string> RunCgroup::child_joins() const {
  std::vector<std::string> files;
  for (const Dir& dir : dirs_) {
    if (!dir.v2) {
      files.push_back((dir.path / "tasks").string());
    }
  }
  return files;
}

Expected<void> RunCgroup::add(pid_t pid) const {
  for (const Dir& dir : dirs_) {
    if (!dir.v2) {
      continue;  // joined by the child (child_joins)
    }
    if (auto moved = write_text(dir.path / "cgroup.procs", std::to_string(pid)); !moved) {
      return moved;
    }
  }
  return {};
}

CgroupUsage RunCgroup::usage() const {
  CgroupUsage usage;
  for (const Dir& dir : dirs_) {
    if (dir.memory && dir.v2) {
      usage.oom_killed = keyed_value(dir.path / "memory.events", "oom_kill").value_or(0) > 0;
      usage.peak_memory_bytes = number_in(dir.path / "memory.peak");
    } else if (dir.memory) {
      // oom_kill is there since Linux 4.13; before, a limit that was hit is the best sign.
      const auto kills = keyed_value(dir.path / "memory.oom_control", "oom_kill");
      usage.oom_killed =
          kills ? *kills > 0 : number_in(dir.path / "memory.failcnt").value_or(0) > 0;
      usage.peak_memory_bytes = number_in(dir.path / "memory.max_usage_in_bytes");
    }
    if (dir.pids) {
      usage.tasks_refused = keyed_value(dir.path / "pids.events", "max").value_or(0) > 0;
    }
  }
  return usage;
}

namespace {

// SIGKILL to every process of cgroup `dir`, by PID but through pidfds: a PID is signalled only
// if, with its pidfd open (so the number cannot pass to another process), it is still listed
// in the cgroup. Returns whether any process was listed.
bool kill_members(const fs::path& dir) {
  const std::vector<pid_t> listed = pids_in(dir);
  std::vector<std::pair<pid_t, Fd>> opened;
  for (const pid_t pid : listed) {
    Fd fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U)));
    if (fd) {
      opened.emplace_back(pid, std::move(fd));
    }
  }
  const std::vector<pid_t> still = pids_in(dir);
  for (const auto& [pid, fd] : opened) {
    if (std::find(still.begin(), still.end(), pid) != still.end()) {
      (void)::syscall(SYS_pidfd_send_signal, fd.get(), SIGKILL, nullptr, 0U);
    }
  }
  return !listed.empty();
}

bool populated(const fs::path& dir, bool v2) {
  if (v2) {
    return keyed_value(dir / "cgroup.events", "populated").value_or(0) != 0;
  }
  return !pids_in(dir).empty();
}

}  // namespace

Expected<void> RunCgroup::end(std::chrono::milliseconds bound) {
  if (ended_) {
    return {};
  }
  ended_ = true;
  const Clock::time_point deadline = Clock::now() + bound;
  std::vector<bool> killed_at_once(dirs_.size(), false);
  for (std::size_t i = 0; i < dirs_.size(); ++i) {
    // cgroup.kill (Linux 5.14) kills every process at once, forks under way included.
    killed_at_once[i] = dirs_[i].v2 && write_text(dirs_[i].path / "cgroup.kill", "1");
  }
  auto pause = std::chrono::microseconds(200);
  std::string failure;
  for (std::size_t i = 0; i < dirs_.size(); ++i) {
    const Dir& dir = dirs_[i];
    while (killed_at_once[i] ? populated(dir.path, dir.v2) : kill_members(dir.path)) {
      if (Clock::now() >= deadline) {
        failure = fmt::format("processes of the run are still in {} after {} ms", dir.path.string(),
                              bound.count());
        break;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(10'000));
    }
    // An empty cgroup may still be busy for a moment while its last tasks are released.
    while (::rmdir(dir.path.c_str()) == -1 && errno != ENOENT) {
      if (errno != EBUSY || Clock::now() >= deadline) {
        if (failure.empty()) {
          failure = fmt::format("cannot remove {}: {}", dir.path.string(), errno_text(errno));
        }
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  if (!failure.empty()) {
    return unexpected(failure);
  }
  return {};
}

}  // namespace grade::isolate

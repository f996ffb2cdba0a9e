#include "isolate/cgroup.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <signal.h>  // NOLINT: SIGKILL for pidfd_send_signal
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "isolate/cgroup_files.h"
#include "util/errno_text.h"
#include "util/fd.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

}  // namespace

namespace {

constexpr std::string_view kRunPrefix = "grade-run-";

// The grader PID in a run cgroup's name, or 0 when the name is not one.
pid_t grader_of(std::string_view name) {
  if (!name.starts_with(kRunPrefix)) {
    return 0;
  }
  name.remove_prefix(kRunPrefix.size());
  pid_t pid = 0;
  for (const char c : name.substr(0, name.find('-'))) {
    if (c < '0' || c > '9' || pid >= 214'748'364) {  // not a digit, or past a pid_t
      return 0;
    }
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

}  // namespace

std::size_t remove_stale_run_cgroups(const CgroupHome& home) {
  std::size_t removed = 0;
  for (const auto& place : {home.memory, home.pids}) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(place ? place->dir : fs::path(), ec);
         place && !ec && it != fs::end(it); it.increment(ec)) {
      const pid_t grader = grader_of(it->path().filename().string());
      const bool gone = grader > 0 && ::kill(grader, 0) == -1 && errno == ESRCH;
      if (gone && ::rmdir(it->path().c_str()) == 0) {
        ++removed;
      }
    }
  }
  return removed;
}

Expected<RunCgroup> RunCgroup::create(const CgroupHome& home, const CgroupLimits& limits) {
  if (!home.memory && !home.pids) {
    return unexpected(home.problem.empty() ? std::string("no cgroup controller is usable here")
                                           : home.problem);
  }
  static std::once_flag swept;
  std::call_once(swept, [&home] { (void)remove_stale_run_cgroups(home); });
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
    const std::string name = fmt::format("{}{}-{}", kRunPrefix, ::getpid(), ++count);
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

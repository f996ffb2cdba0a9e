#include "isolate/sandbox.h"

#include <cerrno>
#include <system_error>

#include <fmt/format.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/errno_text.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// Tries unshare(CLONE_NEWNET) in a child, never in the grader: the grader's own network (and
// that of its other threads) must stay as it is.
std::optional<std::string> probe_network_namespace() {
  const pid_t pid = ::fork();
  if (pid == -1) {
    return "fork: " + errno_text(errno);
  }
  if (pid == 0) {
    // Forked child of a possibly threaded grader: only async-signal-safe calls.
    ::_exit(::unshare(CLONE_NEWNET) == 0 ? 0 : errno);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) == -1) {
    if (errno != EINTR) {
      return "waitpid: " + errno_text(errno);
    }
  }
  if (!WIFEXITED(status)) {
    return "the probe was killed by a signal";
  }
  if (WEXITSTATUS(status) != 0) {
    return "unshare: " + errno_text(WEXITSTATUS(status));
  }
  return std::nullopt;
}

// The first uid of `range` that is nobody's (no account, no group of that number).
Expected<uid_t> first_without_account(const UidRange& range) {
  for (uid_t uid = range.first;; ++uid) {
    auto used = has_account(uid);
    if (!used) {
      return unexpected(used.error());
    }
    if (!*used) {
      return uid;
    }
    if (uid == range.last) {
      return unexpected(
          fmt::format("every uid of {} has an account or a group: choose a range "
                      "no account uses with --run-uids",
                      range.text()));
    }
  }
}

std::string describe_mode(const fs::path& path, const struct stat& info) {
  return fmt::format("{} (mode {:04o}, owner uid {})", path.string(), info.st_mode & 07777,
                     info.st_uid);
}

}  // namespace

void RunSandbox::apply_to(Restrictions& restrictions) const {
  if (user_) {
    restrictions.uid = user_->identity.uid;
    restrictions.gid = user_->identity.gid;
  }
  restrictions.no_network = no_network_;
}

Expected<void> RunSandbox::end() {
  if (!lease_) {
    return {};
  }
  if (auto swept = lease_->sweep(); !swept) {
    return unexpected(
        fmt::format("cannot end the processes of uid {}: {}", lease_->uid(), swept.error()));
  }
  return {};
}

Expected<RunSandbox> SandboxPlan::begin_run() const {
  RunSandbox sandbox;
  sandbox.no_network_ = no_network;
  if (!run_uids) {
    sandbox.user_ = user;
    return sandbox;
  }
  auto lease = uid_lock_dir.empty() ? UidLease::acquire(*run_uids)
                                    : UidLease::acquire(*run_uids, uid_lock_dir);
  if (!lease) {
    return unexpected(lease.error());
  }
  // The gid is the uid's number: no group has it, and there are no supplementary groups.
  const uid_t uid = lease->uid();
  sandbox.user_ = RunUser{fmt::format("uid {}", uid), {uid, static_cast<gid_t>(uid), {}}};
  sandbox.lease_.emplace(std::move(*lease));
  return sandbox;
}

Identity SandboxPlan::identity() const {
  if (user) {
    return user->identity;
  }
  Identity self{::geteuid(), ::getegid(), {}};
  const int count = ::getgroups(0, nullptr);
  if (count > 0) {
    self.groups.resize(static_cast<std::size_t>(count));
    const int got = ::getgroups(count, self.groups.data());
    self.groups.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  }
  return self;
}

const std::optional<std::string>& network_namespace_problem() {
  static const std::optional<std::string> problem = probe_network_namespace();
  return problem;
}

Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options) {
  const uid_t uid = ::geteuid();
  auto plan = !options.cut_network || uid != 0
                  ? plan_sandbox(options, uid, std::nullopt)  // no need to probe
                  : plan_sandbox(options, uid, network_namespace_problem());
  if (plan) {
    plan->cgroups = cgroup_home();
  }
  return plan;
}

Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options, uid_t grader_uid,
                                   const std::optional<std::string>& network_problem) {
  SandboxPlan plan;
  if (!options.run_uids.empty() && (grader_uid != 0 || !options.run_as.empty())) {
    return unexpected(grader_uid != 0
                          ? fmt::format("a uid per run (--run-uids) needs the grader to run as "
                                        "root; it runs as uid {}",
                                        grader_uid)
                          : std::string("--run-as and --run-uids exclude each other: one user "
                                        "for every run, or a uid per run"));
  }
  if (options.run_as.empty() && grader_uid == 0) {
    auto range = options.run_uids.empty() ? Expected<UidRange>(kDefaultRunUids)
                                          : parse_uid_range(options.run_uids);
    if (!range) {
      return unexpected(range.error());
    }
    auto stand_in = first_without_account(*range);
    if (!stand_in) {
      return unexpected(stand_in.error());
    }
    plan.user =
        RunUser{"in uid range " + range->text(), {*stand_in, static_cast<gid_t>(*stand_in), {}}};
    plan.run_uids = *range;
  }
  const std::string& name = options.run_as;
  if (!name.empty()) {
    auto user = find_run_user(name);
    if (!user) {
      return unexpected(fmt::format("cannot run submissions as '{}': {}", name, user.error()));
    }
    if (grader_uid != 0 && user->identity.uid != grader_uid) {
      return unexpected(fmt::format(
          "running submissions as user {} needs the grader to run as root; it runs as uid {}",
          user->name, grader_uid));
    }
    if (user->identity.uid == 0) {
      plan.notes.push_back(
          "submissions run as root, so nothing stops them from changing the grader's files");
    } else if (grader_uid == 0) {
      plan.user = std::move(*user);
    }
  }
  // A normal user grades their own program, which could use the network anyway: only a root
  // grader (grading others' programs) cuts it off, and says so when it cannot.
  if (options.cut_network && grader_uid == 0) {
    if (network_problem) {
      plan.notes.push_back("the network could not be cut off here: " + *network_problem + ".");
    } else {
      plan.no_network = true;
    }
  }
  return plan;
}

Expected<void> hand_over(const fs::path& run_dir, const std::optional<RunUser>& user) {
  if (!user) {
    return {};
  }
  const uid_t uid = user->identity.uid;
  const gid_t gid = user->identity.gid;
  // The folder is no use if the user cannot reach it (e.g. TMPDIR under a private home).
  const fs::path absolute = fs::absolute(run_dir).lexically_normal();
  for (fs::path up = absolute.parent_path();; up = up.parent_path()) {
    struct stat info {};
    if (::stat(up.c_str(), &info) == -1) {
      return unexpected(fmt::format("{}: {}", up.string(), errno_text(errno)));
    }
    if (!permits(info.st_mode, info.st_uid, info.st_gid, user->identity, kExecute)) {
      return unexpected(fmt::format(
          "the run folder {} cannot be reached by user {} ({} is not searchable by it); set "
          "TMPDIR to a folder it can reach",
          run_dir.string(), user->name, up.string()));
    }
    if (up == up.parent_path()) {
      break;
    }
  }
  // lchown and lstat: a symbolic link in the copy is handed over itself, never its target.
  const auto take = [&](const fs::path& path) -> Expected<void> {
    struct stat info {};
    if (::lstat(path.c_str(), &info) == -1 || ::lchown(path.c_str(), uid, gid) == -1) {
      return unexpected(fmt::format("cannot hand {} over to user {}: {}", path.string(), user->name,
                                    errno_text(errno)));
    }
    // The owner may read what it got (a 0600 submission copied from elsewhere) and work in
    // its folders; group and others gain nothing.
    const mode_t owner = S_ISDIR(info.st_mode)   ? S_IRWXU
                         : S_ISREG(info.st_mode) ? S_IRUSR | S_IWUSR
                                                 : 0;
    if (owner != 0 && ::chmod(path.c_str(), (info.st_mode & 07777) | owner) == -1) {
      return unexpected(fmt::format("cannot make {} readable by user {}: {}", path.string(),
                                    user->name, errno_text(errno)));
    }
    return {};
  };
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(run_dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (auto done = take(it->path()); !done) {
      return done;
    }
  }
  if (ec) {
    return unexpected(
        fmt::format("cannot read the run folder {}: {}", run_dir.string(), ec.message()));
  }
  if (auto done = take(run_dir); !done) {
    return done;
  }
  if (::chmod(run_dir.c_str(), S_IRWXU) == -1) {
    return unexpected(
        fmt::format("cannot close {} to other users: {}", run_dir.string(), errno_text(errno)));
  }
  return {};
}

namespace {

// Whether `who` may search every folder above `path`, so that it can get at `path` at all.
bool reachable_by(const fs::path& path, const Identity& who) {
  struct stat info {};
  for (fs::path up = path.parent_path();; up = up.parent_path()) {
    if (::stat(up.c_str(), &info) == 0 &&
        !permits(info.st_mode, info.st_uid, info.st_gid, who, kExecute)) {
      return false;
    }
    if (up == up.parent_path()) {
      return true;
    }
  }
}

}  // namespace

std::vector<std::string> writable_by(const std::vector<fs::path>& roots, const Identity& who,
                                     std::size_t limit) {
  std::vector<std::string> found;
  struct stat info {};
  const auto check = [&](const fs::path& path, unsigned access, bool sticky_is_safe) {
    if (found.size() < limit && ::lstat(path.c_str(), &info) == 0 && !S_ISLNK(info.st_mode) &&
        permits(info.st_mode, info.st_uid, info.st_gid, who, access) &&
        !(sticky_is_safe && (info.st_mode & S_ISVTX) != 0)) {
      found.push_back(describe_mode(path, info));
    }
  };
  for (const fs::path& root : roots) {
    const fs::path absolute = fs::absolute(root).lexically_normal();
    if (!reachable_by(absolute, who)) {
      continue;  // a folder on the way it cannot search (a private home): nothing to change
    }
    // Above the root: renaming an entry needs write and search on its folder; the sticky bit
    // (/tmp) then allows it only to the entry's owner.
    for (fs::path up = absolute.parent_path();; up = up.parent_path()) {
      check(up, kWrite | kExecute, true);
      if (up == up.parent_path()) {
        break;
      }
    }
    check(absolute, kWrite, false);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(absolute, ec);
         !ec && it != fs::end(it) && found.size() < limit; it.increment(ec)) {
      check(it->path(), kWrite, false);
    }
  }
  return found;
}

Expected<void> check_grader_files(const std::vector<fs::path>& roots, const SandboxPlan& plan) {
  if (!plan.user) {
    return {};  // submissions run as the grader: its files are theirs anyway
  }
  const std::vector<std::string> open = writable_by(roots, plan.user->identity);
  if (open.empty()) {
    return {};
  }
  std::string list;
  for (const std::string& entry : open) {
    list += (list.empty() ? "" : ", ") + entry;
  }
  return unexpected(fmt::format(
      "submissions run as user {}, who could change files the grader relies on: {}; make them "
      "writable only by their owner (chmod go-w) or choose another user with --run-as",
      plan.user->name, list));
}

}  // namespace grade::isolate

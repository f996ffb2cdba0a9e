#include "isolate/sandbox.h"

#include <algorithm>
#include <cerrno>
#include <system_error>

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolate/private_view.h"
#include "isolate/shared_network.h"
#include "util/errno_text.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

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

void add_protection(SandboxPlan& plan, const char* name, bool in_place, std::string detail,
                    const char* missing_note = nullptr) {
  if (!in_place && missing_note != nullptr) {
    plan.notes.push_back(fmt::format("{}: {}.", missing_note, detail));
  }
  plan.protections.push_back({name, in_place, std::move(detail)});
}

// The namespaces, the private view and Landlock: the same for root and a normal user where
// the kernel allows them, so that a program behaves alike on a student's machine and the
// server. What is missing is said in the report.
void contain(const SandboxOptions& options, uid_t grader_uid, const NamespaceSupport& support,
             SandboxPlan& plan) {
  Containment& c = plan.containment;
  plan.no_network = options.cut_network && !support.network_problem;
  add_protection(plan, "network", plan.no_network,
                 !options.cut_network
                     ? "allowed (--allow-network)"
                     : support.network_problem.value_or("no network but a loopback that is down"),
                 options.cut_network ? "the network could not be cut off here" : nullptr);
  c.private_view = options.private_view && !support.private_view_problem;
  add_protection(plan, "private_view", c.private_view,
                 !options.private_view ? "switched off (--no-private-view)"
                                       : support.private_view_problem.value_or(
                                             "only the system's files, read-only, and the "
                                             "run's own folder and /tmp"),
                 "runs see the machine's files (as far as their user may), not a private view "
                 "of their own");
  c.user_namespace = grader_uid != 0 && (plan.no_network || c.private_view);
  c.uid_map = support.uid_map;
  c.gid_map = support.gid_map;
  c.fresh_proc = support.fresh_proc;
  c.landlock_abi = support.landlock_abi;
  add_protection(plan, "landlock", c.landlock_abi > 0,
                 c.landlock_abi >= 6 ? "no signal, trace or /proc access outside the run"
                 : c.landlock_abi > 0
                     ? "no trace or /proc access outside the run (signals need Linux 6.12)"
                     : "Landlock is not enabled in this kernel");
  const bool own_uid = plan.run_uids.has_value();
  c.shared_network = plan.no_network && grader_uid == 0 && own_uid && c.landlock_abi >= 6;
  add_protection(plan, "own_uid", own_uid,
                 own_uid           ? "a uid of its own for every run"
                 : grader_uid == 0 ? "one user for every run (--run-as)"
                                   : "runs have the grader's user (only root can change it)");
}

}  // namespace

void RunSandbox::apply_to(Restrictions& restrictions, const fs::path& run_dir,
                          std::uint64_t scratch_bytes, bool build_folder) const {
  if (user_) {
    restrictions.uid = user_->identity.uid;
    restrictions.gid = user_->identity.gid;
  }
  const Containment& c = containment_;
  restrictions.no_network = c.no_network;
  if (c.no_network && c.shared_network) {
    // Made once per process; where that fails, each run makes its own as before.
    if (auto shared = shared_network_namespace()) {
      restrictions.network_namespace = *shared;
    }
  }
  restrictions.user_namespace = c.user_namespace;
  restrictions.uid_map = c.uid_map;
  restrictions.gid_map = c.gid_map;
  restrictions.landlock_abi = c.landlock_abi;
  if (!c.private_view || run_dir.empty()) {
    return;
  }
  ViewOptions view;
  view.run_dir = fs::absolute(run_dir).lexically_normal();
  view.extra_read_only = c.read_only;
  view.hidden = c.hidden;
  if (scratch_bytes > 0) {
    view.scratch_bytes = scratch_bytes;
  }
  view.fresh_proc = c.fresh_proc;
  view.run_dir_on_disk = build_folder;
  // The child builds the view as root and becomes the run's user only afterwards.
  if (user_ && !c.user_namespace) {
    view.change_owner = true;
    view.owner_uid = user_->identity.uid;
    view.owner_gid = user_->identity.gid;
  }
  restrictions.view = plan_private_view(view);
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
  sandbox.containment_ = containment;
  sandbox.containment_.no_network = no_network;
  if (!run_uids) {
    sandbox.user_ = user;
    return sandbox;
  }
  const bool view = containment.private_view;
  auto lease = uid_lock_dir.empty() ? UidLease::acquire(*run_uids, view)
                                    : UidLease::acquire(*run_uids, uid_lock_dir, view);
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
  return namespace_support().network_problem;
}

Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options) {
  auto plan = plan_sandbox(options, ::geteuid(), namespace_support());
  if (plan) {
    plan->cgroups = cgroup_home();
  }
  return plan;
}

Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options, uid_t grader_uid,
                                   const NamespaceSupport& support) {
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
  contain(options, grader_uid, support, plan);
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

// Whether `path` is one of `hidden` or inside one (both made absolute, nothing resolved).
bool hidden_in_view(const fs::path& path, const std::vector<fs::path>& hidden) {
  const fs::path absolute = fs::absolute(path).lexically_normal();
  return std::any_of(hidden.begin(), hidden.end(), [&absolute](const fs::path& folder) {
    return is_under(absolute, fs::absolute(folder).lexically_normal());
  });
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
  // What the private view hides, no run sees, so none can change it: not worth a walk over
  // every file of the course on every grading.
  std::vector<fs::path> reachable;
  for (const fs::path& root : roots) {
    if (!plan.containment.private_view || !hidden_in_view(root, plan.containment.hidden)) {
      reachable.push_back(root);
    }
  }
  const std::vector<std::string> open = writable_by(reachable, plan.user->identity);
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

// How submissions are isolated from the grader, decided once per grading: as which user they
// run, whether they get a network, and preparing run folders for that user. When the grader is
// root, each run gets a uid of its own (uid_lease.h) unless --run-as names a fixed user.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "isolate/cgroup.h"
#include "isolate/child_restrictions.h"
#include "isolate/namespaces.h"
#include "isolate/protection.h"
#include "isolate/run_as.h"
#include "isolate/uid_lease.h"
#include "util/expected.h"

namespace grade::isolate {

struct SandboxOptions {
  // Who submissions run as when the grader is root: a name, uid or uid:gid (see
  // find_run_user), one user shared by every run; empty: a uid of `run_uids` per run. Not
  // root: must be empty or the grader's own user.
  std::string run_as;
  bool cut_network = true;  // a new network namespace for every run, when the kernel allows it
  // "FIRST-LAST": the uids runs take one each when root and `run_as` is empty; empty:
  // kDefaultRunUids. Only for a root grader.
  std::string run_uids;
  // A private view of the files for every run (private_view.h), where the kernel allows it.
  bool private_view = true;
};

// What every run of a plan gets besides its user: namespaces, view, Landlock.
struct Containment {
  bool no_network = false;
  // Runs enter this process's one empty network namespace rather than each making its own,
  // where that is as safe (shared_network.h): root, a uid per run, Landlock ABI 6.
  bool shared_network = false;
  bool private_view = false;
  bool user_namespace = false;  // a normal user's way to the namespaces (namespaces.h)
  std::string uid_map;
  std::string gid_map;
  bool fresh_proc = false;
  int landlock_abi = 0;
  // Folders the run sees read-only beside the system's (the interpreter's own), and folders
  // it must not see even under those (the course, the class, the gradebook, the cache).
  std::vector<std::filesystem::path> read_only;
  std::vector<std::filesystem::path> hidden;
};

// The isolation of one run, from SandboxPlan::begin_run(): the user it runs as and its
// network. With a leased uid, end() kills whatever of the run is left; the uid stays the
// run's until this object goes, so destroy it after the run folder.
class RunSandbox {
 public:
  // Unset: the grader's own user.
  const std::optional<RunUser>& user() const { return user_; }
  // Sets the user, namespace, view and Landlock fields of a run's restrictions (the limits
  // are the caller's). The private view needs the run folder (absolute; holding the
  // submission) and the size of the run's writable tmpfs (0: a default). A build keeps its
  // folder on disk (`build_folder`), so that what it makes can be collected.
  void apply_to(Restrictions& restrictions, const std::filesystem::path& run_dir = {},
                std::uint64_t scratch_bytes = 0, bool build_folder = false) const;
  // After the run: with a uid of its own, every process of that uid is killed (uid_sweep.h),
  // observed or not. Nothing to do for a shared user or the grader's own, whose processes
  // cannot be told apart from others'.
  Expected<void> end();

 private:
  friend struct SandboxPlan;
  std::optional<RunUser> user_;
  std::optional<UidLease> lease_;
  Containment containment_;
};

struct SandboxPlan {
  // Whose permissions runs have, for the checks made before any run: the fixed user, or, with
  // `run_uids`, a stand-in uid of the range that has no account or group (so, like every uid
  // of the range, it has only the permissions of "others"). Unset: the grader's own user.
  std::optional<RunUser> user;
  // Set: each run leases a uid of its own from this range (begin_run); `user` is a stand-in.
  std::optional<UidRange> run_uids;
  // Where the uid locks are; empty: uid_lock_dir().
  std::filesystem::path uid_lock_dir;
  bool no_network = false;
  Containment containment;  // containment.no_network is `no_network`, set by begin_run
  // Sentences for the report about isolation that was asked for but is not in place here.
  std::vector<std::string> notes;
  // Where each run gets a cgroup of its own, for totals per run (cgroup.h): set by
  // plan_sandbox(options) from cgroup_home(), without controllers (and with the reason) where
  // none can be had. Unset: per-process rlimits only, and nothing said about it.
  std::optional<CgroupHome> cgroups;
  // Every protection, in place or not, for the machine-readable report.
  std::vector<Protection> protections;

  // Whose permissions a run has: the run user's, or the grader's.
  Identity identity() const;
  // The sandbox of the next run: with `run_uids`, a uid leased for it alone (fails when none
  // is free); else the fixed user or the grader's own.
  Expected<RunSandbox> begin_run() const;
};

// Why a new network namespace cannot be made here ("unshare(CLONE_NEWNET): Operation not
// permitted (EPERM)"), or nullopt when it can (namespace_support()).
const std::optional<std::string>& network_namespace_problem();

// The plan for this grader: root runs submissions as options.run_as, else as itself.
Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options);

// The decision itself, for tests: `grader_uid` is the grader's effective uid, `support` what
// namespace_support() found.
Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options, uid_t grader_uid,
                                   const NamespaceSupport& support);

// Hands a fresh run folder (made by the grader, mode 0700) and what was copied into it over
// to the run's user: everything in it becomes theirs and readable by them, the folder stays
// closed to everyone else. Nothing to do without a run user. Call before the run starts.
Expected<void> hand_over(const std::filesystem::path& run_dir, const std::optional<RunUser>& user);

// Paths under `roots` (and folders above them) that `who` could change: any entry it may
// write, and any folder above a root it may write without the sticky bit (it could move the
// root away and put its own in place). Symbolic links are not followed. At most `limit`
// entries, each "path (mode 0777, owner uid 0)".
std::vector<std::string> writable_by(const std::vector<std::filesystem::path>& roots,
                                     const Identity& who, std::size_t limit = 5);

// The setup error for the grader when writable_by() finds anything: submissions running as
// the plan's user could change the course, the build cache or earlier results. Roots the
// plan's private view hides (containment.hidden) are not looked at: no run sees them.
Expected<void> check_grader_files(const std::vector<std::filesystem::path>& roots,
                                  const SandboxPlan& plan);

}  // namespace grade::isolate

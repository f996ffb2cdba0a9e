// How submissions are isolated from the grader, decided once per grading: as which user they
// run, whether they get a network, and preparing run folders for that user.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "run/child_restrictions.h"
#include "run/run_as.h"
#include "util/expected.h"

namespace grade::run {

struct SandboxOptions {
  // Who submissions run as when the grader is root: a name, uid or uid:gid (see
  // find_run_user); empty: "nobody". Not root: must be empty or the grader's own user.
  std::string run_as;
  bool cut_network = true;  // a new network namespace for every run, when the kernel allows it
};

struct SandboxPlan {
  std::optional<RunUser> user;  // unset: submissions run as the grader's own user
  bool no_network = false;
  // Sentences for the report about isolation that was asked for but is not in place here.
  std::vector<std::string> notes;

  // Sets the user and network fields of a run's restrictions (the limits are the caller's).
  void apply_to(Restrictions& restrictions) const;
  // Whose permissions the run has: the run user's, or the grader's.
  Identity identity() const;
};

// Why a new network namespace cannot be made here ("unshare: Operation not permitted
// (EPERM)"), or nullopt when it can. Tried once per process in a forked child (the grader's
// own namespace never changes) and remembered.
const std::optional<std::string>& network_namespace_problem();

// The plan for this grader: root runs submissions as options.run_as, else as itself.
Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options);

// The decision itself, for tests: `grader_uid` is the grader's effective uid, `network_problem`
// what network_namespace_problem() said.
Expected<SandboxPlan> plan_sandbox(const SandboxOptions& options, uid_t grader_uid,
                                   const std::optional<std::string>& network_problem);

// Hands a fresh run folder (made by the grader, mode 0700) and what was copied into it over
// to the plan's user: everything in it becomes theirs and readable by them, the folder stays
// closed to everyone else. Nothing to do without a run user. Call before the run starts.
Expected<void> hand_over(const std::filesystem::path& run_dir, const SandboxPlan& plan);

// Paths under `roots` (and folders above them) that `who` could change: any entry it may
// write, and any folder above a root it may write without the sticky bit (it could move the
// root away and put its own in place). Symbolic links are not followed. At most `limit`
// entries, each "path (mode 0777, owner uid 0)".
std::vector<std::string> writable_by(const std::vector<std::filesystem::path>& roots,
                                     const Identity& who, std::size_t limit = 5);

// The setup error for the grader when writable_by() finds anything: submissions running as
// the plan's user could change the course, the build cache or earlier results.
Expected<void> check_grader_files(const std::vector<std::filesystem::path>& roots,
                                  const SandboxPlan& plan);

}  // namespace grade::run

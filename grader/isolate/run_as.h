// The user a submission runs as when the grader is root, and what that user can reach: the
// checks read permission bits (no ACLs), so they can be made before anything runs as it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "util/expected.h"

namespace grade::isolate {

// Whose permissions apply. A run has no supplementary groups (apply_in_child drops them).
struct Identity {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

struct RunUser {
  std::string name;  // "nobody"; "uid 1234" for a number the password database does not know
  Identity identity;
};

// "nobody", "1234" (its group from the password database) or "1234:1234".
Expected<RunUser> find_run_user(std::string_view name_or_id);

enum Access : unsigned { kRead = 4, kWrite = 2, kExecute = 1 };

// Whether `who` may access a file of this mode and owner (`access`: an or of Access bits), as
// the kernel decides from permission bits: the owner class, else the group class, else the
// others; root passes everything but executing a file without any execute bit.
bool permits(mode_t mode, uid_t owner, gid_t group, const Identity& who, unsigned access);

// Why `who` cannot run `exe` (an absolute path), or nullopt when it can: every folder on the
// way, symbolic links followed, must be searchable by it; the file must be executable by it,
// and readable too when it is a "#!" script. The text names the first obstacle:
// "/root is not searchable by it".
std::optional<std::string> why_not_runnable(const std::filesystem::path& exe, const Identity& who);

inline bool runnable_by(const std::filesystem::path& exe, const Identity& who) {
  return !why_not_runnable(exe, who).has_value();
}

struct InterpreterChoice {
  std::filesystem::path path;
  std::string note;  // for the report when `path` replaces the resolved interpreter
};

// The interpreter `user` runs: `resolved` when it can, else the first `command` (e.g.
// "python3") it can run that is a real binary (not a shim script), looked for on
// `search_path` (absolute entries only), then in /usr/local/bin and /usr/bin. The error says
// what to change.
Expected<InterpreterChoice> interpreter_for_user(const std::filesystem::path& resolved,
                                                 std::string_view command, const RunUser& user,
                                                 std::string_view search_path);

}  // namespace grade::isolate

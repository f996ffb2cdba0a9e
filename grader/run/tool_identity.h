// Who a compiler or interpreter is, for the build cache's keys: an upgrade in place (same path,
// new binary) or another version behind the same name must not reuse what the old one built.
#pragma once

#include <filesystem>
#include <string>

namespace grade::run {

// The tool's real path (links resolved), size, mtime and ctime, and the first line of
// `TOOL --version`; a tool that cannot tell (or cannot be found) gives the rest alone. The
// version is asked once per state of the file (path, device, inode, size, times), since
// starting a compiler or interpreter costs milliseconds: remembered for the process, and in
// `memo_dir` (the grader's cache folder; empty: not on disk) for later gradings. Runs the
// trusted system tool directly (never a submission): a short timeout, stdin /dev/null, a
// small environment, output capped. Thread-safe.
std::string tool_identity(const std::filesystem::path& tool,
                          const std::filesystem::path& memo_dir = {});

}  // namespace grade::run

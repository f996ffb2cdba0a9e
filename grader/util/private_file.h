// Files of their owner alone: gradebooks and exports, which hold a whole class's results.
//
// The submissions of a batch run as other users on the same machine, so such a file must be
// neither readable nor writable by anyone but its owner: not by others, and not by its group
// either, which on some systems holds every account. Modes are set explicitly, whatever the
// umask. Only regular files are touched: `-o /dev/stdout` keeps the terminal's mode.
#pragma once

#include <filesystem>
#include <optional>

#include <sys/types.h>

#include "util/expected.h"

namespace grade {

// Read and write for the owner, nothing for anyone else.
inline constexpr mode_t kPrivateFileMode = 0600;

enum class PrivateFileCreate {
  kIfMissing,  // a missing file is created empty, mode 0600
  kNever,      // a missing file is left missing
};

// Makes `path` private: its group and others lose every permission (an existing 0644 file
// becomes 0600). Returns the mode it had when it had to change, nothing when it was private
// already, is missing (kNever) or is not a regular file. Fails when it cannot be created or
// changed, and for a regular file that belongs to another user (unless we are root): what is
// written into it would be theirs to read and chmod.
Expected<std::optional<mode_t>> make_private_file(const std::filesystem::path& path,
                                                  PrivateFileCreate create);

}  // namespace grade

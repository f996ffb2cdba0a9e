// Reading a file someone else controls (a student's submission) without following symbolic
// links: a link in a student's folder could otherwise hand the grader a root-only file, or a
// classmate's submission, as if it were the student's own.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "util/expected.h"

namespace grade {

struct UntrustedRead {
  std::string content;
  // Set when the file is refused for what the student handed in, not for the grader's trouble:
  // "is a symbolic link (or lies behind one)", "is not a regular file", "is larger than N
  // bytes". `content` is then empty.
  std::string refused;
};

// The content of `path`, a regular file of at most `max_bytes`. Without `beneath`, only the
// last component must not be a symbolic link (the folders leading to a student's own folder
// are the student's machine's business); with it, `path` must lie inside `beneath` and no
// component below `beneath` may be a link (openat2 with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS).
// An error is the grader's trouble (cannot open, cannot read); the student's is `refused`.
Expected<UntrustedRead> read_untrusted(const std::filesystem::path& path, std::size_t max_bytes,
                                       const std::filesystem::path& beneath = {});

}  // namespace grade

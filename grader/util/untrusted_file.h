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
  bool is_link = false;  // the failure was a symbolic link on the way (the student's doing)
};

// The content of `path`, a regular file of at most `max_bytes`. Without `beneath`, only the
// last component must not be a symbolic link (the folders leading to a student's own folder
// are the student's machine's business); with it, `path` must lie inside `beneath` and no
// component below `beneath` may be a link (openat2 with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS).
// The error says what was refused; `is_link` in the value tells a link from other failures.
Expected<UntrustedRead> read_untrusted(const std::filesystem::path& path, std::size_t max_bytes,
                                       const std::filesystem::path& beneath = {});

}  // namespace grade

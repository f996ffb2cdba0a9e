// Small answers kept on disk between gradings (a tool's version, a compiled module): files of
// the grader's own, read whole or not at all.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace grade {

// The text of `path` if it is a regular file (not followed through a link) of this process's
// user and at most `max_bytes` long; nullopt otherwise.
std::optional<std::string> read_memo_file(const std::filesystem::path& path, std::size_t max_bytes);

// Best effort, whole or not at all: a temporary file (mode 0600) renamed into place; the
// folder is made if missing.
void write_memo_file(const std::filesystem::path& path, std::string_view text);

}  // namespace grade

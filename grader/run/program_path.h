// Which file a command's argv[0] names: looked up like execvp does, but on the PATH of the
// run's own environment rather than the grader's.
#pragma once

#include <filesystem>
#include <string_view>

#include "util/expected.h"

namespace grade::run {

// A name without "/" is searched on `path_value` (a PATH string; empty and relative entries
// are skipped, so nothing is ever run from wherever the grader happens to be). A name with
// "/" is taken as is, relative ones against `cwd`; whether it can run is left to exec.
Expected<std::filesystem::path> resolve_program(std::string_view name, std::string_view path_value,
                                                const std::filesystem::path& cwd);

// The first executable regular file called `name` in the absolute directories of
// `path_value`; empty when there is none.
std::filesystem::path find_on_path(std::string_view name, std::string_view path_value);

// An absolute path to a regular file (symlinks followed) that this process may execute: what
// an interpreter path printed by a probe or read back from the cache must be before it is used.
bool is_absolute_executable_file(const std::filesystem::path& file);

}  // namespace grade::run

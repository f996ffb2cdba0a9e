// The environment a submission runs with: built explicitly, never inherited wholesale, so a
// grading gives the same result whatever the grader's own shell happens to export.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grade::run {

// "KEY=VALUE" entries for a run in `work_dir`, taking a small allowlist from `parent_env`
// (a null-terminated array such as `environ`; may be null). See environment.cc for why each
// variable is there and which ones are left out on purpose. `python_site`: a folder for
// PYTHONPATH (run/python_stdio.h), if any.
std::vector<std::string> submission_environment(
    const std::filesystem::path& work_dir, char** parent_env,
    const std::optional<std::filesystem::path>& python_site = std::nullopt);

// The value of `key` in a "KEY=VALUE" list (the first entry wins, as getenv does).
std::optional<std::string_view> find_variable(std::span<const std::string> env,
                                              std::string_view key);
std::optional<std::string_view> find_variable(char** env, std::string_view key);

// Copies a null-terminated `environ`-style array (null gives an empty list).
std::vector<std::string> copy_environment(char** env);

}  // namespace grade::run

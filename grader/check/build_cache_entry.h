// One entry of the build cache on disk: a folder holding `manifest` and the artefacts as files
// `0`, `1`, ... The manifest (a strict line format) gives each artefact's name, executable bit,
// size and SHA-256, and the entry's key; an entry is used only when all of it agrees. Everything
// is reached with openat beneath an open folder and O_NOFOLLOW: no link in the cache is ever
// followed, and files must be the grader's own and writable by it alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/artifact.h"
#include "util/fd.h"

namespace grade::check::cache_entry {

// A key of BuildCache::key: 64 lowercase hex digits (so also a safe folder name).
bool valid_key(std::string_view text);

// A plain file name: not empty, no '/', NUL or newline, not "." or "..".
bool valid_artifact_name(std::string_view name);

// The artefacts of the entry folder `entry`, if its manifest is well formed, names `key`, and
// every file is a regular file of the grader's with the size, mode and SHA-256 it lists, none
// larger than `max_bytes`.
std::optional<Artifacts> read(int entry, const std::string& key, std::uint64_t max_bytes);

// Writes the manifest and files into the empty folder `entry` (then made 0755). False on any
// failure; the caller removes the folder.
bool write(int entry, const std::string& key, const Artifacts& artifacts);

// `name` in `parent`, opened as a folder, never through a link; invalid when it is none.
Fd open_folder(int parent, const std::string& name);

// The names in a folder, without "." and "..".
std::vector<std::string> names_in(int folder);

// Removes `name` in `parent`, a file, link or folder tree (a few levels deep at most), without
// following links; best effort.
void remove_tree(int parent, const std::string& name);

// Bytes on disk of the folder `name` in `parent` and the files directly in it.
std::uint64_t disk_usage(int parent, const std::string& name);

}  // namespace grade::check::cache_entry

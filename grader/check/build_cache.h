// Keeps what successful builds produced, so grading an unchanged submission again skips its
// build step: for C and C++ a whole compilation, for Python the compile check's interpreter
// start-up.
//
// Shared by concurrent gradings and batch workers, bounded in size, and never trusted blindly:
// every entry is checked against its own manifest (sizes, SHA-256) on each use. Layout:
// DIR/builds/v2/<key>/ holds `manifest` and the artefacts as files `0`, `1`, ... (names only in
// the manifest, so any artefact name is safe). Entries appear and disappear by rename, so a
// reader gets a whole entry or a miss.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "check/artifact.h"

namespace grade::check {

// A successful build as the cache keeps it.
struct CachedBuild {
  Artifacts artifacts;
  std::string out;  // what the build printed: a compiler's warnings
  std::string err;
};

class BuildCache {
 public:
  static constexpr std::uint64_t kDefaultMaxBytes = 256ULL << 20;

  // `dir` empty: a cache that remembers nothing.
  explicit BuildCache(std::filesystem::path dir, std::uint64_t max_bytes = kDefaultMaxBytes)
      : dir_(std::move(dir)), max_bytes_(max_bytes) {}

  // Everything that decides the outcome: the expanded build command (flags), the submission's
  // SHA-256, the tool's identity (run/tool_identity.h), the artefact names asked for, and the
  // grader's version. A 64-digit hex string.
  static std::string key(const std::vector<std::string>& argv, const std::string& submission_sha256,
                         const std::string& tool_identity,
                         const std::vector<std::string>& artifact_names);

  // What an earlier successful build made (empty artefacts for a build that makes none, like
  // Python's compile check) and the messages it printed (warnings, shown again on a hit);
  // nullopt on a miss. An entry that fails its own checks (missing file, wrong size or SHA-256,
  // bad manifest, a link, a file not the grader's) is a miss and is removed. A hit makes the
  // entry the most recently used.
  std::optional<CachedBuild> find_build(const std::string& key) const;

  // Best effort (a cache that cannot be written only makes later gradings slower): written in
  // a temporary folder in the cache, then renamed into place, so two gradings storing the same
  // key at once both succeed. Then the least recently used entries go until the cache is
  // within max_bytes (disk usage). Builds larger than that together are not kept.
  void store_build(const std::string& key, const CachedBuild& build) const;

  // The same for a build whose messages do not matter.
  std::optional<Artifacts> find(const std::string& key) const;
  void store(const std::string& key, const Artifacts& artifacts) const;

 private:
  std::optional<Artifacts> find_files(const std::string& key) const;
  void store_files(const std::string& key, const Artifacts& files) const;

  std::filesystem::path dir_;
  std::uint64_t max_bytes_;
};

}  // namespace grade::check

// Remembers which builds succeeded, so grading an unchanged submission again skips its build
// step (for Python, the compile check costs a whole extra interpreter start-up).
//
// Only success is remembered, and only for builds whose outcome is all the cache needs: the
// Python compile check produces nothing but a verdict. A language whose build produces files
// (C++) will have to store them too before it uses this cache.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grade::check {

class BuildCache {
 public:
  // `dir` empty: a cache that remembers nothing.
  explicit BuildCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Everything that decides the outcome: the command, the submission's content, and the
  // interpreter or compiler binary (path, size and mtime, so an upgrade invalidates).
  static std::string key(const std::vector<std::string>& argv, const std::string& submission_sha256,
                         const std::filesystem::path& tool);

  bool succeeded_before(const std::string& key) const;
  // Best effort: a cache that cannot be written only makes later gradings slower.
  void remember_success(const std::string& key) const;

 private:
  std::filesystem::path entry(const std::string& key) const { return dir_ / "builds" / key; }

  std::filesystem::path dir_;
};

}  // namespace grade::check

// A small on-disk memo of interpreter probes: asking a pyenv shim for its interpreter costs
// ~130 ms, paid once per key instead of once per grading.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace grade::run {

class InterpreterCache {
 public:
  // `dir` is created on the first store; an empty `dir` disables the cache.
  explicit InterpreterCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The interpreter stored under exactly `key`, if any and if it still is an executable file.
  std::optional<std::filesystem::path> lookup(const std::string& key) const;

  // Best effort: the cache is an optimisation, so failing to write it is not an error. The
  // entry appears atomically (temporary file, then rename), so concurrent graders never read
  // half an entry.
  void store(const std::string& key, const std::filesystem::path& interpreter) const;

 private:
  std::filesystem::path entry_path(const std::string& key) const;

  std::filesystem::path dir_;
};

}  // namespace grade::run

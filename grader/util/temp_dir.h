// RAII owner of a fresh private temporary folder, removed with everything in it.
#pragma once

#include <filesystem>
#include <string_view>

#include "util/expected.h"

namespace grade {

class TempDir {
 public:
  // A new folder "<prefix>XXXXXX" under the system temporary folder ($TMPDIR or /tmp).
  static Expected<TempDir> create(std::string_view prefix);

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&& other) noexcept;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  void remove() noexcept;

  std::filesystem::path path_;
};

}  // namespace grade

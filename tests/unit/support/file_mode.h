// Test support for file modes: reading one, and a umask set for one test.
#pragma once

#include <filesystem>

#include <sys/stat.h>
#include <sys/types.h>

#include <gtest/gtest.h>

namespace grade::testing {

// The permission bits of `path` (07777), as `ls -l` shows them.
inline mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

// Sets the umask while it lives. 022 is what most accounts have: new files readable by
// everyone unless the program says otherwise.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;
  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

}  // namespace grade::testing

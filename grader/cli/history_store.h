// Where the history of cli/history.h lives: one small JSON file per course, folder and exercise
// in <cache>/history/v1/ (the build cache's folder, ~/.cache/grade), the file named by a hash of
// its key. It is the student's own record, never a grade: so it is read defensively (a file
// that is not a regular file of ours, larger than 64 KiB or not a whole entry of its key is
// ignored) and written atomically (a temporary file renamed over the old one), mode 0600, by one
// grading at a time (an flock on the folder's lock file), so two gradings at once each leave a
// whole entry and the second sees the first's. No link below the cache folder is followed, and
// no folder of another user is written into (root with someone else's HOME).
#pragma once

#include <filesystem>
#include <optional>

#include "cli/history.h"
#include "util/expected.h"

namespace grade::cli::history {

class Store {
 public:
  // `cache_dir`: the grader's cache folder, e.g. ~/.cache/grade.
  explicit Store(std::filesystem::path cache_dir) : cache_dir_(std::move(cache_dir)) {}

  // The entry of `key`, if there is a whole one; never fails.
  std::optional<Entry> load(const Key& key) const;

  // Adds `attempt` to the entry of `key` and returns the entry as it was before (none for a
  // first attempt). Fails when the folder or the file cannot be made or written.
  Expected<std::optional<Entry>> record(const Key& key, Attempt attempt) const;

 private:
  std::filesystem::path cache_dir_;
};

// The file name of a key's entry: 32 hex digits of the SHA-256 of course, folder and exercise.
std::string file_name(const Key& key);

}  // namespace grade::cli::history

// Who is in a batch: the student folders of a class folder, and the deterministic slice of
// them one shard grades.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace grade::batch {

// `--shard K/N`: the K-th of N slices, 1 <= K <= N. A student belongs to the slice chosen by
// a hash of their id, not by their position in a listing, so every machine agrees on it
// without seeing the same folder, and adding a student moves nobody else.
struct Shard {
  int index = 1;
  int count = 1;

  static Expected<Shard> parse(std::string_view text);  // "3/8"
  bool contains(std::string_view student_id) const;
  bool whole() const { return count == 1; }
  std::string text() const;  // "3/8"
};

struct StudentFolder {
  std::string id;
  std::filesystem::path dir;
};

struct RosterOptions {
  Shard shard;
  // RE2 pattern with one capture group, matched against the whole folder name, that takes
  // the student id out of names an LMS export gives folders ("Ada Lovelace_4711_assignsub…").
  // Empty: the folder name is the id.
  std::string id_pattern;
};

// One sub-folder per student; folders whose names start with '.' are skipped, as are names
// the id pattern does not match (listed in `skipped`). Sorted by id; two folders giving the
// same id are an error, since their results would overwrite each other.
struct Roster {
  std::vector<StudentFolder> students;
  std::vector<std::string> skipped;  // folder names that name no student
};

Expected<Roster> read_roster(const std::filesystem::path& class_dir, const RosterOptions& options);

}  // namespace grade::batch

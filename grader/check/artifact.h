// What a build step leaves for the runs of the same grading: the files its command wrote into
// the build folder (a compiled program), carried into every run folder and kept by the build
// cache. Read by the grader, never through a link, with a cap on their size.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/expected.h"

namespace grade::check {

struct Artifact {
  std::string name;  // a plain file name in the run folder: no '/', not "." or ".."
  bool executable = false;
  std::string content;
};

using Artifacts = std::vector<Artifact>;

// More files than any build of a course program leaves; a build that leaves more must name the
// ones the runs need (a language's `artifacts`).
inline constexpr std::size_t kMaxArtifacts = 16;

// What the build left in `dir`: the files `names` lists (each must exist), or, without names,
// every regular file but the submission `source`. Each a regular file of at most `max_bytes`,
// read without following links. A failure is the build's (a missing or refused file), told as
// a sentence for the student.
Expected<Artifacts> collect_artifacts(const std::filesystem::path& dir,
                                      const std::optional<std::vector<std::string>>& names,
                                      const std::string& source, std::size_t max_bytes);

// Writes the artefacts into a fresh run folder (the grader's, before it is handed over).
Expected<void> place_artifacts(const std::filesystem::path& dir, const Artifacts& artifacts);

}  // namespace grade::check

#include "check/artifact.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <sys/stat.h>

#include "util/untrusted_file.h"

namespace grade::check {

namespace fs = std::filesystem;

namespace {

// One file the build left, read as the student's own files are: beneath the folder, no link.
Expected<Artifact> read_artifact(const fs::path& dir, const std::string& name,
                                 std::size_t max_bytes) {
  auto read = read_untrusted(dir / name, max_bytes, dir);
  if (!read) {
    return unexpected(read.error());
  }
  if (!read->refused.empty()) {
    return unexpected(fmt::format("the build's {} {}", name, read->refused));
  }
  struct stat info {};
  const bool executable =
      ::lstat((dir / name).c_str(), &info) == 0 && (info.st_mode & S_IXUSR) != 0;
  return Artifact{name, executable, std::move(read->content)};
}

// Every regular file of the folder but the submission, in name order.
Expected<std::vector<std::string>> files_left(const fs::path& dir, const std::string& source) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name != source && it->symlink_status(ec).type() == fs::file_type::regular) {
      names.push_back(name);
    }
  }
  if (ec) {
    return unexpected(
        fmt::format("cannot list the build folder {}: {}", dir.string(), ec.message()));
  }
  if (names.size() > kMaxArtifacts) {
    return unexpected(fmt::format(
        "the build left {} files, more than the {} a program may have; the course must name "
        "the ones the runs need (artifacts)",
        names.size(), kMaxArtifacts));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

Expected<Artifacts> collect_artifacts(const fs::path& dir,
                                      const std::optional<std::vector<std::string>>& names,
                                      const std::string& source, std::size_t max_bytes) {
  auto wanted = names ? Expected<std::vector<std::string>>(*names) : files_left(dir, source);
  if (!wanted) {
    return unexpected(wanted.error());
  }
  Artifacts artifacts;
  for (const std::string& name : *wanted) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir / name, ec))) {
      return unexpected(fmt::format("the build did not make {}", name));
    }
    auto artifact = read_artifact(dir, name, max_bytes);
    if (!artifact) {
      return unexpected(artifact.error());
    }
    artifacts.push_back(std::move(*artifact));
  }
  return artifacts;
}

Expected<void> place_artifacts(const fs::path& dir, const Artifacts& artifacts) {
  for (const Artifact& artifact : artifacts) {
    const fs::path path = dir / artifact.name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(artifact.content.data(), static_cast<std::streamsize>(artifact.content.size()));
    out.close();
    std::error_code ec;
    fs::permissions(path, artifact.executable ? fs::perms(0755) : fs::perms(0644), ec);
    if (!out || ec) {
      return unexpected(
          fmt::format("cannot copy {} into the run folder {}", artifact.name, dir.string()));
    }
  }
  return {};
}

}  // namespace grade::check

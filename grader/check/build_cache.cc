#include "check/build_cache.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <system_error>
#include <tuple>

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>  // NOLINT: renameat2 is not in <cstdio>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/build_cache_entry.h"
#include "run/tool_identity.h"
#include "util/fd.h"
#include "util/sha256.h"

namespace grade::check {
namespace {

namespace fs = std::filesystem;
using cache_entry::open_folder;
using cache_entry::remove_tree;

constexpr std::string_view kWriting = ".tmp-";   // an entry being written
constexpr std::string_view kRemoving = ".del-";  // an entry taken out, being removed
// A writer's folder younger than this may still be being filled; an older one was left by a
// grading that stopped half-way.
constexpr std::time_t kAbandonedAfter = 3600;

struct Folders {
  Fd builds;   // DIR/builds: where the compile-check cache kept its empty files
  Fd entries;  // DIR/builds/v2
};

struct Stored {
  std::string key;
  timespec used{};
  std::uint64_t bytes = 0;
};

// A name no other grading picks: it is made or renamed to without replacing anything.
std::string fresh_name(std::string_view prefix) {
  std::array<unsigned char, 12> bytes{};
  if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) {
    return {};
  }
  std::string name(prefix);
  for (const unsigned char byte : bytes) {
    name += fmt::format("{:02x}", byte);
  }
  return name;
}

// Links below DIR itself are never followed.
std::optional<Folders> open_folders(const fs::path& dir, bool create) {
  if (create) {
    std::error_code ec;
    fs::create_directories(dir, ec);
  }
  const Fd top(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!top || (create && ::mkdirat(top.get(), "builds", 0755) == -1 && errno != EEXIST)) {
    return std::nullopt;
  }
  Folders folders{open_folder(top.get(), "builds"), {}};
  if (!folders.builds ||
      (create && ::mkdirat(folders.builds.get(), "v2", 0755) == -1 && errno != EEXIST)) {
    return std::nullopt;
  }
  folders.entries = open_folder(folders.builds.get(), "v2");
  if (!folders.entries) {
    return std::nullopt;
  }
  return folders;
}

// Renames without replacing anything (EEXIST when `to` exists); where the file system cannot
// promise that, a plain rename, which never replaces a folder that holds anything.
int rename_new(int entries, const std::string& from, const std::string& to) {
  if (::renameat2(entries, from.c_str(), entries, to.c_str(), RENAME_NOREPLACE) == 0) {
    return 0;
  }
  if (errno != EINVAL) {
    return -1;
  }
  if (::renameat(entries, from.c_str(), entries, to.c_str()) == 0) {
    return 0;
  }
  if (errno == ENOTEMPTY) {
    errno = EEXIST;
  }
  return -1;
}

// Out of readers' reach by a rename first, so that a reader gets the whole entry or a miss;
// then removed.
void take_out(int entries, const std::string& name) {
  const std::string removing = fresh_name(kRemoving);
  if (!removing.empty() && rename_new(entries, name, removing) == 0) {
    remove_tree(entries, removing);
  }
}

bool same_file(int entries, const std::string& name, int fd) {
  struct stat there {};
  struct stat opened {};
  return ::fstatat(entries, name.c_str(), &there, AT_SYMLINK_NOFOLLOW) == 0 &&
         ::fstat(fd, &opened) == 0 && there.st_dev == opened.st_dev &&
         there.st_ino == opened.st_ino;
}

// The entry at `key`, made the most recently used. Anything there that is not a whole entry
// (a broken one, a link, a file) is taken out.
std::optional<Artifacts> read_or_discard(int entries, const std::string& key,
                                         std::uint64_t max_bytes) {
  const Fd entry = open_folder(entries, key);
  if (!entry) {
    if (errno == ELOOP || errno == ENOTDIR) {
      take_out(entries, key);
    }
    return std::nullopt;
  }
  auto artifacts = cache_entry::read(entry.get(), key, max_bytes);
  if (!artifacts) {
    // This very folder only: files vanish under a reader that races an eviction, and by then
    // the key may hold a new, whole entry.
    if (same_file(entries, key, entry.get())) {
      take_out(entries, key);
    }
    return std::nullopt;
  }
  (void)::futimens(entry.get(), nullptr);
  return artifacts;
}

// Renames the written folder to its key. Another grading may have stored the key first: its
// entry is kept when whole (ours is then not needed), replaced when not.
bool put_in_place(int entries, const std::string& writing, const std::string& key,
                  std::uint64_t max_bytes) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (rename_new(entries, writing, key) == 0) {
      return true;
    }
    if (errno != EEXIST || read_or_discard(entries, key, max_bytes)) {
      return false;
    }
  }
  return false;
}

// The compile-check cache kept empty files DIR/builds/<key>; nothing reads them any more.
void remove_old_format(int builds) {
  for (const std::string& name : cache_entry::names_in(builds)) {
    struct stat info {};
    if (cache_entry::valid_key(name) &&
        ::fstatat(builds, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(info.st_mode)) {
      (void)::unlinkat(builds, name.c_str(), 0);
    }
  }
}

// The entries, least recently used first, and their bytes on disk altogether. Leftovers of
// gradings that stopped half-way are removed on the way; younger writers' folders are left
// alone and not counted.
std::vector<Stored> survey(int entries, std::uint64_t& total) {
  std::vector<Stored> stored;
  const std::time_t now = std::time(nullptr);
  for (const std::string& name : cache_entry::names_in(entries)) {
    struct stat info {};
    if (::fstatat(entries, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
      continue;
    }
    if (name.starts_with(kRemoving) ||
        (name.starts_with(kWriting) && now - info.st_mtime > kAbandonedAfter)) {
      remove_tree(entries, name);
    } else if (cache_entry::valid_key(name)) {
      stored.push_back({name, info.st_mtim, cache_entry::disk_usage(entries, name)});
      total += stored.back().bytes;
    }
  }
  std::sort(stored.begin(), stored.end(), [](const Stored& a, const Stored& b) {
    return std::tie(a.used.tv_sec, a.used.tv_nsec, a.key) <
           std::tie(b.used.tv_sec, b.used.tv_nsec, b.key);
  });
  return stored;
}

// Each store ends with this, over every entry in place by then: however many gradings store
// at once, the last one to finish sees all their entries.
void evict(int entries, std::uint64_t max_bytes) {
  std::uint64_t total = 0;
  for (const Stored& entry : survey(entries, total)) {
    if (total <= max_bytes) {
      break;
    }
    take_out(entries, entry.key);
    total -= entry.bytes;
  }
}

std::uint64_t content_bytes(const Artifacts& artifacts) {
  std::uint64_t total = 0;
  for (const Artifact& artifact : artifacts) {
    total += artifact.content.size();
  }
  return total;
}

}  // namespace

std::string BuildCache::key(const std::vector<std::string>& argv,
                            const std::string& submission_sha256, const std::string& tool_identity,
                            const std::vector<std::string>& artifact_names) {
  // Every part labelled and length-prefixed: no two different inputs give the same text.
  std::string material = fmt::format("grade {}\nbuild cache 3\n", GRADE_VERSION);
  const auto add = [&material](std::string_view label, std::string_view value) {
    material += fmt::format("{} {}:{}\n", label, value.size(), value);
  };
  add("submission", submission_sha256);
  for (const std::string& arg : argv) {
    add("arg", arg);
  }
  add("tool", tool_identity);
  for (const std::string& name : artifact_names) {
    add("artifact", name);
  }
  return sha256_hex(material);
}

// The build's messages are kept as the entry's last two files, after its artefacts, so the
// artefact names stay the language's alone.
std::optional<CachedBuild> BuildCache::find_build(const std::string& key) const {
  std::optional<Artifacts> files = find_files(key);
  if (!files || files->size() < 2) {
    return std::nullopt;
  }
  CachedBuild build;
  build.err = std::move(files->back().content);
  files->pop_back();
  build.out = std::move(files->back().content);
  files->pop_back();
  build.artifacts = std::move(*files);
  return build;
}

void BuildCache::store_build(const std::string& key, const CachedBuild& build) const {
  Artifacts files = build.artifacts;
  files.push_back({"stdout", false, build.out});
  files.push_back({"stderr", false, build.err});
  store_files(key, files);
}

std::optional<Artifacts> BuildCache::find(const std::string& key) const {
  auto build = find_build(key);
  return build ? std::optional(std::move(build->artifacts)) : std::nullopt;
}

void BuildCache::store(const std::string& key, const Artifacts& artifacts) const {
  store_build(key, {artifacts, {}, {}});
}

std::optional<Artifacts> BuildCache::find_files(const std::string& key) const {
  if (dir_.empty() || !cache_entry::valid_key(key)) {
    return std::nullopt;
  }
  const auto folders = open_folders(dir_, false);
  if (!folders) {
    return std::nullopt;
  }
  return read_or_discard(folders->entries.get(), key, max_bytes_);
}

void BuildCache::store_files(const std::string& key, const Artifacts& artifacts) const {
  if (dir_.empty() || !cache_entry::valid_key(key) || content_bytes(artifacts) > max_bytes_) {
    return;
  }
  const auto folders = open_folders(dir_, true);
  const std::string writing = fresh_name(kWriting);
  if (!folders || writing.empty()) {
    return;
  }
  const int entries = folders->entries.get();
  if (::mkdirat(entries, writing.c_str(), 0700) == -1) {
    return;
  }
  bool written = false;
  if (const Fd entry = open_folder(entries, writing)) {
    written = cache_entry::write(entry.get(), key, artifacts);
  }
  if (!written || !put_in_place(entries, writing, key, max_bytes_)) {
    remove_tree(entries, writing);
  }
  remove_old_format(folders->builds.get());
  evict(entries, max_bytes_);
}

}  // namespace grade::check

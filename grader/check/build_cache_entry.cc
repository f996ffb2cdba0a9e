#include "check/build_cache_entry.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <memory>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sha256.h"

namespace grade::check::cache_entry {
namespace {

constexpr std::string_view kHeader = "grade build cache 2\n";
const char* const kManifest = "manifest";
constexpr std::uint64_t kMaxManifestBytes = 1 << 20;
constexpr mode_t kFileMode = 0644;
constexpr mode_t kProgramMode = 0755;
constexpr int kMaxDepth = 4;  // an entry is flat; anything deeper was not made by the cache

struct Listed {
  std::string name;
  bool executable = false;
  std::uint64_t size = 0;
  std::string sha256;
};

struct FileRead {
  std::string content;
  mode_t mode = 0;
};

mode_t mode_for(bool executable) { return executable ? kProgramMode : kFileMode; }

// The grader's, and writable by it alone: nothing another user could have written is used.
bool ours(const struct stat& info) {
  return info.st_uid == ::geteuid() && (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

std::string manifest_text(const std::string& key, const Artifacts& artifacts) {
  std::string text = fmt::format("{}key {}\nartifacts {}\n", kHeader, key, artifacts.size());
  for (const Artifact& artifact : artifacts) {
    text += fmt::format("{} {} {} {}\n", artifact.executable ? "x" : "-", artifact.content.size(),
                        sha256_hex(artifact.content), artifact.name);
  }
  return text;
}

// Takes `text` up to the next `separator` off `rest`; nullopt when there is none.
std::optional<std::string_view> take(std::string_view& rest, char separator) {
  const std::size_t end = rest.find(separator);
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view taken = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return taken;
}

// Decimal digits only, without leading zeros: one spelling per number.
std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  return value;
}

// "x|- SIZE SHA256 NAME": the name last, so it may hold spaces.
std::optional<Listed> parse_artifact(std::string_view line) {
  const auto mode = take(line, ' ');
  const auto size_text = take(line, ' ');
  const auto sha = take(line, ' ');
  if (!mode || !size_text || !sha || (*mode != "x" && *mode != "-")) {
    return std::nullopt;
  }
  const auto size = number(*size_text);
  if (!size || !valid_key(*sha) || !valid_artifact_name(line)) {
    return std::nullopt;
  }
  return Listed{std::string(line), *mode == "x", *size, std::string(*sha)};
}

std::optional<std::vector<Listed>> parse_manifest(std::string_view text, const std::string& key,
                                                  std::uint64_t max_bytes) {
  if (!text.starts_with(kHeader)) {
    return std::nullopt;
  }
  text.remove_prefix(kHeader.size());
  const auto key_line = take(text, '\n');
  auto count_line = take(text, '\n');
  if (key_line != "key " + key || !count_line || !count_line->starts_with("artifacts ")) {
    return std::nullopt;
  }
  count_line->remove_prefix(std::string_view("artifacts ").size());
  const auto count = number(*count_line);
  if (!count || *count > text.size()) {  // each artefact takes a line
    return std::nullopt;
  }
  std::vector<Listed> listed;
  std::set<std::string> names;
  std::uint64_t total = 0;
  for (std::uint64_t i = 0; i < *count; ++i) {
    const auto line = take(text, '\n');
    auto artifact = line ? parse_artifact(*line) : std::nullopt;
    if (!artifact || !names.insert(artifact->name).second || artifact->size > max_bytes - total) {
      return std::nullopt;
    }
    total += artifact->size;
    listed.push_back(std::move(*artifact));
  }
  if (!text.empty()) {
    return std::nullopt;
  }
  return listed;
}

// The whole of the regular file `name` in `folder`, if it is ours and not above `max_bytes`.
std::optional<FileRead> read_ours(int folder, const char* name, std::uint64_t max_bytes) {
  // O_NONBLOCK: a FIFO planted in the cache must not hang the grader on open.
  const Fd fd(::openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || !ours(info) ||
      static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    return std::nullopt;
  }
  FileRead file{std::string(static_cast<std::size_t>(info.st_size), '\0'), info.st_mode & 07777};
  if (!read_exactly(fd.get(), file.content)) {
    return std::nullopt;  // shorter than it said: broken
  }
  return file;
}

bool write_file(int folder, const std::string& name, std::string_view content, mode_t mode) {
  const Fd fd(
      ::openat(folder, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  return fd && write_all(fd.get(), content) && ::fchmod(fd.get(), mode) == 0;
}

std::uint64_t on_disk(const struct stat& info) {
  return std::max(static_cast<std::uint64_t>(info.st_blocks) * 512,
                  static_cast<std::uint64_t>(info.st_size));
}

void remove_below(int parent, const std::string& name, int depth) {
  if (::unlinkat(parent, name.c_str(), 0) == 0 || errno != EISDIR || depth > kMaxDepth) {
    return;
  }
  if (const Fd folder = open_folder(parent, name)) {
    for (const std::string& child : names_in(folder.get())) {
      remove_below(folder.get(), child, depth + 1);
    }
  }
  (void)::unlinkat(parent, name.c_str(), AT_REMOVEDIR);
}

}  // namespace

bool valid_key(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool valid_artifact_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\n\0", 3)) == std::string_view::npos;
}

std::optional<Artifacts> read(int entry, const std::string& key, std::uint64_t max_bytes) {
  struct stat info {};
  if (::fstat(entry, &info) != 0 || !S_ISDIR(info.st_mode) || !ours(info)) {
    return std::nullopt;
  }
  const auto manifest = read_ours(entry, kManifest, kMaxManifestBytes);
  if (!manifest || manifest->mode != kFileMode) {
    return std::nullopt;
  }
  const auto listed = parse_manifest(manifest->content, key, max_bytes);
  if (!listed) {
    return std::nullopt;
  }
  Artifacts artifacts;
  artifacts.reserve(listed->size());
  for (std::size_t i = 0; i < listed->size(); ++i) {
    const Listed& item = (*listed)[i];
    auto file = read_ours(entry, std::to_string(i).c_str(), item.size);
    if (!file || file->content.size() != item.size || file->mode != mode_for(item.executable) ||
        sha256_hex(file->content) != item.sha256) {
      return std::nullopt;
    }
    artifacts.push_back(Artifact{item.name, item.executable, std::move(file->content)});
  }
  return artifacts;
}

bool write(int entry, const std::string& key, const Artifacts& artifacts) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < artifacts.size(); ++i) {
    const Artifact& artifact = artifacts[i];
    if (!valid_artifact_name(artifact.name) || !names.insert(artifact.name).second ||
        !write_file(entry, std::to_string(i), artifact.content, mode_for(artifact.executable))) {
      return false;
    }
  }
  return write_file(entry, kManifest, manifest_text(key, artifacts), kFileMode) &&
         ::fchmod(entry, kProgramMode) == 0;
}

Fd open_folder(int parent, const std::string& name) {
  return Fd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

std::vector<std::string> names_in(int folder) {
  // A descriptor of its own: a dup would share (and move) the caller's offset.
  const int copy = ::openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (copy == -1) {
    return {};
  }
  const std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(copy), &::closedir);
  if (!dir) {
    (void)::close(copy);
    return {};
  }
  std::vector<std::string> names;
  // readdir is unsafe only on a DIR that several threads share; this one is ours alone.
  while (const dirent* item = ::readdir(dir.get())) {  // NOLINT(concurrency-mt-unsafe)
    const std::string_view name = item->d_name;
    if (name != "." && name != "..") {
      names.emplace_back(name);
    }
  }
  return names;
}

void remove_tree(int parent, const std::string& name) { remove_below(parent, name, 0); }

std::uint64_t disk_usage(int parent, const std::string& name) {
  const Fd folder = open_folder(parent, name);
  struct stat info {};
  if (!folder || ::fstat(folder.get(), &info) != 0) {
    return 0;
  }
  std::uint64_t total = on_disk(info);
  for (const std::string& child : names_in(folder.get())) {
    if (::fstatat(folder.get(), child.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
      total += on_disk(info);
    }
  }
  return total;
}

}  // namespace grade::check::cache_entry

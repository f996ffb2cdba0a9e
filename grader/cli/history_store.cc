#include "cli/history_store.h"

#include <cerrno>
#include <span>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/build_cache_entry.h"
#include "util/errno_text.h"
#include "util/fd.h"
#include "util/private_file.h"
#include "util/sha256.h"

namespace grade::cli::history {

namespace {

namespace fs = std::filesystem;

// An entry is a few kilobytes; a file much larger is none of ours.
constexpr off_t kMaxBytes = 64 * 1024;
constexpr const char* kLockName = ".lock";

bool is_mine(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && info.st_uid == ::geteuid();
}

// `name` in `parent`, a folder of ours (made 0700 when missing and `create`), never a link.
Fd own_folder(int parent, const char* name, bool create) {
  if (create && ::mkdirat(parent, name, 0700) == -1 && errno != EEXIST) {
    return {};
  }
  Fd folder = check::cache_entry::open_folder(parent, name);
  return folder && is_mine(folder.get()) ? std::move(folder) : Fd();
}

// <cache>/history/v1, or an invalid Fd. The cache folder itself may be reached through a link
// (a home on another disk), as the build cache's is.
Fd open_store(const fs::path& cache_dir, bool create) {
  if (cache_dir.empty()) {
    return {};
  }
  if (create) {
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
  }
  const Fd top(::open(cache_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!top || !is_mine(top.get())) {
    return {};
  }
  const Fd history = own_folder(top.get(), "history", create);
  return history ? own_folder(history.get(), "v1", create) : Fd();
}

std::optional<Entry> read_entry(int folder, const std::string& name, const Key& key) {
  const Fd fd(
      ::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
      info.st_uid != ::geteuid() || info.st_size > kMaxBytes) {
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  if (!read_exactly(fd.get(), std::span<char>(text))) {
    return std::nullopt;
  }
  return from_json(text, key);
}

// Whole or not at all: readers see the old file or the new one. Not flushed to the disk
// (fsync cost up to a millisecond per grading): the history only words what changed since the
// last attempt, and a file a crash left short fails to parse and starts a new history.
bool write_entry(int folder, const std::string& name, const Entry& entry) {
  const std::string temp = name + ".tmp";
  (void)::unlinkat(folder, temp.c_str(), 0);  // left by a grading that stopped half-way
  Fd fd(::openat(folder, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                 kPrivateFileMode));
  if (!fd) {
    return false;
  }
  // Explicitly: the umask could have taken bits away, never added any.
  const bool written =
      ::fchmod(fd.get(), kPrivateFileMode) == 0 && write_all(fd.get(), to_json(entry));
  fd.reset();
  if (written && ::renameat(folder, temp.c_str(), folder, name.c_str()) == 0) {
    return true;
  }
  const int err = errno;
  (void)::unlinkat(folder, temp.c_str(), 0);
  errno = err;
  return false;
}

// Held while an entry is read and written again, so that concurrent gradings take turns.
Fd lock_store(int folder) {
  Fd lock(::openat(folder, kLockName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, kPrivateFileMode));
  while (lock && ::flock(lock.get(), LOCK_EX) == -1) {
    if (errno != EINTR) {
      return {};
    }
  }
  return lock;
}

}  // namespace

std::string file_name(const Key& key) {
  std::string joined = key.course;
  for (const std::string* part : {&key.folder, &key.exercise}) {
    joined += '\0';
    joined += *part;
  }
  return sha256_hex(joined).substr(0, 32) + ".json";
}

std::optional<Entry> Store::load(const Key& key) const {
  const Fd folder = open_store(cache_dir_, false);
  return folder ? read_entry(folder.get(), file_name(key), key) : std::nullopt;
}

Expected<std::optional<Entry>> Store::record(const Key& key, Attempt attempt) const {
  const Fd folder = open_store(cache_dir_, true);
  if (!folder) {
    return unexpected(fmt::format("no folder of ours for the history in {}", cache_dir_.string()));
  }
  const Fd lock = lock_store(folder.get());
  if (!lock) {
    return unexpected(fmt::format("cannot lock the history: {}", errno_text(errno)));
  }
  const std::string name = file_name(key);
  std::optional<Entry> before = read_entry(folder.get(), name, key);
  if (!write_entry(folder.get(), name, advance(before, key, std::move(attempt)))) {
    return unexpected(fmt::format("cannot write the history: {}", errno_text(errno)));
  }
  return before;
}

}  // namespace grade::cli::history

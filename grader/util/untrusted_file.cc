#include "util/untrusted_file.h"

#include <cerrno>

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"

namespace grade {
namespace {

namespace fs = std::filesystem;

int open_beneath(const fs::path& beneath, const fs::path& relative) {
  const int root = ::open(beneath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root == -1) {
    return -1;
  }
  open_how how{};
  how.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, root, relative.c_str(), &how, sizeof how);
  const int error = errno;
  ::close(root);
  errno = error;
  return static_cast<int>(fd);
}

}  // namespace

Expected<UntrustedRead> read_untrusted(const fs::path& path, std::size_t max_bytes,
                                       const fs::path& beneath) {
  int raw = -1;
  if (beneath.empty()) {
    // O_NONBLOCK: a FIFO in the student's folder must not hang the grader on open.
    raw = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  } else {
    const fs::path relative = path.lexically_relative(beneath);
    if (relative.empty() || *relative.begin() == "..") {
      return unexpected(fmt::format("{} is not inside {}", path.string(), beneath.string()));
    }
    raw = open_beneath(beneath, relative);
  }
  if (raw == -1) {
    const int error = errno;
    std::error_code ec;
    if (error == ELOOP || error == EXDEV || fs::is_symlink(path, ec)) {
      // The value, not an error: the caller grades this as the student's mistake.
      return UntrustedRead{{}, "is a symbolic link (or lies behind one)"};
    }
    return unexpected(fmt::format("cannot open {}: {}", path.string(), errno_text(error)));
  }
  const Fd fd(raw);
  struct stat info {};
  if (::fstat(fd.get(), &info) == -1) {
    return unexpected(fmt::format("cannot read {}: {}", path.string(), errno_text(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return UntrustedRead{{}, "is not a regular file"};
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    return UntrustedRead{{}, fmt::format("is larger than {} bytes", max_bytes)};
  }
  UntrustedRead read;
  read.content.resize(static_cast<std::size_t>(info.st_size));
  if (!read_exactly(fd.get(), read.content)) {
    const int error = errno;
    return unexpected(fmt::format("cannot read {}: {}", path.string(),
                                  error == 0 ? "it shrank while being read" : errno_text(error)));
  }
  return read;
}

}  // namespace grade

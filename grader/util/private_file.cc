#include "util/private_file.h"

#include <cerrno>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"

namespace grade {

Expected<std::optional<mode_t>> make_private_file(const std::filesystem::path& path,
                                                  PrivateFileCreate create) {
  // One descriptor for the check and the change, so both concern the same file. O_NONBLOCK:
  // opening a FIFO must not wait for a reader; O_NOCTTY: a terminal stays the operator's.
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
  if (create == PrivateFileCreate::kIfMissing) {
    flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
  }
  const Fd fd(::open(path.c_str(), flags, kPrivateFileMode));
  if (!fd) {
    const int err = errno;
    if (err == ENOENT && create == PrivateFileCreate::kNever) {
      return std::optional<mode_t>();
    }
    return unexpected(fmt::format("cannot open {}: {}", path.string(), errno_text(err)));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return unexpected(fmt::format("cannot stat {}: {}", path.string(), errno_text(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return std::optional<mode_t>();
  }
  const uid_t me = ::geteuid();
  if (info.st_uid != me && me != 0) {
    return unexpected(fmt::format("{} belongs to another user (uid {})", path.string(),
                                  static_cast<unsigned>(info.st_uid)));
  }
  const mode_t mode = info.st_mode & 07777;
  const mode_t private_mode = mode & ~static_cast<mode_t>(S_IRWXG | S_IRWXO);
  if (mode == private_mode) {
    return std::optional<mode_t>();
  }
  if (::fchmod(fd.get(), private_mode) != 0) {
    return unexpected(fmt::format("cannot make {} private (chmod {:04o}): {}", path.string(),
                                  static_cast<unsigned>(private_mode), errno_text(errno)));
  }
  return std::optional<mode_t>(mode);
}

}  // namespace grade

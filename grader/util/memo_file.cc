#include "util/memo_file.h"

#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fd.h"

namespace grade {

std::optional<std::string> read_memo_file(const std::filesystem::path& path,
                                          std::size_t max_bytes) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
      info.st_uid != ::geteuid() || static_cast<std::size_t>(info.st_size) > max_bytes) {
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  if (!read_exactly(fd.get(), std::span<char>(text))) {
    return std::nullopt;
  }
  return text;
}

void write_memo_file(const std::filesystem::path& path, std::string_view text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const std::string temp = fmt::format("{}.{}.tmp", path.string(), ::getpid());
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  const bool written = fd && write_all(fd.get(), text);
  fd.reset();
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
    (void)::unlink(temp.c_str());
  }
}

}  // namespace grade

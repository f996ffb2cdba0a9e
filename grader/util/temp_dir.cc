#include "util/temp_dir.h"

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "util/errno_text.h"

namespace grade {

Expected<TempDir> TempDir::create(std::string_view prefix) {
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) {
    return unexpected(fmt::format("no temporary folder: {}", ec.message()));
  }
  std::string pattern = (base / (std::string(prefix) + "XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    return unexpected(fmt::format("cannot create a temporary folder in {}: {}", base.string(),
                                  errno_text(errno)));
  }
  return TempDir(std::filesystem::path(buffer.data()));
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

TempDir::~TempDir() { remove(); }

void TempDir::remove() noexcept {
  if (!path_.empty()) {
    // Best effort: a leftover folder in /tmp must not turn a grading into an error.
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    path_.clear();
  }
}

}  // namespace grade

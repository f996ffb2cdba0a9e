#include "check/build_cache.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "util/fd.h"
#include "util/sha256.h"

namespace grade::check {

std::string BuildCache::key(const std::vector<std::string>& argv,
                            const std::string& submission_sha256,
                            const std::filesystem::path& tool) {
  std::string material = fmt::format("grade {}\n{}\n", GRADE_VERSION, submission_sha256);
  for (const std::string& arg : argv) {
    material += fmt::format("arg {}:{}\n", arg.size(), arg);
  }
  std::error_code size_error;
  std::error_code time_error;
  const auto size = std::filesystem::file_size(tool, size_error);
  const auto mtime = std::filesystem::last_write_time(tool, time_error).time_since_epoch().count();
  material +=
      fmt::format("tool {} {} {}\n", tool.string(), size_error ? 0 : size, time_error ? 0 : mtime);
  return sha256_hex(material);
}

bool BuildCache::succeeded_before(const std::string& key) const {
  std::error_code ec;
  return !dir_.empty() && std::filesystem::is_regular_file(entry(key), ec);
}

void BuildCache::remember_success(const std::string& key) const {
  if (dir_.empty()) {
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_ / "builds", ec);
  // An empty file is the whole record; creating it is atomic, so parallel graders may race.
  const Fd fd(::open(entry(key).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  (void)fd;
}

}  // namespace grade::check

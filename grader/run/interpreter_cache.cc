#include "run/interpreter_cache.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>

#include <fcntl.h>
#include <stdlib.h>  // NOLINT: mkostemp is not in <cstdlib>
#include <unistd.h>

#include "run/program_path.h"
#include "util/fd.h"
#include "util/sha256.h"

namespace grade::run {
namespace {

// Entry format: the interpreter path on the first line, then the full key. The key is kept
// to rule out hash collisions and to make entries readable when debugging.
constexpr std::string_view kPrefix = "interpreter-";

}  // namespace

std::filesystem::path InterpreterCache::entry_path(const std::string& key) const {
  return dir_ / (std::string(kPrefix) + sha256_hex(key));
}

std::optional<std::filesystem::path> InterpreterCache::lookup(const std::string& key) const {
  if (dir_.empty()) {
    return std::nullopt;
  }
  std::ifstream in(entry_path(key), std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t newline = content.find('\n');
  if (newline == std::string::npos || content.compare(newline + 1, std::string::npos, key) != 0) {
    return std::nullopt;
  }
  std::filesystem::path interpreter = content.substr(0, newline);
  // The interpreter may have been uninstalled or upgraded since; then probe again.
  if (!is_absolute_executable_file(interpreter)) {
    return std::nullopt;
  }
  return interpreter;
}

void InterpreterCache::store(const std::string& key,
                             const std::filesystem::path& interpreter) const {
  const std::string path_text = interpreter.string();
  if (dir_.empty() || path_text.find('\n') != std::string::npos) {
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return;
  }
  std::string temp_name = (dir_ / (std::string(kPrefix) + "XXXXXX")).string();
  const Fd fd(::mkostemp(temp_name.data(), O_CLOEXEC));
  if (!fd) {
    return;
  }
  const bool written = write_all(fd.get(), path_text + "\n" + key);
  if (!written || ::rename(temp_name.c_str(), entry_path(key).c_str()) == -1) {
    (void)::unlink(temp_name.c_str());  // best effort, like the whole cache
  }
}

}  // namespace grade::run

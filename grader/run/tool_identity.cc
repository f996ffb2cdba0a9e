#include "run/tool_identity.h"

#include <chrono>
#include <map>
#include <mutex>
#include <system_error>

#include <fmt/format.h>
#include <sys/stat.h>

#include "run/process_runner.h"
#include "util/text.h"

namespace grade::run {
namespace {

namespace fs = std::filesystem;

// `--version` answers at once; anything slower is a tool that cannot tell.
constexpr std::chrono::milliseconds kVersionTimeout{5'000};
constexpr std::size_t kVersionOutputLimit = 16 * 1024;

// Path, size and both times: an upgrade rewrites the file (mtime) or replaces it (ctime), even
// when a package keeps the old mtime. Empty when the file cannot be examined.
std::string file_state(const fs::path& real) {
  struct stat info {};
  if (::stat(real.c_str(), &info) != 0) {
    return {};
  }
  return fmt::format("{} size {} mtime {}.{:09} ctime {}.{:09}", real.string(), info.st_size,
                     info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ctim.tv_sec,
                     info.st_ctim.tv_nsec);
}

// The first line the tool prints for `--version`, from stdout or else stderr; empty when it
// does not answer successfully.
std::string ask_version(const fs::path& real) {
  Command command;
  command.argv = {real.string(), "--version"};
  command.cwd = "/";
  // Untranslated messages: the answer must not change with the grader's locale.
  command.env = {"PATH=/usr/bin:/bin", "LC_ALL=C"};
  command.wall_limit = kVersionTimeout;
  command.output_limit = kVersionOutputLimit;
  command.stdout_is_terminal = false;
  command.observe = false;  // a trusted system tool, not a submission
  ProcessRunner runner;
  const RunResult result = runner.run(command);
  if (!result.clean_exit()) {
    return {};
  }
  for (const std::string* stream : {&result.out.data, &result.err.data}) {
    for (const std::string_view line : text::split_lines(*stream)) {
      if (!text::trim(line).empty()) {
        return std::string(text::trim(line));
      }
    }
  }
  return {};
}

// One answer per state of a file, for the life of the process.
std::string remembered_version(const std::string& state, const fs::path& real) {
  static std::mutex mutex;
  static std::map<std::string, std::string> versions;
  const std::lock_guard lock(mutex);
  const auto known = versions.find(state);
  if (known != versions.end()) {
    return known->second;
  }
  return versions.emplace(state, ask_version(real)).first->second;
}

}  // namespace

std::string tool_identity(const fs::path& tool) {
  std::error_code ec;
  fs::path real = fs::canonical(tool, ec);
  if (ec) {
    real = tool;
  }
  const std::string state = file_state(real);
  if (state.empty()) {
    return fmt::format("{} (cannot be examined)", tool.string());
  }
  return fmt::format("{}\nversion {}", state, remembered_version(state, real));
}

}  // namespace grade::run

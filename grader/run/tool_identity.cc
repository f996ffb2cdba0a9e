#include "run/tool_identity.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>

#include <fmt/format.h>
#include <sys/stat.h>

#include "run/process_runner.h"
#include "util/memo_file.h"
#include "util/sha256.h"
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
  return fmt::format("{} dev {} inode {} size {} mtime {}.{:09} ctime {}.{:09}", real.string(),
                     info.st_dev, info.st_ino, info.st_size, info.st_mtim.tv_sec,
                     info.st_mtim.tv_nsec, info.st_ctim.tv_sec, info.st_ctim.tv_nsec);
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

// The answer kept on disk for `state`, in <memo_dir>/tools/<SHA-256 of the state>: the
// state's text, a newline, the version. Empty when there is none (or not the grader's own).
std::optional<std::string> read_memo(const fs::path& memo_dir, const std::string& state) {
  auto text = read_memo_file(memo_dir / "tools" / sha256_hex(state), kVersionOutputLimit);
  if (!text || !text->starts_with(state + "\n")) {
    return std::nullopt;
  }
  return text->substr(state.size() + 1);
}

void write_memo(const fs::path& memo_dir, const std::string& state, const std::string& version) {
  write_memo_file(memo_dir / "tools" / sha256_hex(state), state + "\n" + version);
}

// One answer per state of a file: for the life of the process, and in `memo_dir` (if any)
// for later graders, since starting an interpreter costs milliseconds per grading.
std::string remembered_version(const std::string& state, const fs::path& real,
                               const fs::path& memo_dir) {
  static std::mutex mutex;
  static std::map<std::string, std::string> versions;
  const std::lock_guard lock(mutex);
  const auto known = versions.find(state);
  if (known != versions.end()) {
    return known->second;
  }
  if (!memo_dir.empty()) {
    if (auto kept = read_memo(memo_dir, state)) {
      return versions.emplace(state, std::move(*kept)).first->second;
    }
  }
  std::string version = ask_version(real);
  if (!memo_dir.empty() && !version.empty()) {
    write_memo(memo_dir, state, version);
  }
  return versions.emplace(state, std::move(version)).first->second;
}

}  // namespace

std::string tool_identity(const fs::path& tool, const fs::path& memo_dir) {
  std::error_code ec;
  fs::path real = fs::canonical(tool, ec);
  if (ec) {
    real = tool;
  }
  const std::string state = file_state(real);
  if (state.empty()) {
    return fmt::format("{} (cannot be examined)", tool.string());
  }
  return fmt::format("{}\nversion {}", state, remembered_version(state, real, memo_dir));
}

}  // namespace grade::run

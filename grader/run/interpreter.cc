#include "run/interpreter.h"

#include <array>
#include <fstream>
#include <system_error>

#include <unistd.h>

#include "run/environment.h"
#include "run/interpreter_cache.h"
#include "run/process_runner.h"
#include "run/program_path.h"
#include "util/text.h"

namespace grade::run {
namespace {

namespace fs = std::filesystem;

enum class FileKind { kElf, kScript, kOther };

Expected<FileKind> file_kind(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in || ::access(file.c_str(), X_OK) != 0) {
    return unexpected(file.string() + " is not an executable file");
  }
  std::array<char, 4> magic{};
  in.read(magic.data(), magic.size());
  const std::streamsize got = in.gcount();
  if (got >= 2 && magic[0] == '#' && magic[1] == '!') {
    return FileKind::kScript;
  }
  if (got == 4 && magic == std::array<char, 4>{'\x7f', 'E', 'L', 'F'}) {
    return FileKind::kElf;
  }
  return FileKind::kOther;
}

std::string mtime_text(const fs::path& file) {
  std::error_code ec;
  const auto time = fs::last_write_time(file, ec);
  return ec ? "none" : std::to_string(time.time_since_epoch().count());
}

// Everything the shim's answer depends on, as far as we can tell without running it.
std::string cache_key(const fs::path& script, const fs::path& probe_dir,
                      const InterpreterOptions& options) {
  std::string key = "script " + script.string() + " " + mtime_text(script) + "\n";
  key += "dir " + probe_dir.string() + "\n";
  for (const std::string_view name :
       {"PYENV_VERSION", "PYENV_ROOT", "VIRTUAL_ENV", "CONDA_PREFIX"}) {
    const auto value = find_variable(options.probe_env, name);
    key += std::string(name) + (value ? "=" + std::string(*value) : " unset") + "\n";
  }
  for (const std::string& arg : options.probe_args) {
    key += "arg " + arg + "\n";
  }
  // pyenv picks the version from the nearest .python-version upwards, else from the global
  // "version" file of its root; `pyenv local/global` changes them without touching the shim.
  for (fs::path dir = probe_dir;; dir = dir.parent_path()) {
    const fs::path local = dir / ".python-version";
    key += "local " + local.string() + " " + mtime_text(local) + "\n";
    if (dir == dir.parent_path()) {
      break;
    }
  }
  fs::path global = script.parent_path().parent_path() / "version";
  if (const auto root = find_variable(options.probe_env, "PYENV_ROOT")) {
    global = fs::path(*root) / "version";
  }
  key += "global " + global.string() + " " + mtime_text(global) + "\n";
  return key;
}

// Runs the script and returns what it prints: the interpreter it ends up exec'ing.
Expected<fs::path> probe(const fs::path& script, const fs::path& probe_dir,
                         const InterpreterOptions& options) {
  Command command;
  command.argv.push_back(script.string());
  command.argv.insert(command.argv.end(), options.probe_args.begin(), options.probe_args.end());
  command.cwd = probe_dir;
  command.env = options.probe_env;
  command.wall_limit = options.probe_timeout;
  command.output_limit = 64 * 1024UL;
  command.stdout_is_terminal = false;
  ProcessRunner runner;
  const RunResult result = runner.run(command);
  const std::string what = "asking " + script.string() + " for its interpreter";
  if (!result.clean_exit()) {
    const auto err_lines = text::split_lines(result.err.data);
    std::string message = what + " failed: it " + describe_end(result);
    if (!err_lines.empty()) {
      message += ": " + std::string(err_lines.back());
    }
    return unexpected(message);
  }
  fs::path answer(std::string(text::trim(result.out.data)));
  if (!is_absolute_executable_file(answer)) {
    return unexpected(what + " gave \"" + answer.string() + "\", not an executable file");
  }
  return answer;
}

}  // namespace

InterpreterOptions default_interpreter_options(char** env, const fs::path& cwd) {
  InterpreterOptions options;
  options.search_path = std::string(find_variable(env, "PATH").value_or(""));
  options.probe_env = copy_environment(env);
  options.probe_dir = cwd;
  const auto xdg = find_variable(env, "XDG_CACHE_HOME");
  const auto home = find_variable(env, "HOME");
  if (xdg && !xdg->empty() && xdg->front() == '/') {
    options.cache_dir = fs::path(*xdg) / "grade";
  } else if (home && !home->empty()) {
    options.cache_dir = fs::path(*home) / ".cache" / "grade";
  }
  return options;
}

Expected<fs::path> resolve_interpreter(std::string_view command,
                                       const InterpreterOptions& options) {
  const fs::path& probe_dir = options.probe_dir;
  if (!probe_dir.is_absolute()) {
    // A relative one would silently mean wherever the grader runs, and make cache keys lie.
    return unexpected("no absolute directory to look for the interpreter from (got \"" +
                      probe_dir.string() + "\")");
  }
  const auto resolved = resolve_program(command, options.search_path, probe_dir);
  if (!resolved) {
    return unexpected(resolved.error());
  }
  const fs::path& found = *resolved;
  const auto kind = file_kind(found);
  if (!kind) {
    return unexpected(kind.error());
  }
  switch (*kind) {
    case FileKind::kElf:
      return found.lexically_normal();
    case FileKind::kOther:
      return unexpected(found.string() + " is neither a program nor a \"#!\" script");
    case FileKind::kScript:
      break;
  }
  const InterpreterCache cache(options.use_cache ? options.cache_dir : fs::path());
  const std::string key = cache_key(found, probe_dir, options);
  if (auto cached = cache.lookup(key)) {
    return *cached;
  }
  auto answer = probe(found, probe_dir, options);
  if (answer) {
    cache.store(key, *answer);
  }
  return answer;
}

}  // namespace grade::run

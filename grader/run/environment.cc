#include "run/environment.h"

#include <array>

namespace grade::run {
namespace {

// Used when the grader itself has no PATH: the directories where Debian-like systems keep
// interpreters and compilers.
constexpr std::string_view kFallbackPath = "/usr/local/bin:/usr/bin:/bin";

// Taken over from the grader's environment when set:
//  PATH    - how the student's program finds helpers it runs (and how argv[0] is found);
//  LANG,
//  LC_ALL  - the student's locale, so text and number formatting look as they do by hand;
//  TZ      - local time as the student sees it.
// Deliberately NOT taken over: PYTHONUNBUFFERED (unbuffered stdout writes a print() in pieces,
// so lines of several processes tear), PYTHONPATH / PYTHONHOME / PYTHONSTARTUP / PYTHONSAFEPATH
// and friends (they change what the interpreter loads), PYENV_* / VIRTUAL_ENV (the interpreter
// is already resolved to a real binary), HOME (see below) and everything else.
constexpr std::array kCopied = {std::string_view("PATH"), std::string_view("LANG"),
                                std::string_view("LC_ALL"), std::string_view("TZ")};

std::string entry(std::string_view key, std::string_view value) {
  std::string result(key);
  result += '=';
  result += value;
  return result;
}

std::optional<std::string_view> value_of(std::string_view entry_text, std::string_view key) {
  if (entry_text.size() > key.size() && entry_text.substr(0, key.size()) == key &&
      entry_text[key.size()] == '=') {
    return entry_text.substr(key.size() + 1);
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> submission_environment(
    const std::filesystem::path& work_dir, char** parent_env,
    const std::optional<std::filesystem::path>& python_site) {
  std::vector<std::string> env;
  for (const std::string_view key : kCopied) {
    if (const auto value = find_variable(parent_env, key)) {
      env.push_back(entry(key, *value));
    } else if (key == "PATH") {
      env.push_back(entry(key, kFallbackPath));
    } else if (key == "LANG" && !find_variable(parent_env, "LC_ALL")) {
      // A UTF-8 locale that exists everywhere, so non-ASCII output is never mangled.
      env.push_back(entry(key, "C.UTF-8"));
    }
  }
  // HOME is the run's own directory: programs that write dotfiles or caches do so there and
  // not into the real home, and Python does not pick up the user's ~/.local site-packages.
  env.push_back(entry("HOME", work_dir.string()));
  // Temporary files too (tempfile, multiprocessing's sockets): the run user may not reach the
  // grader's TMPDIR, and whatever is left there goes away with the run folder.
  env.push_back(entry("TMPDIR", work_dir.string()));
  // Stdout may be a pseudo-terminal: a dumb terminal gets no colours or cursor movement, so
  // no escape sequences end up in output that is compared with the expected text.
  env.push_back(entry("TERM", "dumb"));
  // No __pycache__ directories are written into the submission's folder.
  env.push_back(entry("PYTHONDONTWRITEBYTECODE", "1"));
  // print() encodes UTF-8 whatever the locale, so "é" is the same bytes on every machine.
  env.push_back(entry("PYTHONIOENCODING", "utf-8"));
  // Each printed line leaves the process in one write by the thread that printed it.
  if (python_site) {
    env.push_back(entry("PYTHONPATH", python_site->string()));
  }
  return env;
}

std::optional<std::string_view> find_variable(std::span<const std::string> env,
                                              std::string_view key) {
  for (const std::string& e : env) {
    if (const auto value = value_of(e, key)) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> find_variable(char** env, std::string_view key) {
  for (char** e = env; e != nullptr && *e != nullptr; ++e) {
    if (const auto value = value_of(*e, key)) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> copy_environment(char** env) {
  std::vector<std::string> result;
  for (char** e = env; e != nullptr && *e != nullptr; ++e) {
    result.emplace_back(*e);
  }
  return result;
}

}  // namespace grade::run

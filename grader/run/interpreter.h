// Resolving an interpreter command such as "python3" once, to the real binary, so every run of
// a grading starts it directly: no pyenv shim forking helpers inside the measured run, and
// the same interpreter for every run even if the environment changes in between.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace grade::run {

struct InterpreterOptions {
  std::string search_path;  // the PATH value the command is looked up on
  // Where probe answers are kept; empty: no cache.
  std::filesystem::path cache_dir;
  bool use_cache = true;
  // A script found on PATH (a shim) is run with these arguments and prints the real binary.
  std::vector<std::string> probe_args{"-c", "import sys; print(sys.executable)"};
  // Environment and directory of the probe. A shim chooses the interpreter from them
  // (PYENV_VERSION, .python-version, VIRTUAL_ENV, ...), so they are part of the cache key.
  std::vector<std::string> probe_env;
  // Absolute; also what a relative command ("venv/bin/python") is taken against. Required:
  // only the CLI knows the current folder.
  std::filesystem::path probe_dir;
  std::chrono::milliseconds probe_timeout{10'000};
};

// Options from an environ-style array: its PATH, the whole of it for the probe, `cwd` (the
// current folder) as the probe directory, and a cache in $XDG_CACHE_HOME/grade, else
// $HOME/.cache/grade (none without HOME).
InterpreterOptions default_interpreter_options(char** env, const std::filesystem::path& cwd);

// `command` is a name looked up on options.search_path, or a path. An ELF binary found there
// is the answer (its absolute path; symlinks are kept, since a virtualenv's python finds its
// environment through the link's location). A "#!" script is probed, and the answer cached
// under: the script's path and mtime, the probe directory, PYENV_VERSION, PYENV_ROOT,
// VIRTUAL_ENV, CONDA_PREFIX and the pyenv version files that choose the interpreter. A cache
// hit is used only while the cached interpreter still is an executable file.
Expected<std::filesystem::path> resolve_interpreter(std::string_view command,
                                                    const InterpreterOptions& options);

}  // namespace grade::run

#include "run/python_stdio.h"

#include <cerrno>
#include <chrono>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/process_runner.h"
#include "run/tool_identity.h"
#include "util/fd.h"
#include "util/memo_file.h"
#include "util/sha256.h"
#include "util/temp_dir.h"
#include "util/text.h"

namespace grade::run {
namespace {

// Keeps what the stream had (encoding, errors, line buffering on a terminal); changes only
// what lies below the text layer. Anything unexpected leaves the stream as Python made it.
constexpr std::string_view kSitecustomize =
    R"(# Made by grade for the programs it runs: each line printed leaves the process in one
# write() by the thread that printed it, so that grade can tell which thread printed it.
# The output reads exactly as on a terminal.
import io as _io
import sys as _sys


def _grade_line_by_line(name, fd):
    stream = getattr(_sys, name, None)
    if type(stream) is not _io.TextIOWrapper or getattr(stream, "fileno", None) is None:
        return
    try:
        if stream.fileno() != fd:
            return
        stream.flush()
        replacement = _io.TextIOWrapper(
            _io.FileIO(fd, "w", closefd=False),
            encoding=stream.encoding,
            errors=stream.errors,
            newline="\n",
            line_buffering=stream.line_buffering,
            write_through=False,
        )
    except Exception:
        return
    setattr(_sys, name, replacement)
    setattr(_sys, "__" + name + "__", replacement)


_grade_line_by_line("stdout", 1)
_grade_line_by_line("stderr", 2)
del _grade_line_by_line, _io, _sys
)";

// Compiles sitecustomize.py in the current folder and prints where the .pyc went.
constexpr std::string_view kCompile =
    "import py_compile, sys\n"
    "sys.stdout.write(py_compile.compile('sitecustomize.py', doraise=True,\n"
    "    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH))\n";
constexpr std::chrono::milliseconds kCompileTimeout{10'000};
constexpr std::size_t kMaxCompiled = 64 * 1024;

// A compiled module: its file name in __pycache__ (the interpreter's cache tag is in it) and
// its bytes. Kept on disk as the name, a newline, the bytes.
struct Compiled {
  std::string name;
  std::string bytes;
};

bool plain_pyc_name(std::string_view name) {
  return name.starts_with("sitecustomize.") && name.ends_with(".pyc") &&
         name.find('/') == std::string_view::npos && name.size() < 128;
}

bool write_module(const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary);
  out << kSitecustomize;
  out.close();
  std::error_code ec;
  using std::filesystem::perms;
  std::filesystem::permissions(
      file, perms::owner_read | perms::owner_write | perms::group_read | perms::others_read, ec);
  return out && !ec;
}

std::optional<Compiled> compile_module(const std::filesystem::path& interpreter) {
  auto dir = TempDir::create("grade-pyc-");
  if (!dir || !write_module(dir->path() / "sitecustomize.py")) {
    return std::nullopt;
  }
  Command command;
  command.argv = {interpreter.string(), "-I", "-S", "-c", std::string(kCompile)};
  command.cwd = dir->path();
  command.env = {"PATH=/usr/bin:/bin", "LC_ALL=C"};
  command.wall_limit = kCompileTimeout;
  command.output_limit = 4096;
  command.stdout_is_terminal = false;
  command.observe = false;  // the trusted interpreter on grade's own module
  const RunResult result = ProcessRunner().run(command);
  const std::string written(text::trim(result.out.data));
  const std::string_view prefix = "__pycache__/";
  if (!result.clean_exit() || !written.starts_with(prefix) ||
      !plain_pyc_name(std::string_view(written).substr(prefix.size()))) {
    return std::nullopt;
  }
  auto bytes = read_memo_file(dir->path() / written, kMaxCompiled);
  if (!bytes) {
    return std::nullopt;
  }
  return Compiled{written.substr(prefix.size()), std::move(*bytes)};
}

// From <memo_dir>/python-site/<key>, else compiled now and kept there.
std::optional<Compiled> compiled_module(const std::filesystem::path& interpreter,
                                        const std::filesystem::path& memo_dir) {
  const std::filesystem::path memo =
      memo_dir / "python-site" /
      sha256_hex(tool_identity(interpreter, memo_dir) + "\n" + std::string(kSitecustomize));
  if (auto kept = read_memo_file(memo, kMaxCompiled + 256)) {
    if (*kept == "\n") {
      return std::nullopt;  // not a Python that compiles it: not asked again
    }
    const std::size_t newline = kept->find('\n');
    if (newline != std::string::npos &&
        plain_pyc_name(std::string_view(*kept).substr(0, newline))) {
      return Compiled{kept->substr(0, newline), kept->substr(newline + 1)};
    }
  }
  auto made = compile_module(interpreter);
  write_memo_file(memo, made ? made->name + "\n" + made->bytes : std::string("\n"));
  return made;
}

// Into <folder>/__pycache__/, readable by every run user, whole or not at all.
void install_compiled(const std::filesystem::path& folder, const Compiled& compiled) {
  const std::filesystem::path cache = folder / "__pycache__";
  if (::mkdir(cache.c_str(), 0755) == -1 && errno != EEXIST) {
    return;
  }
  (void)::chmod(cache.c_str(), 0755);  // whatever the umask took away
  const std::filesystem::path target = cache / compiled.name;
  const std::string temp = target.string() + ".tmp";
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  const bool written = fd && ::fchmod(fd.get(), 0644) == 0 && write_all(fd.get(), compiled.bytes);
  fd.reset();
  if (!written || ::rename(temp.c_str(), target.c_str()) != 0) {
    (void)::unlink(temp.c_str());
  }
}

Expected<TempDir> make_folder() {
  auto dir = TempDir::create("grade-python-");
  if (!dir) {
    return unexpected(dir.error());
  }
  const std::filesystem::path file = dir->path() / "sitecustomize.py";
  if (!write_module(file)) {
    return unexpected("cannot write " + file.string());
  }
  std::error_code ec;
  using std::filesystem::perms;
  // Run users (other uids) must read it; nobody but the grader may change it.
  std::filesystem::permissions(dir->path(),
                               perms::owner_all | perms::group_read | perms::group_exec |
                                   perms::others_read | perms::others_exec,
                               ec);
  if (ec) {
    return unexpected("cannot open " + dir->path().string() + " to other users: " + ec.message());
  }
  return dir;
}

}  // namespace

std::string_view python_sitecustomize() { return kSitecustomize; }

Expected<std::filesystem::path> python_site_folder() {
  // A static's initializer runs once, whichever thread comes first; its destructor at exit.
  static const Expected<TempDir> folder = make_folder();
  if (!folder) {
    return unexpected(folder.error());
  }
  return folder->path();
}

void add_compiled_sitecustomize(const std::filesystem::path& interpreter,
                                const std::filesystem::path& memo_dir) {
  const auto folder = python_site_folder();
  if (!folder || interpreter.empty() || memo_dir.empty()) {
    return;
  }
  // Once per interpreter and process: batch plans ask for every exercise.
  static std::mutex mutex;
  static std::set<std::filesystem::path> done;
  const std::lock_guard lock(mutex);
  if (!done.insert(interpreter).second) {
    return;
  }
  if (const auto compiled = compiled_module(interpreter, memo_dir)) {
    install_compiled(*folder, *compiled);
  }
}

}  // namespace grade::run

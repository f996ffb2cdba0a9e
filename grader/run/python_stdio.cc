#include "run/python_stdio.h"

#include <fstream>
#include <optional>
#include <string>

#include "util/temp_dir.h"

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

Expected<TempDir> make_folder() {
  auto dir = TempDir::create("grade-python-");
  if (!dir) {
    return unexpected(dir.error());
  }
  const std::filesystem::path file = dir->path() / "sitecustomize.py";
  std::ofstream out(file, std::ios::binary);
  out << kSitecustomize;
  out.close();
  std::error_code ec;
  using std::filesystem::perms;
  std::filesystem::permissions(
      file, perms::owner_read | perms::owner_write | perms::group_read | perms::others_read, ec);
  if (!out || ec) {
    return unexpected("cannot write " + file.string());
  }
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

}  // namespace grade::run

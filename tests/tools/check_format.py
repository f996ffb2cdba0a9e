#!/usr/bin/env python3
"""Every C++ source of the repository is formatted as .clang-format says.

Runs clang-format (the one given, else clang-format-14, else clang-format) with --dry-run
--Werror over the tracked *.h, *.cc and *.cpp files, in batches, and exits 1 listing the files
that differ. Exits 77 (CTest: skipped) when no clang-format is installed or the source is not
a git checkout.

Usage: check_format.py SOURCE_DIR [CLANG_FORMAT]
"""
import shutil
import subprocess
import sys

SKIP = 77


def main():
    source = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else None
    tool = tool or shutil.which("clang-format-14") or shutil.which("clang-format")
    if not tool:
        print("skipped: no clang-format installed")
        return SKIP
    listed = subprocess.run(["git", "-C", source, "ls-files", "-z", "*.h", "*.cc", "*.cpp"],
                            capture_output=True, check=False)
    if listed.returncode != 0:
        print("skipped: not a git checkout:", listed.stderr.decode(errors="replace").strip())
        return SKIP
    files = [f for f in listed.stdout.decode().split("\0") if f]
    bad = []
    for start in range(0, len(files), 50):
        batch = files[start:start + 50]
        run = subprocess.run([tool, "--dry-run", "--Werror", *batch], cwd=source,
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            bad.extend(sorted({line.split(":", 1)[0] for line in run.stderr.splitlines()
                               if ": error:" in line}))
    if bad:
        print(f"{len(bad)} of {len(files)} files are not formatted (run {tool} -i on them):")
        for name in bad:
            print("  " + name)
        return 1
    print(f"{len(files)} files formatted as .clang-format says")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""End-to-end test of `cmake --install`: an installed grade finds its installed course.

Installs the build tree into a fresh prefix, then, from an empty folder and with no
GRADE_COURSE, checks that `grade list` reads <prefix>/share/grade/course.yaml and that the
installed reference solution of ex1 passes when graded by the installed binary.
"""
import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from harness import base_env, run

TIMEOUT = 120  # seconds for one command


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True, type=Path)
    parser.add_argument("--cmake", default="cmake")
    args = parser.parse_args()

    prefix = Path(tempfile.mkdtemp(prefix="grade-install-"))
    failures = []
    try:
        installed = run([args.cmake, "--install", args.build_dir, "--prefix", prefix],
                        timeout=TIMEOUT)
        if installed.returncode != 0:
            print(installed.stdout, installed.stderr)
            return 1
        grade = prefix / "bin" / "grade"
        course = prefix / "share" / "grade" / "course.yaml"
        for path in (grade, course, prefix / "share" / "grade" / "exercises" / "ex1.yaml",
                     prefix / "share" / "grade" / "schema" / "result.schema.json"):
            if not path.exists():
                failures.append(f"not installed: {path}")

        env = base_env(XDG_CACHE_HOME=str(prefix / "cache"))  # and no GRADE_COURSE
        empty = prefix / "empty"
        empty.mkdir()
        listed = run([grade, "list"], cwd=empty, env=env, timeout=TIMEOUT)
        if listed.returncode != 0 or f"from {course}" not in listed.stdout:
            failures.append(f"`grade list` did not use {course}:\n{listed.stdout}{listed.stderr}")

        solution = prefix / "share" / "grade" / "solutions" / "python" / "ex1.py"
        graded = run([grade, "ex1", solution, "--repeat", "1"], cwd=empty, env=env,
                     timeout=TIMEOUT)
        if graded.returncode != 0 or "passed" not in graded.stdout:
            failures.append(f"installed solution did not pass (exit {graded.returncode}):\n"
                            f"{graded.stdout}{graded.stderr}")
    finally:
        shutil.rmtree(prefix, ignore_errors=True)

    for failure in failures:
        print("FAIL:", failure)
    checks = 3  # files installed; `grade list` uses them; the installed solution passes
    print(f"{checks - min(checks, len(failures))} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""End-to-end test of the Debian package: the .deb that `cpack -G DEB` makes of this build tree.

Packs the build tree the test runs in (its CPackConfig.cmake) into a scratch folder, reads the
control file, unpacks the package with `dpkg -x` into a scratch root and, from an empty folder
and with no GRADE_COURSE, grades every installed reference solution with the installed binary,
which must find the installed course (<root>/usr/share/grade) next to itself.

Exits 77 (CTest's SKIP_RETURN_CODE) when dpkg-deb or dpkg-shlibdeps is missing.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

INSTALLED = [
    "usr/bin/grade",
    "usr/share/grade/course.yaml",
    "usr/share/grade/exercises/ex1.yaml",
    "usr/share/grade/templates/python/ex1.py",
    "usr/share/grade/schema/result.schema.json",
    "usr/share/doc/grade/README.md",
    "usr/share/doc/grade/copyright",
    "usr/share/doc/grade/docs/limits.md",
]


def run(argv, **kwargs):
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, **kwargs)


def needed_packages(binary: Path) -> dict:
    """The Debian packages that own each shared library the binary loads: {soname: {names}}."""
    owners = {}
    for line in run(["ldd", binary]).stdout.splitlines():
        match = re.match(r"\s*(\S+) => (/\S+)", line)
        if not match:
            continue
        path = match.group(2)
        # dpkg knows a library by the path its package ships it at: /lib or /usr/lib.
        candidates = {path, os.path.realpath(path), path.removeprefix("/usr"), "/usr" + path}
        found = run(["dpkg-query", "-S", *sorted(candidates)])
        owners[match.group(1)] = {package.split(":")[0]
                                  for line in found.stdout.splitlines() if ": " in line
                                  for package in line.split(": ", 1)[0].split(", ")}
    return owners


def depends_names(depends: str) -> set:
    """Package names in a Depends field: 'libc6 (>= 2.36), a | b' -> {libc6, a, b}."""
    return {re.split(r"[\s(:]", alt.strip())[0]
            for item in depends.split(",") for alt in item.split("|") if alt.strip()}


def check_control(deb: Path, binary: Path, failures: list) -> None:
    depends = run(["dpkg-deb", "--field", deb, "Depends"]).stdout.strip()
    names = depends_names(depends)
    if "python3" not in names:
        failures.append(f"Depends lacks python3 (the course's interpreter): {depends!r}")
    for soname, packages in needed_packages(binary).items():
        if packages and not packages & names:
            failures.append(f"grade loads {soname} from {sorted(packages)}, "
                            f"which Depends does not name: {depends!r}")
    package = run(["dpkg-deb", "--field", deb, "Package"]).stdout.strip()
    if package != "grade":
        failures.append(f"the package is called {package!r}, not grade")


def check_grading(root: Path, scratch: Path, failures: list) -> None:
    grade = root / "usr" / "bin" / "grade"
    share = root / "usr" / "share" / "grade"
    env = {k: v for k, v in os.environ.items() if k != "GRADE_COURSE"}
    env["XDG_CACHE_HOME"] = str(scratch / "cache")
    empty = scratch / "empty"
    empty.mkdir()
    listed = run([grade, "list"], cwd=empty, env=env)
    if listed.returncode != 0 or f"from {share / 'course.yaml'}" not in listed.stdout:
        failures.append(f"`grade list` did not use the packaged course:\n"
                        f"{listed.stdout}{listed.stderr}")
    solutions = sorted((share / "solutions" / "python").glob("*.py"))
    if not solutions:
        failures.append("the package holds no reference solution")
    for solution in solutions:
        graded = run([grade, solution.stem, solution, "--repeat", "1"], cwd=empty, env=env)
        if graded.returncode != 0 or "passed" not in graded.stdout:
            failures.append(f"packaged solution {solution.name} did not pass "
                            f"(exit {graded.returncode}):\n{graded.stdout}{graded.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True, type=Path)
    parser.add_argument("--cpack", default="cpack")
    args = parser.parse_args()

    for tool in ("dpkg-deb", "dpkg-shlibdeps", "dpkg-query"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is missing (Debian's dpkg and dpkg-dev make the .deb)")
            return 77

    scratch = Path(tempfile.mkdtemp(prefix="grade-deb-"))
    failures = []
    try:
        packed = run([args.cpack, "-G", "DEB", "--config", args.build_dir / "CPackConfig.cmake",
                      "-B", scratch / "out"])
        debs = sorted((scratch / "out").glob("grade_*.deb"))
        if packed.returncode != 0 or len(debs) != 1:
            print(packed.stdout, packed.stderr)
            print(f"FAIL: cpack made {[d.name for d in debs]}, not one grade_*.deb")
            return 1
        root = scratch / "root"
        unpacked = run(["dpkg", "-x", debs[0], root])
        if unpacked.returncode != 0:
            print(f"FAIL: dpkg -x: {unpacked.stderr}")
            return 1
        missing = [path for path in INSTALLED if not (root / path).is_file()]
        failures += [f"not in the package: /{path}" for path in missing]
        check_control(debs[0], root / "usr" / "bin" / "grade", failures)
        check_grading(root, scratch, failures)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(failures)} failed" if failures else
          "passed: files packaged, Depends complete, packaged solutions pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

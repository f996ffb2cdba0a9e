#!/usr/bin/env python3
"""Measures what a run's private view of the files costs, and what bubblewrap would.

For each exercise, in one process and interleaved (so machine noise hits both sides alike), it
times
  grade EXERCISE solutions/python/EXERCISE.py --repeat 1
against the same command with --no-private-view, and prints the median wall times, their
difference per run (goal: at most 3 ms) and their ratio. The reports are checked first: the
view must be in place on one side and off on the other, or there is nothing to compare.

With --bwrap it also times, the same way, a bare `true` started directly against the same
program started by bubblewrap (Debian's `bubblewrap`) building a comparable view: the system
folders read-only, a fresh /dev, /proc, a tmpfs /tmp, new IPC and network namespaces. That is
the cost bubblewrap would add to every run before the grader's own work.

Usage: bench/isolation.py --grade build/release/grader/grade [--rounds 30] [--bwrap]
                          [ex1 ex2 ex3]
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

from grading import ROOT, report_of, timed


def view_in_place(base, cwd):
    """Grades once with a JSON report: whether the private view was in place."""
    document = report_of(base, cwd)
    if document is None:
        return None
    for protection in document.get("protections") or []:
        if protection.get("name") == "private_view":
            return protection.get("in_place")
    return None


def interleaved(first, second, rounds, cwd):
    """Median wall seconds of `first` and `second`, run alternately `rounds` times each."""
    for argv in (first, second):  # warm caches on both sides
        _, code, err = timed(argv, cwd)
        if code != 0:
            sys.exit(f"{' '.join(argv)} exited with {code}: {err.decode(errors='replace')}")
    times = ([], [])
    for i in range(rounds):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for side in order:
            elapsed, code, err = timed((first, second)[side], cwd)
            if code != 0:
                sys.exit(f"exited with {code}: {err.decode(errors='replace')}")
            times[side].append(elapsed)
    return statistics.median(times[0]), statistics.median(times[1])


def bwrap_argv():
    argv = ["bwrap", "--unshare-ipc", "--unshare-net", "--die-with-parent", "--new-session"]
    for folder in ("/usr", "/etc", "/sys"):
        argv += ["--ro-bind", folder, folder]
    for folder in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(folder):
            argv += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            argv += ["--ro-bind", folder, folder]
    return argv + ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--chdir", "/tmp",
                   "/usr/bin/true"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True, help="path of the grade binary")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--bwrap", action="store_true",
                        help="also time bubblewrap building a comparable view")
    parser.add_argument("exercises", nargs="*", default=["ex1", "ex2", "ex3"])
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as cwd:
        for exercise in args.exercises:
            solution = os.path.join(ROOT, "solutions", "python", exercise + ".py")
            base = [os.path.abspath(args.grade), exercise, solution, "--course", ROOT,
                    "--repeat", "1"]
            on = base + ["--format", "text", "--output", os.devnull]
            off = on + ["--no-private-view"]
            if view_in_place(base, cwd) is not True or view_in_place(
                    base + ["--no-private-view"], cwd) is not False:
                sys.exit(f"{exercise}: the private view is not in place here (see the report's "
                         "protections); nothing to compare")
            o, f = interleaved(on, off, args.rounds, cwd)
            rows.append((exercise, f, o))

    print(f"rounds: {args.rounds}; median wall times of one grading (--repeat 1, one run)")
    print(f"{'exercise':<10}{'off ms':>10}{'on ms':>10}{'+ms':>8}{'ratio':>8}")
    for exercise, f, o in rows:
        print(f"{exercise:<10}{f * 1000:>10.1f}{o * 1000:>10.1f}{(o - f) * 1000:>8.2f}"
              f"{o / f:>8.3f}")
    extra = statistics.median([(o - f) * 1000 for _, f, o in rows])
    print(f"median cost of the private view: {extra:.2f} ms per run (goal <= 3 ms)")

    if args.bwrap:
        if shutil.which("bwrap") is None:
            sys.exit("--bwrap: bubblewrap is not installed (apt-get install bubblewrap)")
        with tempfile.TemporaryDirectory() as cwd:
            b, t = interleaved(bwrap_argv(), ["/usr/bin/true"], args.rounds * 3, cwd)
        print(f"bubblewrap: {t * 1000:.2f} ms for true, {b * 1000:.2f} ms for true in bwrap: "
              f"+{(b - t) * 1000:.2f} ms per run, and one more process between the grader and "
              "the program")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measures what grading costs on top of running a solution.

For each exercise, in one run and interleaved (so machine noise hits both sides alike), it times
  grade EXERCISE solutions/python/EXERCISE.py --repeat 1
against running the same solution directly with the interpreter `grade` itself runs it with (the
real binary behind a `python3` shim; as root, the one the run user can run, which the JSON report
shows in the build command), and prints the median wall times and their ratio. Goal: ratio <= 1.10.

As a normal user (--as-user UID, when started as root): both sides run as that uid and its
gid, without supplementary groups, with HOME=/tmp/bench-home-UID (made for it); the course
and the grade binary must be readable by it. Goal then: ratio <= 1.05.

Usage: bench/overhead.py --grade build/release/grader/grade [--rounds 30] [--as-user UID]
                         [ex1 ex2 ex3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# subprocess options that make a child run as --as-user's uid (empty: as this process).
AS_USER = {}


def timed(argv, env, cwd):
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, cwd=cwd, **AS_USER)
    elapsed = time.perf_counter() - start
    return elapsed, proc.returncode, proc.stderr


def interpreter_of_grade(grade, env):
    """The interpreter grade runs submissions with: the first word of its build command."""
    solution = os.path.join(ROOT, "solutions", "python", "ex1.py")
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "result.json")
        os.chmod(scratch, 0o777)
        subprocess.run([os.path.abspath(grade), "ex1", solution, "--course", ROOT, "--repeat", "1",
                        "--format", "json", "--output", report], env=env, check=False,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd=scratch,
                       **AS_USER)
        with open(report, encoding="utf-8") as f:
            build = json.load(f).get("build") or {}
    if not build.get("argv"):
        sys.exit("grade's report has no build command to take the interpreter from")
    return build["argv"][0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True, help="path of the grade binary")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--as-user", type=int, metavar="UID",
                        help="run both sides as this uid (and gid), e.g. 65534; needs root")
    parser.add_argument("exercises", nargs="*", default=["ex1", "ex2", "ex3"])
    args = parser.parse_args()

    env = dict(os.environ)
    if args.as_user is not None:
        home = f"/tmp/bench-home-{args.as_user}"
        os.makedirs(home, exist_ok=True)
        os.chown(home, args.as_user, args.as_user)
        AS_USER.update(user=args.as_user, group=args.as_user, extra_groups=[])
        env["HOME"] = home
    interpreter = interpreter_of_grade(args.grade, env)
    rows = []
    with tempfile.TemporaryDirectory() as cwd:
        os.chmod(cwd, 0o777)
        for exercise in args.exercises:
            solution = os.path.join(ROOT, "solutions", "python", exercise + ".py")
            grade_argv = [os.path.abspath(args.grade), exercise, solution, "--course", ROOT,
                          "--repeat", "1", "--format", "json", "--output", os.devnull]
            direct_argv = [interpreter, solution]
            for argv in (grade_argv, direct_argv):  # warm caches on both sides
                _, code, err = timed(argv, env, cwd)
                if code != 0:
                    sys.exit(f"{' '.join(argv)} exited with {code}: {err.decode(errors='replace')}")
            grade_times, direct_times = [], []
            for i in range(args.rounds):
                pair = [(grade_argv, grade_times), (direct_argv, direct_times)]
                if i % 2:
                    pair.reverse()
                for argv, sink in pair:
                    elapsed, code, err = timed(argv, env, cwd)
                    if code != 0:
                        sys.exit(f"{' '.join(argv)} exited with {code}: {err.decode(errors='replace')}")
                    sink.append(elapsed)
            g, d = statistics.median(grade_times), statistics.median(direct_times)
            rows.append((exercise, d, g, g / d))

    who = f"uid {args.as_user}" if args.as_user is not None else f"uid {os.geteuid()}"
    print(f"interpreter: {interpreter}; {who}; rounds: {args.rounds}; median wall times")
    print(f"{'exercise':<10}{'direct ms':>12}{'grade ms':>12}{'ratio':>8}")
    for exercise, d, g, ratio in rows:
        print(f"{exercise:<10}{d * 1000:>12.1f}{g * 1000:>12.1f}{ratio:>8.3f}")
    ratios = [r[3] for r in rows]
    goal = 1.05 if args.as_user is not None and args.as_user != 0 else 1.10
    print(f"median ratio: {statistics.median(ratios):.3f} (goal <= {goal:.2f})")


if __name__ == "__main__":
    main()

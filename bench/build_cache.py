#!/usr/bin/env python3
"""Measures what the build cache saves when a C++ submission is graded again unchanged.

For each exercise, each round grades a fresh copy of the C++ reference solution (a new source
each round, by a comment with the round number, so the first grading really compiles) twice
into an empty cache: the first grading builds (build.cached false), the second finds the
program in the cache (build.cached true). It prints the median wall time of each, their ratio
and, from the JSON reports, the median build time and the median time of the runs. Goal: the
second grading at least 10x faster than the first with --repeat 1; with the exercise's own
repeats the runs themselves, which no cache can skip, take a larger share.

Usage: bench/build_cache.py --grade build/release/grader/grade [--rounds 10] [--repeat N]
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


def grade_once(grade, exercise, source, cache_home, repeat):
    """Wall seconds and the JSON report of one grading of `source`."""
    report = os.path.join(os.path.dirname(source), "result.json")
    argv = [grade, exercise, source, "--course", ROOT, "--format", "json", "--output", report]
    if repeat:
        argv += ["--repeat", str(repeat)]
    env = dict(os.environ, XDG_CACHE_HOME=cache_home)
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=os.path.dirname(source))
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"grade {exercise} failed ({proc.returncode}): {proc.stderr.decode()}")
    with open(report, encoding="utf-8") as f:
        return elapsed, json.load(f)


def one_round(grade, exercise, number, repeat):
    """(first, second, build seconds, runs seconds) of one fresh source graded twice."""
    with tempfile.TemporaryDirectory() as scratch:
        cache_home = os.path.join(scratch, "cache")
        source = os.path.join(scratch, exercise + ".cpp")
        with open(os.path.join(ROOT, "solutions", "cpp", exercise + ".cpp"), encoding="utf-8") as f:
            text = f.read()
        with open(source, "w", encoding="utf-8") as f:
            f.write(f"// round {number}\n" + text)
        first, cold = grade_once(grade, exercise, source, cache_home, repeat)
        second, warm = grade_once(grade, exercise, source, cache_home, repeat)
        if cold["build"]["cached"] or not warm["build"]["cached"]:
            sys.exit(f"{exercise}: expected a build then a cache hit, got "
                     f"{cold['build']['cached']} then {warm['build']['cached']}")
        runs = sum(run["wall_seconds"] for run in warm["runs"])
        return first, second, cold["build"]["wall_seconds"], runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True, help="path of the grade binary")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per grading (0: the exercise's own repeat)")
    parser.add_argument("exercises", nargs="*", default=["ex1", "ex2", "ex3"])
    args = parser.parse_args()
    grade = os.path.abspath(args.grade)
    print(f"{'exercise':<9} {'first':>8} {'again':>8} {'ratio':>6} {'build':>8} {'runs':>8}")
    for exercise in args.exercises:
        rounds = [one_round(grade, exercise, n, args.repeat) for n in range(args.rounds)]
        first, second, build, runs = (statistics.median(column) for column in zip(*rounds))
        print(f"{exercise:<9} {first:7.3f}s {second:7.3f}s {first / second:5.1f}x "
              f"{build:7.3f}s {runs:7.3f}s")


if __name__ == "__main__":
    main()

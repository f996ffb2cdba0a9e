#!/usr/bin/env python3
"""Measures what observing a run (tracing every process and thread it creates) costs.

For each exercise, in one run and interleaved (so machine noise hits both sides alike), it times
  grade EXERCISE solutions/python/EXERCISE.py --repeat 1
against the same command with --no-observe, and prints the median wall times and their ratio.
Goal: ratio <= 1.05.

Usage: bench/observation.py --grade build/release/grader/grade [--rounds 30] [ex1 ex2 ex3]
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


def timed(argv, cwd):
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=cwd)
    return time.perf_counter() - start, proc.returncode, proc.stderr


def observation_state(base, cwd):
    """Grades once with a JSON report; the first run's observation state."""
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "result.json")
        subprocess.run(base + ["--format", "json", "--output", report], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        if not os.path.exists(report):
            return "no report"
        with open(report, encoding="utf-8") as f:
            document = json.load(f)
    runs = document.get("runs") or [{}]
    return runs[0].get("observation", {}).get("state", "?")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True, help="path of the grade binary")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("exercises", nargs="*", default=["ex1", "ex2", "ex3"])
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as cwd:
        for exercise in args.exercises:
            solution = os.path.join(ROOT, "solutions", "python", exercise + ".py")
            base = [os.path.abspath(args.grade), exercise, solution, "--course", ROOT,
                    "--repeat", "1"]
            on = base + ["--format", "text", "--output", os.devnull]
            off = on + ["--no-observe"]
            state = observation_state(base, cwd)
            if state != "observed":
                sys.exit(f"{exercise}: runs are not observed here (state {state}); nothing to "
                         "compare")
            for argv in (on, off):  # warm caches on both sides
                _, code, err = timed(argv, cwd)
                if code != 0:
                    sys.exit(f"{' '.join(argv)} exited with {code}: {err.decode(errors='replace')}")
            on_times, off_times = [], []
            for i in range(args.rounds):
                pair = [(on, on_times), (off, off_times)]
                if i % 2:
                    pair.reverse()
                for argv, sink in pair:
                    elapsed, code, err = timed(argv, cwd)
                    if code != 0:
                        sys.exit(f"{' '.join(argv)} exited with {code}: "
                                 f"{err.decode(errors='replace')}")
                    sink.append(elapsed)
            o, f = statistics.median(on_times), statistics.median(off_times)
            rows.append((exercise, f, o, o / f))

    print(f"rounds: {args.rounds}; median wall times of one grading (--repeat 1)")
    print(f"{'exercise':<10}{'off ms':>10}{'on ms':>10}{'ratio':>8}")
    for exercise, f, o, ratio in rows:
        print(f"{exercise:<10}{f * 1000:>10.1f}{o * 1000:>10.1f}{ratio:>8.3f}")
    print(f"median ratio: {statistics.median([r[3] for r in rows]):.3f} (goal <= 1.05)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measures what observing a run (tracing every process and thread it creates) costs.

For each exercise, in one run and interleaved (so machine noise hits both sides alike), it times
  grade EXERCISE solutions/python/EXERCISE.py --repeat 1
against the same command with --no-observe, and prints the median wall times and their ratio.
Goal: ratio <= 1.05.

With --kill-calls N it also times the system calls that send a signal, which an observed run
stops for the tracer (docs/limits.md, signals from outside the run): a program calling
kill(own PID, 0) N times, graded on and off, says how long one call took.

With --write-calls N it times the writes to the output, which an observed run stops for the
tracer too (one at a time, to know who wrote each byte): N os.write() calls of one short line
each, on and off. And with --flood it times a grading of a program that prints lines as fast
as it can until the output limit stops it.

Usage: bench/observation.py --grade build/release/grader/grade [--rounds 30] [--kill-calls N]
                            [--write-calls N] [--flood] [ex1 ex2 ex3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from grading import ROOT, report_of, timed


def observation_state(base, cwd):
    """Grades once with a JSON report; the first run's observation state."""
    document = report_of(base, cwd)
    if document is None:
        return "no report"
    runs = document.get("runs") or [{}]
    return runs[0].get("observation", {}).get("state", "?")


KILL_PROGRAM = """import os, sys, time
n = int(sys.argv[1]) if len(sys.argv) > 1 else {calls}
pid = os.getpid()
start = time.perf_counter()
for _ in range(n):
    os.kill(pid, 0)
print("us-per-call", (time.perf_counter() - start) * 1e6 / n)
"""


WRITE_PROGRAM = """import os, sys, time
n = {calls}
start = time.perf_counter()
for _ in range(n):
    os.write(1, b"w\\n")
sys.stderr.write("us-per-call %f\\n" % ((time.perf_counter() - start) * 1e6 / n))
"""

FLOOD_PROGRAM = """import sys
line = "flood " + "x" * 58
while True:
    print(line)
"""


def call_micros(grade, program_text, rounds, cwd, stream="stdout"):
    """Median microseconds per call of a graded program that reports it, observed and not."""
    program = os.path.join(cwd, "ex1.py")
    with open(program, "w", encoding="utf-8") as f:
        f.write(program_text)
    report = os.path.join(cwd, "calls.json")
    result = {}
    for label, extra in (("on", []), ("off", ["--no-observe"])):
        samples = []
        for _ in range(rounds):
            subprocess.run([grade, "ex1", program, "--course", ROOT, "--repeat", "1",
                            "--format", "json", "--output", report, *extra],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=cwd)
            with open(report, encoding="utf-8") as f:
                out = json.load(f)["runs"][0][stream]["data"].split()
            samples.append(float(out[out.index("us-per-call") + 1]))
        result[label] = statistics.median(samples)
    return result


def flood_times(grade, rounds, cwd):
    """Median wall times of grading a program that prints until the output limit stops it."""
    program = os.path.join(cwd, "ex1.py")
    with open(program, "w", encoding="utf-8") as f:
        f.write(FLOOD_PROGRAM)
    on = [grade, "ex1", program, "--course", ROOT, "--repeat", "1", "--format", "text",
          "--output", os.devnull]
    off = on + ["--no-observe"]
    times = {"on": [], "off": []}
    for i in range(rounds):
        pair = [("on", on), ("off", off)]
        if i % 2:
            pair.reverse()
        for label, argv in pair:
            elapsed, _, _ = timed(argv, cwd)  # exit 1: the flood fails its checks
            times[label].append(elapsed)
    return statistics.median(times["on"]), statistics.median(times["off"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True, help="path of the grade binary")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--kill-calls", type=int, default=0,
                        help="also time this many kill() calls of a graded program")
    parser.add_argument("--write-calls", type=int, default=0,
                        help="also time this many os.write() calls of a graded program")
    parser.add_argument("--flood", action="store_true",
                        help="also time the grading of a program that prints without end")
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
    grade = os.path.abspath(args.grade)
    if args.kill_calls > 0:
        with tempfile.TemporaryDirectory() as cwd:
            os.chmod(cwd, 0o755)  # a run user must reach the submission
            micros = call_micros(grade, KILL_PROGRAM.format(calls=args.kill_calls),
                                 max(3, args.rounds // 5), cwd)
        print(f"kill(): {micros['off']:.2f} us a call unobserved, {micros['on']:.2f} us "
              f"observed (each stops for the tracer)")
    if args.write_calls > 0:
        with tempfile.TemporaryDirectory() as cwd:
            os.chmod(cwd, 0o755)
            micros = call_micros(grade, WRITE_PROGRAM.format(calls=args.write_calls),
                                 max(3, args.rounds // 5), cwd, stream="stderr")
        print(f"write() to stdout: {micros['off']:.2f} us a call unobserved, "
              f"{micros['on']:.2f} us observed (each stops for the tracer, one at a time)")
    if args.flood:
        with tempfile.TemporaryDirectory() as cwd:
            os.chmod(cwd, 0o755)
            on, off = flood_times(grade, max(3, args.rounds // 5), cwd)
        print(f"flood to the output limit: {off * 1000:.0f} ms a grading unobserved, "
              f"{on * 1000:.0f} ms observed (ratio {on / off:.2f})")


if __name__ == "__main__":
    main()

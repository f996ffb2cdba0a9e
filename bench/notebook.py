#!/usr/bin/env python3
"""Measures what grading a notebook costs next to grading the same code as a .py file.

Two questions, each answered with the median of --rounds gradings (--repeat 1, one run each):
1. The runner's overhead: the reference solution of ex1 graded as solutions/python/ex1.py and
   as solutions/notebook/ex1.ipynb. Goal: the notebook within 100 ms of the script.
2. Saved outputs: the same notebook carrying 0, 8 and 30 MB of base64 image outputs (the
   grader drops them while parsing). Reported: wall time and the grader's peak memory (its
   own maxrss, not the runs'). Goal: at 30 MB, under 1 s more than without outputs and a peak
   under three times the file's size.

Needs Debian's python3-nbformat (run with /usr/bin/python3) and GNU time (package time).
Usage: bench/notebook.py --grade build/release/grader/grade [--rounds 5]
"""
import argparse
import base64
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import nbformat

TIME = "/usr/bin/time"  # GNU time (Debian package time)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def grade_once(grade, exercise, path):
    """Wall seconds and the grader's peak resident memory in MiB of one grading.

    GNU time measures the peak: a child of this script would start from this script's own
    size (it holds the notebooks nbformat made), since fork and vfork share its pages.
    """
    with tempfile.NamedTemporaryFile("r") as peak:
        argv = [TIME, "-f", "%M", "-o", peak.name, grade, exercise, path, "--course", ROOT,
                "--repeat", "1", "--format", "json"]
        start = time.perf_counter()
        code = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode
        elapsed = time.perf_counter() - start
        if code != 0:
            sys.exit(f"grade {exercise} {path} ended with {code}")
        return elapsed, int(peak.read().split()[-1]) / 1024


def median_of(rounds, grade, exercise, path):
    samples = [grade_once(grade, exercise, path) for _ in range(rounds)]
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


def with_outputs(source, megabytes, folder):
    """The notebook at `source` with `megabytes` of PNG-like base64 outputs in new cells."""
    notebook = nbformat.read(source, as_version=4)
    rng = random.Random(megabytes)
    per_cell = 2 << 20
    for index in range(int(megabytes * (1 << 20) * 3 / 4) // per_cell):
        cell = nbformat.v4.new_code_cell(f"picture_{index} = {index}")
        cell.id = f"picture-{index}"
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            "image/png": base64.b64encode(rng.randbytes(per_cell)).decode()})]
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    path = os.path.join(folder, f"{megabytes}mb", "ex1.ipynb")
    os.makedirs(os.path.dirname(path))
    nbformat.write(notebook, path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    grade = os.path.abspath(args.grade)
    script = os.path.join(ROOT, "solutions", "python", "ex1.py")
    notebook = os.path.join(ROOT, "solutions", "notebook", "ex1.ipynb")
    wall_py, _ = median_of(args.rounds, grade, "ex1", script)
    wall_nb, _ = median_of(args.rounds, grade, "ex1", notebook)
    print(f"ex1 as .py     {wall_py * 1000:7.1f} ms")
    print(f"ex1 as .ipynb  {wall_nb * 1000:7.1f} ms  ({(wall_nb - wall_py) * 1000:+.1f} ms)")
    with tempfile.TemporaryDirectory(prefix="grade-bench-nb-") as folder:
        for megabytes in (0, 8, 30):
            path = with_outputs(notebook, megabytes, folder)
            size = os.path.getsize(path) / (1 << 20)
            wall, peak = median_of(args.rounds, grade, "ex1", path)
            print(f"{size:5.1f} MiB notebook: {wall * 1000:7.1f} ms, grader peak {peak:6.1f} MiB")


if __name__ == "__main__":
    main()

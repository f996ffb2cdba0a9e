#!/usr/bin/env python3
"""Measures batch grading: parallel speed-up, overhead over the submissions' own run time,
and the memory of the batch parent as the class grows.

A synthetic class is generated: every student hands in the reference solutions of ex1-ex3,
each with a line of its own (so no two files are alike and nothing comes from a cache).

  speed-up   the same class graded with --jobs 1 and --jobs 2 (fresh gradebooks);
             goal: wall(jobs 1) / wall(jobs 2) >= 1.8 on 2 cores
  overhead   wall(jobs J) against the sum of the submissions' own run times (every run and
             build of every grading, as the result documents record them) / cores;
             goal: <= 1.2
  memory     the peak resident memory (VmHWM) of the batch parent, read from /proc while it
             runs, for growing classes; goal: flat

Usage:
  bench/batch.py --grade build/release/grader/grade [--students 200] [--cores 2]
                 [--memory-students 100,400,1600] [--skip-speedup] [--skip-memory]
                 [--grade-args '--allow-network']
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXERCISES = ("ex1", "ex2", "ex3")


def make_class(folder, students, exercises=EXERCISES):
    solutions = {e: open(os.path.join(ROOT, "solutions", "python", e + ".py")).read()
                 for e in exercises}
    for i in range(students):
        student = os.path.join(folder, f"student{i:05d}")
        os.makedirs(student)
        for exercise, text in solutions.items():
            with open(os.path.join(student, exercise + ".py"), "w") as f:
                f.write(f"# handed in by student {i}\n{text}")
    os.chmod(folder, 0o755)


def peak_watcher(pid, result):
    """Polls VmHWM (a high-water mark, so the last reading is the peak so far)."""
    path = f"/proc/{pid}/status"
    while True:
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        result["peak_kib"] = int(line.split()[1])
        except OSError:
            return
        time.sleep(0.05)


def run_batch(grade, workdir, jobs, extra=()):
    db = os.path.join(workdir, f"gradebook-j{jobs}.sqlite")
    if os.path.exists(db):
        os.remove(db)
    argv = [os.path.abspath(grade), "--course", ROOT, "batch", "class", "--jobs", str(jobs),
            "--db", db, *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    memory = {}
    watcher = threading.Thread(target=peak_watcher, args=(proc.pid, memory), daemon=True)
    watcher.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    watcher.join(timeout=1)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {proc.returncode}:\n{out}")
    return wall, db, memory.get("peak_kib", 0), out


def own_run_time(db):
    """Sum of the wall times of every build and run the gradebook's documents record."""
    total = 0.0
    statuses = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for status, document in conn.execute("SELECT status, result_json FROM attempts"):
            statuses[status] = statuses.get(status, 0) + 1
            if document is None:
                continue
            doc = json.loads(document)
            if doc.get("build"):
                total += doc["build"]["wall_seconds"]
            total += sum(run["wall_seconds"] for run in doc["runs"])
    return total, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--memory-students", default="100,400,1600")
    parser.add_argument("--skip-speedup", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--exercises", default=",".join(EXERCISES),
                        help="exercises every synthetic student hands in (comma-separated)")
    parser.add_argument("--grade-args", default="",
                        help="more options for grade batch, e.g. '--allow-network' to see what "
                             "network isolation costs")
    args = parser.parse_args()

    if not args.skip_speedup:
        with tempfile.TemporaryDirectory(prefix="grade-bench-batch-") as work:
            os.chmod(work, 0o755)
            exercises = tuple(args.exercises.split(","))
            make_class(os.path.join(work, "class"), args.students, exercises)
            print(f"{args.students} students x {len(exercises)} exercises, "
                  f"{args.cores} cores, course defaults (repeat 3)")
            results = {}
            for jobs in (1, args.cores):
                wall, db, peak, _ = run_batch(
                    args.grade, work, jobs, ["--exercises", ",".join(exercises),
                                             *args.grade_args.split()])
                own, statuses = own_run_time(db)
                results[jobs] = wall
                ratio = wall / (own / jobs)
                print(f"  --jobs {jobs}: wall {wall:7.1f} s, submissions' own run time "
                      f"{own:7.1f} s, wall / (own / {jobs}) = {ratio:.3f}, "
                      f"parent peak {peak / 1024:.1f} MiB, {statuses}")
            print(f"  speed-up jobs {args.cores} vs 1: {results[1] / results[args.cores]:.2f}")

    if not args.skip_memory:
        print("parent peak memory (ex2 only, --repeat 1):")
        for students in (int(n) for n in args.memory_students.split(",")):
            with tempfile.TemporaryDirectory(prefix="grade-bench-memory-") as work:
                os.chmod(work, 0o755)
                make_class(os.path.join(work, "class"), students, exercises=("ex2",))
                wall, _, peak, _ = run_batch(args.grade, work, args.cores,
                                             ("--exercises", "ex2", "--repeat", "1"))
                print(f"  {students:6d} students: peak {peak / 1024:6.1f} MiB, "
                      f"wall {wall:6.1f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How the times an honest ex3 program prints compare with what the grader observed.

For every honest ex3 program of the ground-truth corpus
(tests/fixtures/submissions/ground_truth/corpus.json) and the reference solution, it grades
the program N times (one run each, JSON report, instructor view) and, from each run's
observation, computes

  worker processes  the processes the run created, multiprocessing's helpers left out (the
                    resource tracker and the fork server: their command line names
                    multiprocessing.resource_tracker or multiprocessing.forkserver);
  worker threads    the threads of the launched process created while no worker process was
                    alive (so a pool's or a queue's own threads, made while its processes run,
                    are left out);

and the span of each group (from the first start to the last end) and the longest life of one
of its tasks. It prints, per program and variant, the printed time, the span, printed - span,
printed / span and printed / longest life (min / median / max), and how far the printed times
stayed inside the window of the checks threads-time-observed and processes-time-observed,
[longest * (1 - relative) - below, span * (1 + relative) + above] (the lower end from the
span with --no-rounds; the spec's values by default): these numbers are what the tolerances
are chosen from.

With --load K it first starts K busy-loop processes of its own (one per core makes the machine
busy) and stops them, by their PIDs, at the end.

Usage: bench/timing_bounds.py --grade build/release/grader/grade [--runs 10] [--load K]
                              [--only NAME ...] [--json FILE]
                              [--relative R] [--below S] [--above S] [--no-rounds]
"""
import argparse
import ctypes
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile

from grading import ROOT, report_of

CORPUS = os.path.join(ROOT, "tests", "fixtures", "submissions", "ground_truth")
HELPER_MARKERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver",
                  "multiprocessing.semaphore_tracker")
PRINTED = {
    "threads": re.compile(r"^Threads: (-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?) ?s\s*$", re.M),
    "processes": re.compile(
        r"^Processes: (-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?) ?s\s*$", re.M),
}
PR_SET_PDEATHSIG = 1


# --------------------------------------------------------------------------------------------
# Load


def _die_with_parent():
    """In a load process: SIGKILL when the bench dies, so no busy loop is ever left behind."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def start_load(count):
    """Starts `count` busy-loop processes; returns their Popen objects."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                             stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
            for _ in range(count)]


def stop_load(loaders):
    """Stops the busy loops this bench started, by PID, and reaps them."""
    for proc in loaders:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    for proc in loaders:
        proc.wait()


# --------------------------------------------------------------------------------------------
# One run's observation


def is_helper(task, launched_end, have_command_lines):
    """multiprocessing's resource tracker or fork server (not a worker)."""
    if "helper" in task:  # reports that mark multiprocessing's helpers themselves
        return bool(task["helper"])
    if have_command_lines:
        return any(marker in (task.get("command_line") or "") for marker in HELPER_MARKERS)
    # Reports without command lines: a helper is exec'd by multiprocessing and lives until the
    # main program has ended (it waits for its pipe to close); a worker is joined before.
    end = task.get("end_seconds")
    return bool(task.get("program")) and (end is None or
                                          (launched_end is not None and end >= launched_end))


def spans(run):
    """{kind: (span, longest life)} of one run's worker threads and worker processes, and notes;
    a value is None when it cannot be computed (a task whose end was not seen)."""
    observation = run.get("observation") or {}
    tasks = observation.get("tasks") or []
    if observation.get("state") != "observed" or not tasks:
        return {"threads": (None, None), "processes": (None, None)}, ["not observed"]
    launched = tasks[0]
    pid = launched["pid"]
    have_command_lines = any("command_line" in t for t in tasks)
    notes = [] if have_command_lines else ["helpers by heuristic (no command_line in report)"]
    processes = [t for t in tasks[1:] if t["kind"] == "process"]
    workers = [t for t in processes if not is_helper(t, launched.get("end_seconds"),
                                                      have_command_lines)]

    def alive_at(moment):
        return any(p["start_seconds"] <= moment and
                   (p.get("end_seconds") is None or moment < p["end_seconds"]) for p in workers)

    threads = [t for t in tasks if t["kind"] == "thread" and t["pid"] == pid
               and not alive_at(t["start_seconds"])]

    # As the checks do: a worker a fork server forked starts when the fork server did.
    helper_start = {t["pid"]: t["start_seconds"] for t in processes if t not in workers}

    def start_of(task):
        return min(task["start_seconds"],
                   helper_start.get(task.get("parent_pid"), task["start_seconds"]))

    def span(group):
        if not group or any(t.get("end_seconds") is None for t in group):
            return None, None
        return (max(t["end_seconds"] for t in group) - min(start_of(t) for t in group),
                max(t["end_seconds"] - t["start_seconds"] for t in group))

    return {"threads": span(threads), "processes": span(workers)}, notes


def printed_times(run):
    data = (run.get("stdout") or {}).get("data") or ""
    found = {}
    for kind, pattern in PRINTED.items():
        values = pattern.findall(data)
        found[kind] = float(values[0]) if len(values) == 1 else None
    return found


# --------------------------------------------------------------------------------------------
# Table


def three(values, fmt):
    if not values:
        return "-"
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values),
                                             max(values)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True, help="path of the grade binary")
    parser.add_argument("--runs", type=int, default=10, help="gradings per program (10)")
    parser.add_argument("--load", type=int, default=0, metavar="K",
                        help="busy-loop processes running meanwhile (0)")
    parser.add_argument("--only", nargs="*", default=[],
                        help="only programs whose name contains one of these")
    parser.add_argument("--no-reference", action="store_true",
                        help="leave out solutions/python/ex3.py")
    parser.add_argument("--json", help="also write every sample to this file")
    parser.add_argument("--relative", type=float, default=0.5,
                        help="the window the slack columns assume: relative (0.5)")
    parser.add_argument("--below", type=float, default=0.05, help="... below, seconds (0.05)")
    parser.add_argument("--above", type=float, default=0.15, help="... above, seconds (0.15)")
    parser.add_argument("--no-rounds", dest="rounds", action="store_false",
                        help="the window's lower end from the span, not the longest life")
    args = parser.parse_args()

    with open(os.path.join(CORPUS, "corpus.json"), encoding="utf-8") as f:
        corpus = json.load(f)
    programs = [(os.path.splitext(os.path.basename(e["file"]))[0], os.path.join(CORPUS, e["file"]))
                for e in corpus["honest"] if e["exercise"] == "ex3"]
    if not args.no_reference:
        programs.append(("reference", os.path.join(ROOT, "solutions", "python", "ex3.py")))
    if args.only:
        programs = [p for p in programs if any(o in p[0] for o in args.only)]

    grade = os.path.abspath(args.grade)
    samples = {}  # (program, kind) -> list of (printed, span)
    problems = {}
    loaders = start_load(args.load)
    try:
        with tempfile.TemporaryDirectory() as cwd:
            os.environ.setdefault("XDG_CACHE_HOME", os.path.join(cwd, "cache"))
            for name, path in programs:
                base = [grade, "ex3", path, "--course", ROOT, "--repeat", "1",
                        "--view", "instructor"]
                for _ in range(args.runs):
                    document = report_of(base, cwd)
                    runs = (document or {}).get("runs") or []
                    if not runs:
                        problems.setdefault(name, []).append("no report or no run")
                        continue
                    run = runs[0]
                    if document.get("status") != "passed":
                        failed = [c["id"] for c in run.get("checks", []) if c["status"] != "pass"]
                        problems.setdefault(name, []).append(f"failed {failed}")
                    observed, notes = spans(run)
                    for note in notes:
                        if note not in problems.get(name, []):
                            problems.setdefault(name, []).append(note)
                    printed = printed_times(run)
                    for kind, (span, longest) in observed.items():
                        if printed[kind] is None or span is None:
                            problems.setdefault(name, []).append(f"{kind}: no printed time or span")
                            continue
                        samples.setdefault((name, kind), []).append((printed[kind], span, longest))
                print(f"  {name}: {args.runs} gradings", file=sys.stderr, flush=True)
    finally:
        stop_load(loaders)

    print(f"ex3 printed time vs observed span: {args.runs} gradings each, load {args.load} "
          f"busy loop(s), {os.cpu_count()} CPU(s); min/median/max; seconds")
    header = (f"{'program':16} {'kind':9} {'printed':>20} {'span':>20} {'printed-span':>23} "
              f"{'printed/span':>15} {'printed/longest':>15} {'slack low':>9} {'slack high':>10}")
    print(header)
    print("-" * len(header))
    worst = []
    for name, _ in programs:
        for kind in ("threads", "processes"):
            triples = samples.get((name, kind), [])
            printed = [p for p, _, _ in triples]
            span = [s for _, s, _ in triples]
            diff = [p - s for p, s, _ in triples]
            ratio = [p / s for p, s, _ in triples if s > 0]
            by_longest = [p / x for p, _, x in triples if x > 0]
            # How far each printed time is inside the check's window (negative: it would fail).
            lows = [p - max(0.0, (x if args.rounds else s) * (1 - args.relative) - args.below)
                    for p, s, x in triples]
            highs = [s * (1 + args.relative) + args.above - p for p, s, _ in triples]
            if lows:
                worst.append((min(min(lows), min(highs)), name, kind))
            print(f"{name:16} {kind:9} {three(printed, '.3f'):>20} {three(span, '.3f'):>20} "
                  f"{three(diff, '+.3f'):>23} {three(ratio, '.2f'):>15} "
                  f"{three(by_longest, '.2f'):>15} "
                  f"{min(lows) if lows else float('nan'):9.3f} "
                  f"{min(highs) if highs else float('nan'):10.3f}")
    print(f"slack: the smallest distance of a printed time inside the window "
          f"[{'longest life' if args.rounds else 'span'} * (1 - {args.relative}) - {args.below}, "
          f"span * (1 + {args.relative}) + {args.above}] (negative: the check would fail)")
    failing = [w for w in worst if w[0] < 0]
    if failing:
        print("would fail: " + ", ".join(f"{n}/{k} ({v:+.3f} s)" for v, n, k in failing))
    for name, notes in problems.items():
        print(f"note: {name}: {'; '.join(sorted(set(notes)))}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"runs": args.runs, "load": args.load,
                       "samples": {f"{n}/{k}": v for (n, k), v in samples.items()},
                       "problems": problems}, f, indent=1)


if __name__ == "__main__":
    main()

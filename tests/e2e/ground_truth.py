#!/usr/bin/env python3
"""Ground truth for the checks of what a run really did, against the real `grade` binary.

    ground_truth.py --grade PATH/TO/grade --source SOURCE_DIR honest EXERCISE [--part K/N]
    ground_truth.py --grade PATH/TO/grade --source SOURCE_DIR cheating [EXERCISE]
    ground_truth.py --list

The corpus is tests/fixtures/submissions/ground_truth/ (its corpus.json lists every program):

  honest    realistic correct programs, written every common way (start methods, os.fork,
            queues and pipes, Process and Thread subclasses, pools and executors, print with
            flush, sys.stdout.write, logging). Each is graded with --repeat 20 (--repeat to
            change) and must pass: exit 0, every check of every run "pass", none skipped,
            every run observed. `--part K/N` grades the K-th of N slices of an exercise's
            programs, cut by their weight in corpus.json, so that each CTest test stays short.
  cheating  programs whose output looks right while the run did something else (a pool of
            five, crashing workers, made-up PIDs, lines printed by the main thread, invented
            times). Each must be graded failed (exit 1) with the expected check failing and
            its message naming what the grader saw (corpus.json: message_regex, or a value
            the program printed, message_captures). This scenario also checks that
            corpus.json lists every program of the folder.

The checks that look at who wrote each line and at the workers' lives (corpus.json
`new_checks`) may not be in the exercise specs yet: then every test that needs one fails and
says which check ids it expected and which the spec has.

Runs with /usr/bin/python3 (standard library; documents are validated against
docs/result.schema.json with tests/tools/validate_json.py). On a failure it prints the grade
command line, its exit code, the failing run's checks and output, and keeps the scratch folder.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import harness
from harness import (EXERCISES, EXIT_FAILED, EXIT_PASSED, arguments, checks_of, is_executable,
                     make_scratch, spec_check_ids)

DEFAULT_REPEAT = 20
GRADE_TIMEOUT = 170  # seconds for one grade command; the CTest TIMEOUT bounds the test
CORPUS = Path("tests") / "fixtures" / "submissions" / "ground_truth"


@dataclass
class Suite(harness.Suite):
    repeat: int = DEFAULT_REPEAT

    @property
    def corpus(self) -> Path:
        return self.source / CORPUS

    def grade_corpus(self, exercise: str, submission: Path, repeat: int):
        """Grades with --format json in the instructor view (every message shown); returns
        (outcome, document or None)."""
        return self.grade_json(exercise, submission, "--repeat", str(repeat), "--view",
                               "instructor", timeout=GRADE_TIMEOUT, required=False)


# --------------------------------------------------------------------------------------------
# Reading reports


def check_line(check: dict) -> str:
    message = " ".join(str(check.get("message") or "").split())
    return f"[{check.get('status')}] {check.get('id')}: {message}"


def first_bad_run(document: dict) -> dict | None:
    for run in document.get("runs") or []:
        if not run.get("passed"):
            return run
    return None


def run_details(run: dict) -> str:
    """The checks of one run that did not pass, its verdict, output and tasks, for a failure."""
    lines = [f"run {run.get('index')}: verdict {run.get('verdict')}, pid {run.get('pid')}, "
             f"exit {run.get('exit_code')}, {run.get('wall_seconds')} s, observation "
             f"{(run.get('observation') or {}).get('state')}"]
    for check in run.get("checks") or []:
        if check.get("status") != "pass":
            lines.append("  " + check_line(check))
    for stream in ("stdout", "stderr"):
        data = ((run.get(stream) or {}).get("data") or "").rstrip("\n")
        if data:
            shown = data if len(data) <= 2000 else data[:2000] + "\n[... cut ...]"
            lines.append(f"  {stream}:")
            lines.append(textwrap.indent(shown, "    | ", lambda _: True))
    tasks = (run.get("observation") or {}).get("tasks") or []
    if tasks:
        lines.append("  tasks (kind tid pid parent start end exit signal):")
        for task in tasks[:40]:
            end = task.get("end_seconds")
            lines.append(f"    {task.get('kind'):7} {task.get('tid'):>7} {task.get('pid'):>7} "
                         f"{task.get('parent_pid'):>7} {task.get('start_seconds'):8.4f} "
                         f"{'-' if end is None else format(end, '8.4f'):>8} "
                         f"{task.get('exit_code')} {task.get('signal')}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The corpus


def load_corpus(source: Path) -> dict:
    return json.loads((source / CORPUS / "corpus.json").read_text(encoding="utf-8"))


def slice_by_weight(entries: list[dict], part: int, parts: int) -> list[dict]:
    """The part-th (1-based) of `parts` slices, dealt heaviest first to the lightest slice so
    the slices cost about the same; stable for a given corpus."""
    slices: list[list[dict]] = [[] for _ in range(parts)]
    loads = [0.0] * parts
    for entry in sorted(entries, key=lambda e: (-float(e.get("weight", 0.1)), e["file"])):
        lightest = loads.index(min(loads))
        slices[lightest].append(entry)
        loads[lightest] += float(entry.get("weight", 0.1))
    return sorted(slices[part - 1], key=lambda e: e["file"])


def missing_new_checks(suite: Suite, corpus: dict, exercise: str) -> list[str]:
    expected = corpus.get("new_checks", {}).get(exercise, [])
    have = spec_check_ids(suite.source / "exercises" / f"{exercise}.yaml")
    missing = [c for c in expected if c not in have]
    if missing:
        print(f"NOTE: exercises/{exercise}.yaml lacks check(s) this corpus expects: "
              f"{', '.join(missing)}\n      (expected: {', '.join(expected)}; "
              f"the spec has: {', '.join(have)})", flush=True)
    return missing


# --------------------------------------------------------------------------------------------
# Scenarios


def grade_honest(suite: Suite, corpus: dict, entry: dict) -> None:
    exercise, file = entry["exercise"], entry["file"]
    where = f"{file} ({entry['variant']})"
    outcome, document = suite.grade_corpus(exercise, suite.corpus / file, suite.repeat)
    if not suite.expect(document is not None, f"{where}: grade wrote a JSON report", outcome):
        return
    runs = document.get("runs") or []
    bad_checks = [c for c in checks_of(document)
                  if c.get("status") != "pass" and c.get("level") != "advice"]
    bad_run = first_bad_run(document)
    detail = [outcome.describe(), f"status {document.get('status')!r}, score "
              f"{document.get('score')}/{document.get('max_score')}, {len(runs)} run(s)"]
    detail += [check_line(c) for c in bad_checks]
    if bad_run is not None:
        detail.append(run_details(bad_run))
    new = set(corpus.get("new_checks", {}).get(exercise, []))
    failing_new = sorted({c.get("id") for c in bad_checks} & new)
    if failing_new:
        detail.append(f"of which check(s) of what the run did: {', '.join(failing_new)}")
    passed = (outcome.returncode == EXIT_PASSED and document.get("status") == "passed"
              and not bad_checks and len(runs) == suite.repeat)
    suite.expect(passed, f"{where}: passes every check in {suite.repeat} runs",
                 detail="\n".join(detail))
    unobserved = [r.get("index") for r in runs
                  if (r.get("observation") or {}).get("state") != "observed"]
    suite.expect(not unobserved, f"{where}: every run was observed",
                 detail=f"runs not observed: {unobserved}")
    present = {c.get("id") for c in checks_of(document)}
    absent = sorted(new - present)
    suite.expect(not absent, f"{where}: the report has the checks of what the run did",
                 detail=f"expected check ids: {', '.join(sorted(new))}\n"
                 f"not in the report:  {', '.join(absent)} "
                 f"(not yet in exercises/{exercise}.yaml?)")
    print(f"  {file}: {'passed' if passed else 'FAILED'} "
          f"({len(runs)} run(s), {outcome.seconds:.1f} s)", flush=True)


def scenario_honest(suite: Suite, corpus: dict, args) -> None:
    exercise = args.exercise
    if exercise not in EXERCISES:
        raise SystemExit(f"honest needs an exercise ({', '.join(EXERCISES)})")
    entries = [e for e in corpus["honest"] if e["exercise"] == exercise]
    part, parts = args.part
    chosen = slice_by_weight(entries, part, parts)
    print(f"honest {exercise} part {part}/{parts}: {', '.join(e['file'] for e in chosen)}",
          flush=True)
    missing_new_checks(suite, corpus, exercise)
    for entry in chosen:
        grade_honest(suite, corpus, entry)


def check_manifest(suite: Suite, corpus: dict) -> None:
    """Every program of the corpus folder is listed in corpus.json, and every listed one exists."""
    listed = {e["file"] for e in corpus["honest"] + corpus["cheating"]}
    on_disk = {p.relative_to(suite.corpus).as_posix() for p in suite.corpus.rglob("*.py")}
    suite.expect(on_disk == listed, "corpus.json lists every program of the corpus folder",
                 detail=f"not listed: {sorted(on_disk - listed)}\n"
                 f"missing on disk: {sorted(listed - on_disk)}")


def scenario_cheating(suite: Suite, corpus: dict, args) -> None:
    check_manifest(suite, corpus)
    cases = [c for c in corpus["cheating"] if args.exercise in (None, c["exercise"])]
    for exercise in sorted({c["exercise"] for c in cases}):
        missing_new_checks(suite, corpus, exercise)
    by_file: dict[str, list[dict]] = {}
    for case in cases:
        by_file.setdefault(case["file"], []).append(case)
    for file, expectations in by_file.items():
        exercise = expectations[0]["exercise"]
        where = f"{file} ({expectations[0]['variant']})"
        # Grading stops at the first failing run; three runs are plenty for a cheater.
        outcome, document = suite.grade_corpus(exercise, suite.corpus / file, 3)
        if not suite.expect(document is not None, f"{where}: grade wrote a JSON report",
                            outcome):
            continue
        checks = {c.get("id"): c for c in checks_of(document)}
        failing = [c for c in checks_of(document) if c.get("status") == "fail"]
        listing = "\n".join([outcome.describe()] + [check_line(c) for c in checks_of(document)])
        suite.expect(outcome.returncode == EXIT_FAILED and document.get("status") == "failed",
                     f"{where}: graded failed (exit 1)", detail=listing)
        stdout = ((first_bad_run(document) or {}).get("stdout") or {}).get("data") or ""
        for case in expectations:
            check_id = case["check"]
            check = checks.get(check_id)
            if check is None:
                suite.expect(False, f"{where}: check {check_id!r} fails", detail=(
                    f"expected check id {check_id!r} is not in the report (not yet in "
                    f"exercises/{exercise}.yaml?); it would catch: {case['seen']}\n"
                    f"checks that failed instead: "
                    f"{', '.join(c.get('id') for c in failing) or 'none'}"))
                continue
            if not suite.expect(check.get("status") == "fail",
                                f"{where}: check {check_id!r} fails", detail=listing):
                continue
            message = str(check.get("message") or "")
            problems = message_problems(case, message, stdout)
            suite.expect(not problems, f"{where}: the message of {check_id!r} says what was "
                         f"seen ({case['seen']})",
                         detail=f"message: {message!r}\n" + "\n".join(problems))
        print(f"  {file}: failing checks {[c.get('id') for c in failing]} "
              f"({outcome.seconds:.1f} s)", flush=True)


def message_problems(case: dict, message: str, stdout: str) -> list[str]:
    """What the case expects its check's message to say and it does not (empty: all said)."""
    problems = []
    pattern = case.get("message_regex")
    if pattern and not re.search(pattern, message, re.I):
        problems.append(f"expected a match of /{pattern}/ (case-insensitive)")
    captures = case.get("message_captures")
    if captures:
        values = re.findall(captures, stdout, re.M)
        if not any(v in message for v in values):
            problems.append(f"expected one of the printed values {values} in the message")
    return problems


SCENARIOS = {"honest": scenario_honest, "cheating": scenario_cheating}


def parse_part(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"([0-9]+)/([0-9]+)", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise argparse.ArgumentTypeError("K/N with 1 <= K <= N")
    return int(match.group(1)), int(match.group(2))


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0], required=False)
    parser.set_defaults(source=Path(__file__).resolve().parents[2])
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help=f"runs per honest grading (default {DEFAULT_REPEAT})")
    parser.add_argument("--part", type=parse_part, default=(1, 1),
                        help="honest: grade the K-th of N slices (K/N)")
    parser.add_argument("--list", action="store_true", help="list the corpus")
    parser.add_argument("scenario", nargs="?", choices=sorted(SCENARIOS))
    parser.add_argument("exercise", nargs="?", choices=EXERCISES)
    args = parser.parse_args()

    source = args.source.resolve()
    corpus = load_corpus(source)
    if args.list:
        for kind in ("honest", "cheating"):
            print(f"{kind}:")
            for entry in corpus[kind]:
                extra = f" -> fails {entry['check']}" if kind == "cheating" else ""
                print(f"  {entry['file']:38} {entry['variant']}{extra}")
        return 0
    if not args.grade or not args.scenario:
        parser.error("--grade and a scenario are needed (or --list)")
    grade = args.grade.resolve()
    if not is_executable(grade):
        return 1

    scratch = make_scratch(f"grade-ground-truth-{args.scenario}-")
    suite = Suite(grade=grade, source=source, scratch=scratch, repeat=args.repeat)
    name = " ".join(filter(None, [args.scenario, args.exercise]))
    print(f"ground truth {name}: grade={grade} source={source}", flush=True)
    return suite.conclude(lambda: SCENARIOS[args.scenario](suite, corpus, args), args.keep)


if __name__ == "__main__":
    sys.exit(main())

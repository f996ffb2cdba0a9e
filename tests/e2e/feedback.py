#!/usr/bin/env python3
"""End-to-end tests of the feedback a beginner reads, each seen four ways (80 and 120 columns;
on a pipe with COLUMNS, and on a pseudo-terminal of that width): tests/e2e/four_ways.py.

    feedback.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    stderr-lines   right lines written to stderr: the count says where they went, each quoted
                   line whole on one line of the report
    own-pid        the main program's PID printed as a child's: named as the program's own
    find-file      no ex1.py but ex1_solution.py: what was looked for, and a did-you-mean
    build-noise    a syntax error: Python's message without the course's compile command,
                   one line instead of a skipped line per check
    aligned        ex3's long check titles: every check's points start in one column, inside
                   the width
    setup-note     as root, an interpreter the run user cannot reach: the note that another
                   one is used is in the JSON and with --verbose, not in every report
    usage-noise    an unknown exercise lists the course's; `show` without an exercise; --help
                   puts the student's commands first, each with an example, and no {false}

Runs with /usr/bin/python3 and the standard library.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from four_ways import Shown, expect_fits, flat, four_ways
from harness import (EXIT_FAILED, EXIT_USAGE, IS_ROOT, Skipped, Suite, base_env, run,
                     scenario_main)


def graded(suite: Suite, stem: str, files: dict[str, Path | str], *args: str) -> list[Shown]:
    """`grade ARGS` in a fresh folder holding `files` (a path is copied, a str written)."""
    folder = suite.fresh_dir(stem)
    for name, content in files.items():
        if isinstance(content, Path):
            shutil.copyfile(content, folder / name)
        else:
            (folder / name).write_text(content)
    argv = [suite.grade, *args, "--course", suite.source]
    return four_ways(suite, argv, cwd=folder, env=base_env())


def scenario_stderr_lines(suite: Suite) -> None:
    program = suite.near_miss("ex2/logging_to_stderr.py")
    for shown in graded(suite, "stderr", {"ex2.py": program}, "ex2", "--repeat", "1"):
        suite.expect(shown.outcome.returncode == EXIT_FAILED, f"{shown}: failed", shown.outcome)
        suite.expect("5 such lines went to stderr, where they are not counted" in flat(shown.text),
                     f"{shown}: the count says the lines went to stderr", shown.outcome)
        whole = re.findall(r"'Thread name: [\w-]+, Process ID: \d+'", shown.text)
        suite.expect(len(whole) >= 3, f"{shown}: each quoted line whole on one line "
                     f"(found {len(whole)})", shown.outcome)
        expect_fits(suite, shown)


def scenario_own_pid(suite: Suite) -> None:
    program = suite.near_miss("ex1/prints_parent_pid.py")
    for shown in graded(suite, "own-pid", {"ex1.py": program}, "ex1", "--repeat", "1"):
        suite.expect(re.search(r"your program's own PID \(\d+\)", flat(shown.text)) is not None,
                     f"{shown}: the main program's PID is named as such", shown.outcome)
        expect_fits(suite, shown)


def scenario_find_file(suite: Suite) -> None:
    solution = suite.solution("ex1")
    for shown in graded(suite, "find-file", {"ex1_solution.py": solution}, "ex1"):
        text = flat(shown.text)
        suite.expect(shown.outcome.returncode == EXIT_USAGE and "looked for ex1.py" in text
                     and "Did you mean ex1_solution.py?" in text
                     and "grade ex1 ex1_solution.py" in text,
                     f"{shown}: what was looked for, and a did-you-mean", shown.outcome)


def scenario_build_noise(suite: Suite) -> None:
    broken = 'import os\nprint("Process ID:" os.getpid())\n'
    for shown in graded(suite, "syntax", {"ex1.py": broken}, "ex1"):
        text = shown.text
        suite.expect("SyntaxError" in text and "Build FAILED" in text,
                     f"{shown}: the build failed with Python's message", shown.outcome)
        suite.expect("sys.tracebacklimit" not in text and "-I -S" not in text,
                     f"{shown}: the course's compile command is not shown", shown.outcome)
        suite.expect("No checks were made: the build failed." in text
                     and "not checked: the program does not build" not in text,
                     f"{shown}: one line for the checks, not one per check", shown.outcome)
        expect_fits(suite, shown)


def points_columns(text: str) -> list[tuple[int, int]]:
    """Where the points of each check line ("1/1", "0/2", "no points" at its end) start and end."""
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    found = [re.search(r"  (\d+/\d+|no points)$", line) for line in plain.splitlines()
             if not line.startswith("Score")]
    return [(m.start(1), m.end(1)) for m in found if m]


def scenario_aligned(suite: Suite) -> None:
    program = suite.near_miss("ex3/made_up_times.py")
    for shown in graded(suite, "aligned", {"ex3.py": program}, "ex3", "--repeat", "1"):
        points = points_columns(shown.text)
        starts = {start for start, _ in points}
        widest = max((end for _, end in points), default=0)
        suite.expect(len(points) >= 10 and len(starts) == 1 and widest <= shown.columns,
                     f"{shown}: the points of every check start in one column and end within "
                     f"the width (start at {sorted(starts)}, widest ends at {widest})",
                     shown.outcome)
        expect_fits(suite, shown)


def scenario_setup_note(suite: Suite) -> None:
    if not IS_ROOT:
        raise Skipped("the run user differs from the grader's only when grade runs as root")
    hidden = suite.fresh_dir("private-interpreter")
    hidden.chmod(0o700)  # the run users cannot search it
    (hidden / "python3").symlink_to(shutil.which("python3", path="/usr/bin"))
    files = {"ex1.py": suite.solution("ex1")}
    common = ("ex1", "--repeat", "1", "--interpreter", str(hidden / "python3"))
    note = "is used instead"
    for shown in graded(suite, "note", files, *common):
        suite.expect(shown.outcome.returncode == 0 and note not in flat(shown.text),
                     f"{shown}: a pass, without the machine's set-up note", shown.outcome)
        expect_fits(suite, shown)
    for shown in graded(suite, "note-verbose", files, *common, "--verbose"):
        suite.expect(note in flat(shown.text), f"{shown}: --verbose shows the set-up note",
                     shown.outcome)
    folder = suite.fresh_dir("note-json")
    outcome = run([suite.grade, *common, str(suite.solution("ex1")), "--course", suite.source,
                   "--format", "json"], cwd=folder)
    suite.expect(note in outcome.stdout, "the JSON report keeps the set-up note", outcome)


def scenario_usage_noise(suite: Suite) -> None:
    for shown in graded(suite, "unknown", {}, "ex9"):
        suite.expect(shown.outcome.returncode == EXIT_USAGE
                     and "(exercises: ex1, ex2, ex3, ex4)" in flat(shown.text)
                     and "did you mean" not in shown.text.lower(),
                     f"{shown}: an unknown exercise lists the course's", shown.outcome)
    for shown in graded(suite, "show", {}, "show"):
        suite.expect(shown.outcome.returncode == EXIT_USAGE
                     and "grade show needs an exercise, e.g. grade show ex1" in flat(shown.text),
                     f"{shown}: show without an exercise says what to write", shown.outcome)
    for shown in graded(suite, "help", {}, "--help"):
        text = shown.text
        order = [text.find(s) for s in ("For students:", "grade ex1 ", "For instructors:",
                                        "grade batch ", "Commands for students",
                                        "Commands for instructors")]
        suite.expect(-1 not in order and order == sorted(order),
                     f"{shown}: --help lists the student's commands first ({order})",
                     shown.outcome)
        students = text[text.find("Commands for students"):text.find("Commands for instructors")]
        suite.expect(all(re.search(rf"(?m)^  {c}\b", students) for c in ("list", "show", "init")),
                     f"{shown}: list, show and init are the student's", shown.outcome)
        examples = text[text.find("For students:"):text.find("Usage:")]
        for command in ("status", "list", "show", "init", "validate", "selftest", "batch",
                        "export", "merge", "summary"):
            suite.expect(re.search(rf"(?m)^  grade {command}\b", examples) is not None,
                         f"{shown}: an example of grade {command}", shown.outcome)
        suite.expect("{false}" not in text and "{true}" not in text,
                     f"{shown}: no CLI11 fragments", shown.outcome)


SCENARIOS = {"stderr-lines": scenario_stderr_lines, "own-pid": scenario_own_pid,
             "find-file": scenario_find_file, "build-noise": scenario_build_noise,
             "aligned": scenario_aligned, "setup-note": scenario_setup_note,
             "usage-noise": scenario_usage_noise}


if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "feedback"))

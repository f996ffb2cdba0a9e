#!/usr/bin/env python3
"""End-to-end tests of a student's memory of progress: the line on what changed since the last
attempt after `grade EXERCISE`, and `grade status` (docs/ARCHITECTURE.md, cli/grade_history.h).

    status.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    change   the template of ex1 graded, then the reference solution: the report ends with
             "Since your last attempt (...): now passing <the checks the template failed>."
             (80 and 120 columns, pipe and terminal); the same file again: "Same result ...;
             the file has not changed since."; nothing recorded with GRADE_NO_HISTORY or
             --no-history; a first attempt says nothing
    table    a folder with ex1 passed, ex2 failed, ex3 missing: `grade status` and `grade`
             alone list every exercise with its file, result and verdict, and count the passes
             (80 and 120 columns, pipe and terminal); ex2 then passes: "failed → passed";
             an edited file is marked; --format json

Each scenario has a cache of its own (XDG_CACHE_HOME in its scratch folder) and grades with one
run per grading. Runs with /usr/bin/python3 and the standard library.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from four_ways import expect_fits, flat, four_ways, too_wide
from harness import (EXIT_FAILED, EXIT_PASSED, Failure, Suite, base_env, make_short_course, run,
                     scenario_main)

QUICK = ("--repeat", "1")
LEAD = r"Since your last attempt \((just now|\d+ min ago)\): "


def env_of(suite: Suite, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in base_env().items() if k != "GRADE_NO_HISTORY"}
    return dict(env, XDG_CACHE_HOME=str(suite.scratch / "cache"), **extra)


def grade_json(suite: Suite, folder: Path, course: Path, exercise: str, env: dict) -> dict:
    """Grades FOLDER/EXERCISE.py with --format json (which is remembered too)."""
    output = suite.fresh_path(f"{exercise}-json")
    outcome = run(suite.grade_cmd(exercise, "--course", course, *QUICK, "--format", "json",
                                  "--output", output), cwd=folder, env=env)
    document = suite.read_report(f"grade {exercise}", output, outcome)
    suite.expect(document is not None and outcome.returncode in (EXIT_PASSED, EXIT_FAILED),
                 f"grade {exercise} --format json grades", outcome)
    return document or {}


def now_passing(before: dict, after: dict) -> str:
    """The sentence part naming the checks passing after and not before, as the grader names
    at most four of them."""
    was = {c["id"]: c["status"] for c in before.get("checks", [])}
    ids = [c["id"] for c in after.get("checks", [])
           if c["status"] == "pass" and was.get(c["id"]) != "pass" and c.get("level") != "advice"]
    named = ", ".join(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")
    return f"now passing {named}."


def own_lines_fit(suite: Suite, shown, words: str) -> None:
    """The lines of the change line fit (the report around it is another test's business)."""
    wide = [line for line in too_wide(shown) if any(w in line for w in words.split())]
    suite.expect(not wide, f"{shown}: the change line fits in {shown.columns} columns",
                 shown.outcome, "\n".join(wide))


def restoring(history: Path, saved: Path, argv: list) -> list:
    """argv run after the history is put back as it was in `saved`: each of the four ways then
    grades right after the same earlier attempt."""
    script = f'rm -rf "{history}" && cp -a "{saved}" "{history}" && exec "$@"'
    return ["/bin/sh", "-c", script, "sh", *[str(a) for a in argv]]


def scenario_change(suite: Suite) -> None:
    course = make_short_course(suite.source, suite.fresh_dir("course"))
    folder = suite.fresh_dir("work")
    env = env_of(suite)
    shutil.copy(suite.template("ex1"), folder / "ex1.py")
    first = run(suite.grade_cmd("ex1", "--course", course, *QUICK), cwd=folder, env=env)
    suite.expect(first.returncode == EXIT_FAILED and "last attempt" not in first.text,
                 "a first attempt: failed, and no line on a last attempt", first)
    before = grade_json(suite, folder, course, "ex1", env)
    history = suite.scratch / "cache" / "grade" / "history"
    if not history.is_dir():
        raise Failure(f"grade ex1 kept no history in {history}")
    saved = suite.scratch / "history-after-template"
    shutil.copytree(history, saved)

    shutil.copy(suite.solution("ex1"), folder / "ex1.py")
    after = grade_json(suite, folder, course, "ex1", env)
    expected = now_passing(before, after)
    suite.expect(after.get("status") == "passed" and "now passing" in expected
                 and expected != "now passing .", "the solution passes checks the template failed",
                 detail=expected)
    argv = restoring(history, saved, suite.grade_cmd("ex1", "--course", course, *QUICK))
    for shown in four_ways(suite, argv, cwd=folder, env=env):
        text = flat(shown.text)
        suite.expect(shown.outcome.returncode == EXIT_PASSED
                     and re.search(LEAD + re.escape(expected), text) is not None,
                     f"{shown}: the report ends with what changed: ... {expected}", shown.outcome)
        own_lines_fit(suite, shown, "attempt passing")

    again = run(suite.grade_cmd("ex1", "--course", course, *QUICK), cwd=folder, env=env)
    suite.expect(re.search(r"Same result as your last attempt \((just now|\d+ min ago)\); the "
                           r"file has not changed since\.", flat(again.text)) is not None,
                 "the same file again: the same result, the file unchanged", again)
    for how, extra, env_extra in (("GRADE_NO_HISTORY=1", [], {"GRADE_NO_HISTORY": "1"}),
                                  ("--no-history", ["--no-history"], {})):
        shutil.copy(suite.template("ex1"), folder / "ex1.py")
        off = run(suite.grade_cmd("ex1", "--course", course, *QUICK, *extra), cwd=folder,
                  env=env_of(suite, **env_extra))
        status = run(suite.grade_cmd("status", "--course", course, "--format", "json"),
                     cwd=folder, env=env)
        last = (json.loads(status.stdout or "{}").get("exercises") or [{}])[0].get("last") or {}
        suite.expect(off.returncode == EXIT_FAILED and "last attempt" not in off.text
                     and last.get("verdict") == "passed",
                     f"{how}: no line, and the failed grading is not remembered", off,
                     status.text)


def row(text: str, exercise: str) -> str:
    """The table's row of `exercise`, with the line under it when its verdict went there."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith(exercise + " "):
            below = lines[n + 1] if n + 1 < len(lines) and lines[n + 1].startswith("    ") else ""
            return flat(line + " " + below).strip()
    return ""


def expect_table(suite: Suite, argv: list, folder: Path, env: dict, rows: dict, count: str,
                 label: str) -> None:
    for shown in four_ways(suite, argv, cwd=folder, env=env):
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", shown.text)
        suite.expect(shown.outcome.returncode == EXIT_PASSED and count in text,
                     f"{label}, {shown}: exit 0 and '{count}'", shown.outcome)
        for exercise, pattern in rows.items():
            suite.expect(re.search(pattern, row(text, exercise)) is not None,
                         f"{label}, {shown}: {exercise}'s row matches {pattern!r}",
                         shown.outcome, row(text, exercise))
        expect_fits(suite, shown)


def scenario_table(suite: Suite) -> None:
    course = make_short_course(suite.source, suite.fresh_dir("course"))
    folder = suite.fresh_dir("work")
    env = env_of(suite)
    shutil.copy(suite.solution("ex1"), folder / "ex1.py")
    shutil.copy(suite.template("ex2"), folder / "ex2.py")
    for exercise in ("ex1", "ex2"):
        grade_json(suite, folder, course, exercise, env)
    clock = r"\d\d:\d\d"
    rows = {"ex1": rf"^ex1 ex1\.py passed (\d+)/\1 (just now|\d+ min ago) passing since {clock}$",
            "ex2": rf"^ex2 ex2\.py failed \d+/\d+ (just now|\d+ min ago) failing since {clock}$",
            "ex3": r"^ex3 missing not graded$"}
    status = suite.grade_cmd("status", "--course", course)
    expect_table(suite, status, folder, env, rows, "1 of 3 exercises passed.", "grade status")
    expect_table(suite, suite.grade_cmd("--course", course), folder, env, rows,
                 "1 of 3 exercises passed.", "grade alone")

    shutil.copy(suite.solution("ex2"), folder / "ex2.py")
    grade_json(suite, folder, course, "ex2", env)
    with open(folder / "ex1.py", "a", encoding="utf-8") as edited:
        edited.write("# edited after grading\n")
    rows["ex1"] = rf"^ex1 ex1\.py\* passed (\d+)/\1 "
    rows["ex2"] = r"^ex2 ex2\.py passed (\d+)/\1 (just now|\d+ min ago) failed → passed " \
                  r"(just now|\d+ min ago)$"
    expect_table(suite, status, folder, env, rows, "2 of 3 exercises passed.", "after ex2 passed")
    shown = run(status, cwd=folder, env=env)
    suite.expect("* edited since it was last graded" in shown.stdout,
                 "an edited file is marked and the mark explained", shown)

    listed = run([*status, "--format", "json"], cwd=folder, env=env)
    try:
        document = json.loads(listed.stdout)
    except ValueError:
        suite.expect(False, "grade status --format json writes JSON", listed)
        return
    by_id = {e.get("exercise"): e for e in document.get("exercises", [])}
    suite.expect(document.get("status_version") == 1 and document.get("passed") == 2
                 and document.get("total") == 3 and set(by_id) == {"ex1", "ex2", "ex3"}
                 and by_id["ex1"].get("changed_since_graded") is True
                 and (by_id["ex2"].get("change") or {}).get("to") == "passed"
                 and by_id["ex3"].get("file") is None and by_id["ex3"].get("last") is None,
                 "grade status --format json: every exercise, its state and the count", listed)


SCENARIOS = {"change": scenario_change, "table": scenario_table}


if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "status"))

#!/usr/bin/env python3
"""End-to-end tests of `grade export canvas`: a class graded, then Canvas's own gradebook export
(tests/fixtures/canvas/gradebook-export.csv) filled for Canvas's import.

    canvas.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    fill         the fixture (UTF-8 BOM, CRLF, quoted commas and quotes, a custom column, a
                 manual-posting row, Points Possible, totals, a student without SIS User ID,
                 an excused cell, the test student) filled by SIS User ID: the output parses as
                 CSV, keeps every column and row, changes only the exercise cells of graded
                 students (each the score `grade export csv` gives), leaves the rest byte for
                 byte; stderr names the student of the gradebook missing from Canvas and the
                 Canvas students missing from the gradebook, not the test student, and an
                 assignment worth other points than its exercise; the file is 0600; the same
                 file with `;` and LF line ends is filled the same way
    refused      no student in common (--match sis-login-id), an exercise fitting two columns,
                 a file that is not a Canvas export: exit 2, a message that says what to do,
                 and no output file

Each scenario grades a small class with one run per grading in a short copy of the course.
Runs with /usr/bin/python3 and the standard library.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import sys
from pathlib import Path

from harness import EXIT_PASSED, EXIT_USAGE, Suite, base_env, make_short_course, run, scenario_main

FIXTURE = Path("tests") / "fixtures" / "canvas" / "gradebook-export.csv"
BOM = "\ufeff"
# Canvas's columns of the course's exercises in the fixture, and the rows of the class.
COLUMNS = {"ex1": "ex1: Three processes (1001)", "ex2": "Five threads (1002)",
           "ex3": "Processes vs threads timing (1004)"}
ROWS = {"s1001": "Lovelace, Ada", "s1002": "Hopper, Grace", "s1003": "Turing, Alan"}


def grade(s: Suite, *args: str, expect: int | None = EXIT_PASSED):
    outcome = run(s.grade_cmd("--course", s.scratch / "course", *args), cwd=s.scratch,
                  env=base_env())
    if expect is not None:
        s.expect(outcome.returncode == expect,
                 f"grade {' '.join(args)}: exit {outcome.returncode}, expected {expect}", outcome)
    return outcome


def graded_class(s: Suite) -> dict[str, dict[str, str]]:
    """s1001: ex1 right, ex2 the template; s1002: ex1 the template, ex3 handed in (excused in
    Canvas); s1003: nothing; s1099: ex1 right, and not in Canvas. Returns `grade export csv`."""
    s.scratch.chmod(0o755)  # the run users must reach the submissions
    make_short_course(s.source, s.scratch)
    hand_in = {"s1001": {"ex1": s.solution("ex1"), "ex2": s.template("ex2")},
               "s1002": {"ex1": s.template("ex1"), "ex3": s.template("ex3")},
               "s1003": {}, "s1099": {"ex1": s.solution("ex1")}}
    for student, files in hand_in.items():
        (s.scratch / "class" / student).mkdir(parents=True)
        for exercise, source in files.items():
            shutil.copy(source, s.scratch / "class" / student / f"{exercise}.py")
    grade(s, "batch", "class", "--jobs", "2")
    exported = grade(s, "export", "csv").stdout
    return {row["student_id"]: row for row in csv.DictReader(io.StringIO(exported))}


def max_score(db: Path, exercise: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT max(max_score) FROM attempts WHERE exercise = ? AND "
                            "status <> 'error'", (exercise,)).fetchone()[0]


def rows_of(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline=""), delimiter=delimiter))


def check_filled(s: Suite, label: str, original: str, filled: str, scores: dict,
                 delimiter: str, line_end: str) -> None:
    before, after = rows_of(original, delimiter), rows_of(filled, delimiter)
    s.expect(filled.startswith(BOM) == original.startswith(BOM), f"{label}: the BOM is kept")
    s.expect(len(after) == len(before) and all(len(a) == len(b) for a, b in zip(after, before)),
             f"{label}: every row and column kept", detail=filled)
    header = before[0]
    changed = set()
    for row_before, row_after in zip(before, after):
        student = next((sid for sid, name in ROWS.items() if row_before[0] == name), None)
        for exercise, column in COLUMNS.items():
            i = header.index(column)
            want = row_before[i]
            if student and scores[student][exercise] != "" and row_before[i] not in ("EX", "N/A"):
                want = scores[student][exercise]
                changed.add(row_before[0])
            s.expect(row_after[i] == want,
                     f"{label}: {row_before[0]!r}/{exercise}: {row_after[i]!r}, expected {want!r}")
        others = [c for j, c in enumerate(row_after) if header[j] not in COLUMNS.values()]
        s.expect(others == [c for j, c in enumerate(row_before) if header[j] not in COLUMNS.values()],
                 f"{label}: the other cells of {row_before[0]!r} are kept")
    s.expect(changed == {"Lovelace, Ada", "Hopper, Grace"}, f"{label}: rows filled: {changed}")
    lines_before = original.split(line_end)
    lines_after = filled.split(line_end)
    untouched = [i for i, line in enumerate(lines_before)
                 if not any(line.lstrip('"').startswith(name) for name in
                            ("Lovelace, Ada", "Hopper, Grace"))]
    s.expect(all(lines_after[i] == lines_before[i] for i in untouched),
             f"{label}: the lines of other rows are byte for byte as they were", detail=filled)


def scenario_fill(s: Suite) -> None:
    scores = graded_class(s)
    s.expect(scores["s1001"]["ex1"] not in ("", "0") and scores["s1002"]["ex3"] != "",
             f"the class is graded: {scores}")
    original = (s.source / FIXTURE).read_bytes().decode("utf-8")
    output = s.scratch / "import.csv"
    outcome = grade(s, "export", "canvas", "--from", str(s.source / FIXTURE), "-o", str(output))
    filled = output.read_bytes().decode("utf-8")
    s.expect(output.stat().st_mode & 0o777 == 0o600, "the import file is the owner's alone")
    check_filled(s, "BOM and CRLF", original, filled, scores, ",", "\r\n")
    for said in ('ex1 → "ex1: Three processes (1001)"', "3 students matched",
                 "1 student of the gradebook is not in the Canvas file", "s1099",
                 "Noether, Emmy (no SIS User ID)", "O'Brien, Siobhán (SIS User ID s1005)",
                 "1 cell excused (EX) or not assigned (N/A) in Canvas"):
        s.expect(said in outcome.stderr, f"stderr says {said!r}", outcome)
    s.expect("Student, Test" not in outcome.stderr, "the test student is not reported", outcome)
    # The fixture's assignments are worth 15 (ex1) and 14 (ex2) points.
    for exercise, points in (("ex1", 15), ("ex2", 14)):
        worth = max_score(s.scratch / "gradebook.sqlite", exercise)
        warned = f"{exercise} is worth {worth} points, the Canvas assignment" in outcome.stderr
        s.expect(warned == (worth != points),
                 f"{exercise} ({worth} points, {points} in Canvas): warned {warned}", outcome)

    # The same export as Canvas writes it in a decimal-comma locale: `;`, LF.
    rows = rows_of(original)
    semicolons = io.StringIO()
    csv.writer(semicolons, delimiter=";", lineterminator="\n").writerows(rows)
    other = s.scratch / "semicolons.csv"
    other.write_text(semicolons.getvalue())
    output = s.scratch / "import-semicolons.csv"
    grade(s, "export", "canvas", "--from", str(other), "-o", str(output))
    check_filled(s, "; and LF", semicolons.getvalue(), output.read_text(), scores, ";", "\n")


def scenario_refused(s: Suite) -> None:
    graded_class(s)
    fixture = str(s.source / FIXTURE)
    ambiguous = s.scratch / "ambiguous.csv"
    ambiguous.write_bytes((s.source / FIXTURE).read_bytes().replace(
        b",Five threads (1002),", b",Five threads (1002),ex1 retake (1009),", 1))
    not_canvas = s.scratch / "grades.csv"
    grade(s, "export", "csv", "-o", str(not_canvas))
    cases = {"--match sis-login-id": (["--from", fixture, "--match", "sis-login-id"],
                                      "no student of the gradebook is in the Canvas file's "
                                      "\"SIS Login ID\" column"),
             "two columns": (["--from", str(ambiguous)], "ex1 fits several Canvas columns"),
             "not Canvas": (["--from", str(not_canvas)], "does not start with a Student column"),
             "no --from": ([], "needs --from FILE")}
    for label, (args, message) in cases.items():
        output = s.scratch / f"refused-{label.replace(' ', '-')}.csv"
        outcome = grade(s, "export", "canvas", *args, "-o", str(output), expect=EXIT_USAGE)
        s.expect(message in outcome.stderr, f"{label}: says {message!r}", outcome)
        s.expect(not output.exists(), f"{label}: no output file")


SCENARIOS = {"fill": scenario_fill, "refused": scenario_refused}

if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "canvas"))

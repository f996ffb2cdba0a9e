#!/usr/bin/env python3
"""End-to-end tests of the scoring policy (course.yaml `scoring`, docs/spec-reference.md).

    scoring.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    limit      a child that loops forever: the program is stopped by the time limit and the
               bundled course scores it 0, with the reason, in the text report (80 and 120
               columns, pipe and terminal), JSON and Gradescope's results.json
    kinds      the other rules of the bundled course: a crash after the right lines scores 0
               (abnormal_end), the untouched template 0 (no_expected_output), a wrong line
               keeps the points of the checks that passed (failed: partial)
    show       `grade show ex1` states the policy in force in plain words
    override   an exercise's own `scoring` wins over the course's, in the score and in `show`
    gradebook  `grade batch` stores the policy's score: CSV, JSON lines (with the reason),
               JUnit (with the reason) and the summary agree

The gradings use a copy of the bundled course whose ex1 has a 1 s time limit, one run each.
Runs with /usr/bin/python3 and the standard library.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from four_ways import expect_fits, flat, four_ways
from harness import EXIT_FAILED, EXIT_PASSED, Suite, base_env, run, scenario_main

# A child that never ends: the parent's join() waits until the time limit stops the run. The
# three lines are all there, so every text check passes.
LOOPING_CHILD = """\
import multiprocessing
import os
import time


def work(n):
    print(f"Process ID: {os.getpid()}", flush=True)
    while n == 2:
        time.sleep(0.05)


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=work, args=(n,)) for n in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
"""

LIMIT_REASON = ("Scored 0: run 1 was stopped by the time limit, and this course gives no points "
                "to a program stopped by a limit; the checks that passed were worth")


def short_course(suite: Suite, exercise_scoring: str = "") -> Path:
    """The bundled course (its own scoring policy) with ex1's time limit at 1 s, and
    `exercise_scoring` added to ex1's spec."""
    course = suite.fresh_dir("course")
    shutil.copy(suite.source / "course.yaml", course)
    shutil.copytree(suite.source / "exercises", course / "exercises")
    spec = course / "exercises" / "ex1.yaml"
    text, changed = re.subn(r"(?m)^  wall_time: 5s.*$", "  wall_time: 1s", spec.read_text())
    assert changed == 1, "exercises/ex1.yaml: one 'wall_time: 5s' line"
    spec.write_text(text + exercise_scoring)
    return course


def looping_child(suite: Suite) -> Path:
    path = suite.fresh_dir("looping") / "ex1.py"
    path.write_text(LOOPING_CHILD, encoding="utf-8")
    return path


def scenario_limit(suite: Suite) -> None:
    course = short_course(suite)
    program = looping_child(suite)
    argv = suite.grade_cmd("ex1", program, "--course", course, "--repeat", "1")
    for shown in four_ways(suite, argv, cwd=program.parent, env=base_env()):
        text = flat(shown.text)
        suite.expect(shown.outcome.returncode == EXIT_FAILED, f"{shown}: failed (exit 1)",
                     shown.outcome)
        suite.expect("Score: 0/15 — failed" in text, f"{shown}: Score: 0/15", shown.outcome)
        suite.expect(LIMIT_REASON in text, f"{shown}: the report says why the score is 0",
                     shown.outcome)
        if shown.columns >= 100:  # narrower: the tests of wrapping to the terminal's width
            expect_fits(suite, shown)

    outcome, document = suite.grade_json("ex1", program, "--repeat", "1", course=course)
    if document is not None:
        scoring = document.get("scoring") or {}
        suite.expect(document["score"] == 0 and document["max_score"] == 15,
                     "json: score 0 of 15", outcome, json.dumps(scoring))
        suite.expect(scoring.get("failure") == "limit" and scoring.get("credit") == "zero"
                     and scoring.get("rule_from") == "course",
                     "json: scoring names the rule that applied", outcome, json.dumps(scoring))
        passed = sum(c["points"] for c in document["checks"])
        suite.expect(passed > 0 and scoring.get("checks_score") == passed,
                     "json: checks_score is what the passed checks are worth", outcome,
                     json.dumps(scoring))
        suite.expect((scoring.get("reason") or "").startswith(LIMIT_REASON),
                     "json: the reason", outcome, json.dumps(scoring))

    results = suite.fresh_path("results")
    outcome = run(suite.grade_cmd("ex1", program, "--course", course, "--repeat", "1",
                                  "--format", "gradescope", "--output", results))
    if suite.expect(results.exists(), "gradescope: results.json written", outcome):
        gradescope = json.loads(results.read_text(encoding="utf-8"))
        suite.expect(gradescope["score"] == 0, "gradescope: score 0", outcome,
                     json.dumps(gradescope)[:2000])
        suite.expect(LIMIT_REASON in flat(gradescope["output"]),
                     "gradescope: the output says why", outcome, gradescope["output"][:2000])


def scenario_kinds(suite: Suite) -> None:
    course = short_course(suite)
    wrong = suite.source / "exercises" / "ex1" / "wrong"
    cases = [
        (wrong / "crash_after_print.py", "abnormal_end", 0,
         "Scored 0: run 1 ended with exit status 1, and this course gives no points to a "
         "program that does not finish normally"),
        (suite.template("ex1"), "no_expected_output", 0,
         "Scored 0: run 1 printed none of the lines the exercise asks for, and this course "
         "gives no points when none of those lines is printed"),
        (wrong / "two_processes.py", "failed", None, None),
    ]
    for submission, failure, score, reason in cases:
        outcome, document = suite.grade_json("ex1", submission, "--repeat", "1", course=course)
        if document is None:
            continue
        scoring = document.get("scoring") or {}
        passed = sum(c["points"] for c in document["checks"])
        where = f"{submission.name}: "
        suite.expect(scoring.get("failure") == failure, where + f"the rule is {failure}",
                     outcome, json.dumps(scoring))
        want = passed if score is None else score
        suite.expect(passed > 0 and document["score"] == want,
                     where + f"score {want} (its checks are worth {passed})", outcome,
                     json.dumps(scoring))
        suite.expect(reason is None and scoring.get("reason") is None
                     or reason is not None and (scoring.get("reason") or "").startswith(reason),
                     where + "the reason", outcome, json.dumps(scoring))
        text = run(suite.grade_cmd("ex1", submission, "--course", course, "--repeat", "1"),
                   env=base_env(COLUMNS="100"))
        suite.expect(f"Score: {want}/15" in text.stdout
                     and (reason is None) == ("Scored 0:" not in text.stdout),
                     where + "the text report shows the same score, and a reason only for 0",
                     text)
    outcome, document = suite.grade_json("ex1", suite.solution("ex1"), "--repeat", "1",
                                         course=course)
    suite.expect(document is not None and document["score"] == 15
                 and "scoring" in document and document["scoring"] is None,
                 "the solution: 15/15, no policy applied",
                 outcome)


POLICY_LINES = (
    "a run stopped by a limit (time, memory, output, processes): 0 points",
    "a program that crashes or ends with a non-zero exit status: 0 points",
    "a program that prints none of the lines asked for: 0 points",
    "any other failure: the points of the checks that passed",
)


def scenario_show(suite: Suite) -> None:
    outcome = run(suite.grade_cmd("show", "ex1", "--course", suite.source),
                  env=base_env(COLUMNS="200"))
    suite.expect(outcome.returncode == EXIT_PASSED, "show: exit 0", outcome)
    text = flat(outcome.stdout)
    suite.expect("Scoring: all points when every check passes in every run. A failed grading "
                 "scores, by the first case that fits:" in text, "show: the scoring paragraph", outcome)
    for line in POLICY_LINES:
        suite.expect(line in text, f"show: {line!r}", outcome)


def scenario_override(suite: Suite) -> None:
    course = short_course(suite, "\nscoring:\n  limit: partial\n")
    program = looping_child(suite)
    outcome, document = suite.grade_json("ex1", program, "--repeat", "1", course=course)
    if document is not None:
        scoring = document.get("scoring") or {}
        passed = sum(c["points"] for c in document["checks"])
        suite.expect(passed > 0 and document["score"] == passed
                     and scoring.get("failure") == "limit" and scoring.get("credit") == "partial"
                     and scoring.get("rule_from") == "exercise" and scoring.get("reason") is None,
                     "override: the exercise's limit: partial wins over the course's zero",
                     outcome, json.dumps(scoring))
    text = run(suite.grade_cmd("ex1", program, "--course", course, "--repeat", "1"))
    suite.expect("Scored 0" not in text.stdout and f"Score: {passed}/15" in text.stdout
                 if document is not None else False,
                 "override: the text report keeps the points, with no reason", text)
    show = run(suite.grade_cmd("show", "ex1", "--course", course), env=base_env(COLUMNS="200"))
    shown = flat(show.stdout)
    suite.expect("a run stopped by a limit (time, memory, output, processes): the "
                 "points of the checks that passed (this exercise's own rule)" in shown
                 and POLICY_LINES[1] in shown,
                 "override: show marks the exercise's own rule, the course's others", show)

    # The course's zero again, set by the exercise itself: the reason names the exercise.
    course = short_course(suite, "\nscoring:\n  limit: zero\n")
    outcome, document = suite.grade_json("ex1", program, "--repeat", "1", course=course)
    if document is not None:
        reason = (document.get("scoring") or {}).get("reason") or ""
        suite.expect(document["score"] == 0 and "and this exercise gives no points" in reason,
                     "override: a rule of the exercise is named as the exercise's", outcome,
                     reason)

    bad = short_course(suite, "\nscoring:\n  limit: zer0\n")
    outcome = run(suite.grade_cmd("show", "ex1", "--course", bad))
    suite.expect(outcome.returncode != EXIT_PASSED and re.search(
        r"ex1\.yaml:\d+:\d+: scoring limit must be 'zero' or 'partial', found 'zer0'; "
        r"did you mean 'zero'\?", outcome.stderr) is not None,
        "override: a misspelt value is an error at file:line:col with a suggestion", outcome)


def scenario_gradebook(suite: Suite) -> None:
    course = short_course(suite)
    class_dir = suite.fresh_dir("class")
    handed_in = {"alice": looping_child(suite), "bob": suite.template("ex1"),
                 "carol": suite.solution("ex1")}
    for student, file in handed_in.items():
        (class_dir / student).mkdir()
        shutil.copy(file, class_dir / student / "ex1.py")
    db = suite.scratch / "gradebook.sqlite"
    common = ("--course", course)
    batch = run(suite.grade_cmd(*common, "batch", class_dir, "--exercises", "ex1", "--jobs", 2,
                                "--repeat", 1, "--db", db), timeout=60)
    suite.expect(batch.returncode == EXIT_PASSED, "batch: every student graded (exit 0)", batch)

    csv = run(suite.grade_cmd(*common, "export", "csv", "--db", db, "--no-total",
                              "--exercises", "ex1"))
    rows = dict(line.split(",", 1) for line in csv.stdout.splitlines()[1:])
    suite.expect(rows == {"alice": "0", "bob": "0", "carol": "15"},
                 f"gradebook: the policy's scores in the CSV ({rows})", csv)

    jsonl = run(suite.grade_cmd(*common, "export", "jsonl", "--db", db))
    documents = {d["student"]["id"]: d for d in suite.keep_jsonl("export", jsonl.stdout, jsonl)}
    alice = documents.get("alice") or {}
    suite.expect(alice.get("score") == 0
                 and ((alice.get("scoring") or {}).get("reason") or "").startswith(LIMIT_REASON),
                 "gradebook: the stored document has the score and the reason", jsonl,
                 json.dumps(alice.get("scoring")))

    junit = run(suite.grade_cmd(*common, "export", "junit", "--db", db))
    suite.expect(re.search(r'<testsuite name="alice/ex1".*?<property name="score" value="0"/>'
                           r'.*?<system-out>[^<]*' + re.escape(LIMIT_REASON), junit.stdout,
                           re.S) is not None,
                 "gradebook: JUnit export scores alice 0 and says why", junit)

    summary = run(suite.grade_cmd(*common, "summary", "--db", db))
    suite.expect(summary.returncode == 0 and re.search(r"(?m)^\s*ex1\b.*\b5\.0\b", summary.stdout)
                 is not None, "gradebook: the summary's mean score is (0 + 0 + 15) / 3", summary)


SCENARIOS = {"limit": scenario_limit, "kinds": scenario_kinds, "show": scenario_show,
             "override": scenario_override, "gradebook": scenario_gradebook}


if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "scoring"))

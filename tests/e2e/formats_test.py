#!/usr/bin/env python3
"""End-to-end tests of the machine formats and of hidden checks, on the real `grade` binary.

    formats_test.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    junit       --format junit on a pass, near misses, a failed build and hostile output
                (control characters, "]]>", invalid UTF-8): every document is valid against
                tests/schemas/junit.xsd (xmllint) and its counts match the JSON report
    gradescope  --format gradescope on the same: valid against
                tests/schemas/gradescope-results.schema.json, scores equal the JSON report's
    hidden      the fixture course tests/fixtures/hidden (checks marked hidden): the student
                view of the text, JSON and JUnit reports and `grade show` say nothing of what
                hidden checks check; the instructor view and Gradescope's hidden tests do
    bidi        a submission printing bidi overrides (U+202E, U+2066...) and line or paragraph
                separators (U+2028, U+2029), named with one too: the text, JUnit and Gradescope
                reports show them as visible escapes (\u202e), never the raw character that
                would let a renderer reorder or split a line into a fake "Score: 15/15"

Each scenario is one CTest test (tests/e2e/CMakeLists.txt). Runs with /usr/bin/python3
(python3-jsonschema) and needs xmllint (libxml2-utils); its helpers are in harness.py.
"""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from harness import EXIT_FAILED, EXIT_PASSED, Outcome, Suite, arguments, make_scratch, run

# Every kind of byte that can break XML or JSON, in stdout and stderr of a near miss of ex1.
HOSTILE_PROGRAM = r'''
import sys
sys.stdout.buffer.write(b"Process ID: 1\x00\x01\x07\x1b[2J ]]> <t a=\"x\"> & \xff\xfe"
                        b" \xed\xa0\x80 \xef\xbf\xbf \xc2\x9b end\n")
sys.stderr.buffer.write(b"]]>\x0b\x0c\xc0\xaf <![CDATA[ x ]]>\n")
'''


def grade_to(suite: Suite, fmt: str, exercise: str, submission: Path, *extra: str,
             course: Path | None = None) -> tuple[Outcome, Path | None]:
    """Grades into a fresh file with --format FMT; returns the outcome and the file (None when
    grade wrote nothing)."""
    output = suite.fresh_path(f"{exercise}-{submission.stem}-{fmt}",
                              ".xml" if fmt == "junit" else ".json")
    outcome = run(suite.grade_cmd(exercise, submission, "--course", course or suite.source,
                                  "--repeat", "1", *extra, "--format", fmt, "--output", output))
    if not suite.expect(output.exists() and output.stat().st_size > 0,
                        f"grade {exercise} {submission.name} --format {fmt} wrote {output.name}",
                        outcome):
        return outcome, None
    return outcome, output


def validate_json(suite: Suite, schema: Path, path: Path, outcome: Outcome) -> dict | None:
    checked = suite.validate([path], schema)
    if not suite.expect(checked.returncode == 0, f"{path.name} is valid against {schema.name}",
                        outcome, checked.text):
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def validate_xml(suite: Suite, path: Path, outcome: Outcome) -> ElementTree.Element | None:
    xsd = suite.source / "tests" / "schemas" / "junit.xsd"
    checked = run(["xmllint", "--noout", "--schema", xsd, path], timeout=60)
    if not suite.expect(checked.returncode == 0, f"{path.name} is valid against junit.xsd",
                        outcome, checked.text):
        return None
    return ElementTree.parse(path).getroot()


def hostile_submission(suite: Suite) -> Path:
    folder = suite.fresh_dir("hostile")
    path = folder / "hostile.py"
    path.write_text(HOSTILE_PROGRAM, encoding="utf-8")
    return path


def samples(suite: Suite) -> list[tuple[str, Path, int]]:
    """(exercise, submission, expected exit code): a pass, near misses, a failed build, hostile
    output."""
    return [("ex1", suite.solution("ex1"), EXIT_PASSED),
            ("ex2", suite.near_miss("ex2/processes_not_threads.py"), EXIT_FAILED),
            ("ex1", suite.near_miss("ex1/fake_pids.py"), EXIT_FAILED),
            ("ex1", suite.near_miss("ex1/colored_output.py"), EXIT_FAILED),
            ("ex1", suite.near_miss("ex1/syntax_error.py"), EXIT_FAILED),
            ("ex1", hostile_submission(suite), EXIT_FAILED)]


def graded_samples(suite: Suite, fmt: str):
    """Each of samples() graded with --format FMT, its exit code checked: (exercise,
    submission, where, outcome, file); file is None when grade wrote nothing."""
    for exercise, submission, code in samples(suite):
        outcome, path = grade_to(suite, fmt, exercise, submission)
        where = f"{fmt} of {exercise} {submission.name}"
        if path is not None:
            suite.expect(outcome.returncode == code, f"{where}: exit {code}", outcome)
        yield exercise, submission, where, outcome, path


def scenario_junit(suite: Suite, args) -> None:
    if not suite.expect(shutil.which("xmllint") is not None,
                        "xmllint is installed (apt install libxml2-utils)"):
        return
    for exercise, submission, where, outcome, path in graded_samples(suite, "junit"):
        if path is None:
            continue
        root = validate_xml(suite, path, outcome)
        _, document = suite.grade_json(exercise, submission, "--repeat", "1")
        if root is None or document is None:
            continue
        suites = root.findall("testsuite")
        if not suite.expect(len(suites) == 1, f"{where}: one testsuite", outcome):
            continue
        cases = suites[0].findall("testcase")
        checks = document["checks"]
        failed = [c for c in cases if c.find("failure") is not None]
        built = document["build"] is not None
        suite.expect(len(cases) == len(checks) + (1 if built else 0)
                     and suites[0].get("tests") == str(len(cases)),
                     f"{where}: a test case per check (and the build)", outcome,
                     f"{len(cases)} cases, {len(checks)} checks")
        # A failed advice check fails nobody: a passing test case with its details.
        want_failures = sum(c["status"] == "fail" and c["level"] != "advice" for c in checks) + \
            (1 if built and not document["build"]["ok"] else 0)
        suite.expect(len(failed) == want_failures == int(suites[0].get("failures")),
                     f"{where}: failures match the JSON report ({want_failures})", outcome)
        suite.expect(all(c.get("classname") == f"pvt-1.{exercise}" for c in cases),
                     f"{where}: classname is COURSE.EXERCISE", outcome)
    raw = path.read_bytes() if path else b""
    suite.expect(b"\x1b" not in raw and b"\x00" not in raw and b"]]>" not in raw,
                 "junit of hostile output: no raw control characters or ]]>")


def scenario_gradescope(suite: Suite, args) -> None:
    schema = suite.source / "tests" / "schemas" / "gradescope-results.schema.json"
    for exercise, submission, where, outcome, path in graded_samples(suite, "gradescope"):
        if path is None:
            continue
        results = validate_json(suite, schema, path, outcome)
        _, document = suite.grade_json(exercise, submission, "--repeat", "1")
        if results is None or document is None:
            continue
        tests = results["tests"]
        # The tests keep their points; a score the scoring policy made 0 is 0 on top.
        scoring = document["scoring"]
        checks_score = scoring["checks_score"] if scoring else document["score"]
        suite.expect(results["score"] == document["score"]
                     and sum(t["score"] for t in tests) == checks_score,
                     f"{where}: score {document['score']}, the tests' sum {checks_score}",
                     outcome, json.dumps(results, indent=1)[:3000])
        if scoring and scoring["reason"]:
            suite.expect(results["score"] == 0 and scoring["reason"] in results["output"],
                         f"{where}: a score the policy made 0 says why", outcome,
                         results["output"])
        suite.expect(sum(t["max_score"] for t in tests) == document["max_score"],
                     f"{where}: the tests are worth max_score", outcome)
        suite.expect([t["status"] == "passed" for t in tests]
                     == [c["status"] == "pass" or c["level"] == "advice"
                         for c in document["checks"]],
                     f"{where}: test status follows check status", outcome)
        if document["build"] is not None and not document["build"]["ok"]:
            suite.expect(results["score"] == 0 and "build failed" in results["output"],
                         f"{where}: a failed build scores 0 and says so", outcome,
                         results["output"])


def scenario_hidden(suite: Suite, args) -> None:
    course = suite.source / "tests" / "fixtures" / "hidden"
    fake = suite.near_miss("ex1/fake_pids.py")  # fails the hidden check real-processes
    secrets = ("really creates", "printed PID is a real", "a hidden hint", "real-processes'",
               "it created 0")

    text = run(suite.grade_cmd("pids", fake, "--course", course))
    suite.expect(text.returncode == EXIT_FAILED, "hidden: the fake fails (exit 1)", text)
    suite.expect("2 hidden checks: 1 failed, 1 not made" in text.stdout,
                 "hidden: the student's text report sums up the hidden checks", text)
    suite.expect("not checked, because it needs a hidden check, which did not pass" in text.stdout,
                 "hidden: a visible check that depends on one does not name it", text)
    for secret in secrets:
        suite.expect(secret not in text.stdout, f"hidden: the text report hides {secret!r}", text)
    verbose = run(suite.grade_cmd("pids", fake, "--course", course, "--verbose"))
    suite.expect(not any(s in verbose.stdout for s in secrets),
                 "hidden: --verbose hides them too", verbose)
    teacher = run(suite.grade_cmd("pids", fake, "--course", course, "--view", "instructor"))
    suite.expect("The program really creates three processes (hidden)" in teacher.stdout
                 and "a hidden hint" in teacher.stdout,
                 "hidden: the instructor's text report shows them, marked", teacher)

    _, student = suite.grade_json("pids", fake, course=course)
    _, instructor = suite.grade_json("pids", fake, "--view", "instructor", course=course)
    if student is not None and instructor is not None:
        dumped = json.dumps(student)
        suite.expect(student["view"] == "student" and not any(s in dumped for s in secrets),
                     "hidden: the student's JSON hides them", None, dumped[:3000])
        hidden = [c for c in student["checks"] if c["hidden"]]
        suite.expect([c["id"] for c in hidden] == ["real-processes", "pids-are-real"]
                     and all(c["title"] == "hidden check" for c in hidden),
                     "hidden: the student's JSON keeps the entries", None, dumped[:3000])
        suite.expect(student["score"] == instructor["score"] == 6
                     and student["max_score"] == 10,
                     "hidden: both views score 6/10", None, dumped[:3000])
        suite.expect(instructor["checks"][2]["title"] ==
                     "The program really creates three processes"
                     and instructor["checks"][2]["hidden"] is True,
                     "hidden: the instructor's JSON has every detail")

    for view in ("student", "instructor"):
        outcome, path = grade_to(suite, "junit", "pids", fake, "--view", view, course=course)
        if path is not None and validate_xml(suite, path, outcome) is not None:
            body = path.read_text(encoding="utf-8")
            shown = any(s in body for s in secrets)
            suite.expect(shown == (view == "instructor"),
                         f"hidden: junit --view {view} {'shows' if shown else 'hides'} them",
                         outcome, body)

    outcome, path = grade_to(suite, "gradescope", "pids", fake, course=course)
    schema = suite.source / "tests" / "schemas" / "gradescope-results.schema.json"
    results = validate_json(suite, schema, path, outcome) if path else None
    if results is not None:
        hidden = [t for t in results["tests"] if t["visibility"] == "hidden"]
        suite.expect([t["name"] for t in hidden] == ["The program really creates three processes",
                                                     "Every printed PID is a real new process"],
                     "hidden: gradescope has hidden tests, with their names", outcome)
        suite.expect(not any(s in results["output"] for s in secrets),
                     "hidden: gradescope's top-level output names no hidden check", outcome)

    bad = run(suite.grade_cmd("pids", fake, "--course", course, "--view", "teacher"))
    suite.expect(bad.returncode == 2, "hidden: an unknown --view is a usage error (exit 2)", bad)

    shown = run(suite.grade_cmd("show", "pids", "--course", course))
    suite.expect("2 hidden checks whose details are not shown (3 points)" in shown.stdout
                 and "really creates" not in shown.stdout,
                 "hidden: grade show lists them only as a count", shown)


# Characters a renderer acts on rather than shows: bidi embeddings, overrides, isolates and
# marks, and the line and paragraph separators.
INVISIBLE_CONTROLS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                      "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029")

BIDI_PROGRAM = r'''
import sys
print("Process ID: 1 \u202eSCORE\u202c \u2066x\u2069 \u200e\u200f\u061c"
      "\u2028Score: 15/15 \u2014 passed\u2029done")
print("\u202a\u202b\u202d\u2067\u2068 \u2028 again", file=sys.stderr)
'''


def scenario_bidi(suite: Suite, args) -> None:
    folder = suite.fresh_dir("bidi")
    # The file's name carries an override too: it is shown in every report.
    submission = folder / "ex1\u202egnp.py"
    submission.write_text(BIDI_PROGRAM, encoding="utf-8")
    for fmt in ("text", "junit", "gradescope"):
        output = suite.fresh_path(f"bidi-{fmt}", ".out")
        outcome = run(suite.grade_cmd("ex1", submission, "--course", suite.source, "--repeat",
                                      "1", "--view", "instructor", "--format", fmt,
                                      "--output", output))
        if not suite.expect(output.exists() and outcome.returncode == EXIT_FAILED,
                            f"bidi: --format {fmt} grades and writes a report", outcome):
            continue
        text = output.read_text(encoding="utf-8")
        raw = sorted({f"U+{ord(c):04X}" for c in INVISIBLE_CONTROLS if c in text})
        suite.expect(not raw, f"bidi: --format {fmt} has no raw {', '.join(raw)}", outcome,
                     text[:3000])
        suite.expect("\\u202e" in text and "\\u2028" in text,
                     f"bidi: --format {fmt} shows them as visible escapes", outcome, text[:3000])
        if fmt == "gradescope":
            document = json.loads(text)
            strings = [document["output"]] + [t[key] for t in document["tests"]
                                              for key in ("name", "output")]
            suite.expect(not any(c in s for s in strings for c in INVISIBLE_CONTROLS),
                         "bidi: no results.json string holds one", outcome)
    # The terminal sees the same as the file.
    outcome = run(suite.grade_cmd("ex1", submission, "--course", suite.source, "--repeat", "1"))
    suite.expect(not any(c in outcome.stdout + outcome.stderr for c in INVISIBLE_CONTROLS),
                 "bidi: the text report on stdout has none raw", outcome)


SCENARIOS = {"junit": scenario_junit, "gradescope": scenario_gradescope,
             "hidden": scenario_hidden, "bidi": scenario_bidi}


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()

    suite = Suite(grade=args.grade.resolve(), source=args.source.resolve(),
                  scratch=make_scratch(f"grade-formats-{args.scenario}-"))
    print(f"scenario {args.scenario}: grade={suite.grade} source={suite.source}", flush=True)
    return suite.conclude(lambda: SCENARIOS[args.scenario](suite, args), args.keep)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""End-to-end tests of `grade selftest` (docs/instructors.md, "Testing a course").

    selftest.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--repeat N] [--keep]

    course   the bundled course holds: every reference solution gets full marks in each of
             --repeat gradings, every template fails, every near miss of exercises/<id>/wrong/
             fails first on the check it declares (exit 0, JSON checked case by case)
    broken   a copy of the course in which a near miss declares the wrong check and the
             reference solution is the template: exit 1 and a line for each; a near miss that
             declares nothing or an unknown check: exit 2 before anything is graded; usage errors

Runs with /usr/bin/python3 and the standard library.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

from harness import (EXIT_FAILED, EXIT_PASSED, EXIT_USAGE, Suite, course_exercise_ids, run,
                     scenario_main)

SUFFIXES = {".py", ".cpp", ".c", ".ipynb"}
LANGUAGES = ("python", "cpp", "c", "notebook")  # course.yaml's, in its order


def accepted_languages(source: Path, exercise: str) -> list[str]:
    """The spec's top-level `languages: [...]`, else every language of the course."""
    spec = (source / "exercises" / f"{exercise}.yaml").read_text()
    match = re.search(r"(?m)^languages: \[(.*?)\]", spec)
    return [lang.strip() for lang in match.group(1).split(",")] if match else list(LANGUAGES)


def declared_near_misses(source: Path) -> dict[str, str]:
    """'ex1/wrong/two_processes.py' -> the check it declares, as written in the file."""
    found = {}
    for path in sorted((source / "exercises").glob("*/wrong/*")):
        if path.suffix in SUFFIXES:
            match = re.search(r"selftest: fails ([A-Za-z0-9_-]+)", path.read_text())
            found[f"{path.parent.parent.name}/wrong/{path.name}"] = match and match.group(1)
    return found


def scenario_course(suite: Suite) -> None:
    args = suite.args
    started = time.monotonic()
    outcome = run(suite.grade_cmd("selftest", "--course", suite.source, "--repeat", args.repeat,
                                  "-j", "2", "--format", "json"), timeout=600)
    suite.note(f"grade selftest --repeat {args.repeat}: {time.monotonic() - started:.1f} s")
    try:
        document = json.loads(outcome.stdout)
    except ValueError:
        suite.expect(False, "grade selftest --format json writes one JSON document", outcome)
        return
    cases = document.get("cases", [])
    bad = [f"{c['exercise']} {c['language']} {c['name']}: {c['result']}"
           for c in cases if not c.get("holds")]
    suite.expect(outcome.returncode == EXIT_PASSED and document.get("holds") is True and not bad,
                 "the bundled course holds (exit 0)", outcome, "\n".join(bad))
    suite.expect(document.get("selftest_version") == 1 and document.get("problems") == []
                 and document.get("cases_total") == len(cases)
                 and document.get("repeat") == args.repeat,
                 "the document's shape", detail=json.dumps({k: v for k, v in document.items()
                                                            if k != "cases"}))
    for kind in ("solution", "template"):
        seen = sorted((c["exercise"], c["language"]) for c in cases if c["kind"] == kind)
        wanted = sorted((ex, lang) for ex in course_exercise_ids(suite.source)
                        for lang in accepted_languages(suite.source, ex))
        suite.expect(seen == wanted, f"a {kind} case per exercise and language",
                     detail=f"{seen}")
    solutions = [c for c in cases if c["kind"] == "solution"]
    suite.expect(all(c["graded"] == c["full_marks"] == args.repeat for c in solutions),
                 f"every reference solution graded {args.repeat} time(s), full marks each time",
                 detail="\n".join(f"{c['file']}: {c['result']}" for c in solutions))
    declared = declared_near_misses(suite.source)
    tested = {f"{c['exercise']}/{c['name']}": c for c in cases if c["kind"] == "near_miss"}
    suite.expect(set(tested) == set(declared), "every near miss of exercises/*/wrong/ is tested",
                 detail=f"missing: {sorted(set(declared) - set(tested))}")
    for name, check in declared.items():
        case = tested.get(name, {})
        suite.expect(case.get("expected_check") == check and case.get("first_failing") == check
                     and case.get("result") == f"failed first on {check} as declared",
                     f"{name} fails first on {check}", detail=json.dumps(case, indent=1))


def copy_course(suite: Suite) -> Path:
    """The bundled course in the scratch folder, with ex1's python near misses cut to two."""
    course = suite.fresh_dir("course")
    shutil.copyfile(suite.source / "course.yaml", course / "course.yaml")
    for folder in ("exercises", "solutions", "templates"):
        shutil.copytree(suite.source / folder, course / folder)
    for path in (course / "exercises" / "ex1" / "wrong").iterdir():
        if path.name not in ("two_processes.py", "wrong_format.py"):
            path.unlink()
    return course


def selftest(suite: Suite, course: Path, *extra) -> tuple:
    return run(suite.grade_cmd("selftest", "--course", course, "ex1", "--language", "python",
                               "--repeat", "1", *extra), timeout=300)


def scenario_broken(suite: Suite) -> None:
    course = copy_course(suite)
    wrong = course / "exercises" / "ex1" / "wrong"
    near = wrong / "two_processes.py"
    near.write_text(near.read_text().replace("fails three-pid-lines", "fails distinct-pids"))
    shutil.copyfile(course / "templates" / "python" / "ex1.py",
                    course / "solutions" / "python" / "ex1.py")
    outcome = selftest(suite, course)
    suite.expect(outcome.returncode == EXIT_FAILED, "a case that does not hold: exit 1", outcome)
    lines = outcome.stdout.splitlines()
    suite.expect(any(re.search(r"wrong/two_processes\.py +to fail on distinct-pids +FAILED: "
                               r"expected to fail on distinct-pids, failed first on "
                               r"three-pid-lines", line) for line in lines),
                 "the near miss's line says what was expected and what happened", outcome)
    suite.expect(any(re.search(r"solution +full marks ×1 +FAILED: 0/1 full marks; grading 1 "
                               r"failed first on three-pid-lines", line) for line in lines),
                 "the solution's line says it did not get full marks", outcome)
    suite.expect(any("wrong_format.py" in line and "as declared" in line for line in lines)
                 and "4 case(s): 2 hold, 2 DO NOT HOLD" in outcome.stdout,
                 "the other cases still hold, and the closing line counts", outcome)
    as_json = selftest(suite, course, "--format", "json")
    document = json.loads(as_json.stdout) if as_json.stdout.startswith("{") else {}
    suite.expect(as_json.returncode == EXIT_FAILED and document.get("holds") is False
                 and document.get("cases_failing") == 2, "the same in JSON", as_json)

    near.write_text(near.read_text().replace("# selftest: fails distinct-pids\n", ""))
    (wrong / "wrong_format.py").write_text(
        (wrong / "wrong_format.py").read_text().replace("three-pid-lines", "three-pid-line"))
    outcome = selftest(suite, course)
    suite.expect(outcome.returncode == EXIT_USAGE and "nothing was graded" in outcome.stdout,
                 "declarations missing or wrong: exit 2, nothing graded", outcome)
    suite.expect("two_processes.py does not say which check it must fail first: write "
                 "`# selftest: fails CHECK`" in outcome.stdout,
                 "an undeclared near miss: what to write", outcome)
    suite.expect(re.search(r"wrong_format\.py:2:1: error: wrong_format\.py declares check "
                           r"'three-pid-line', .*did you mean 'three-pid-lines'", outcome.stdout)
                 is not None, "an unknown check: file:line and a suggestion", outcome)

    for extra, what in ((("--language", "rust"), "no language 'rust'"),
                        (("--format", "junit"), "grade selftest writes a table"),
                        (("--timings",), "grade selftest writes a table"),
                        (("ex9",), "no exercise 'ex9'")):
        outcome = run(suite.grade_cmd("selftest", "--course", course, *extra))
        suite.expect(outcome.returncode == EXIT_USAGE and what in outcome.stderr,
                     f"selftest {' '.join(extra)}: exit 2, {what!r}", outcome)


SCENARIOS = {"course": scenario_course, "broken": scenario_broken}


def options(parser) -> None:
    parser.add_argument("--repeat", type=int, default=1, help="course: gradings per solution")


if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "selftest", options))

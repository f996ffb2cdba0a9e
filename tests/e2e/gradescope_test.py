#!/usr/bin/env python3
"""End-to-end test of the Gradescope autograder files in docs/gradescope/.

    gradescope_test.py --grade PATH/TO/grade --source SOURCE_DIR [--keep]

Builds fake /autograder trees in a scratch folder (source/grade.conf, submission/, results/),
runs docs/gradescope/run_autograder on each with AUTOGRADER_ROOT pointing there and GRADE_BIN
at the built binary, and checks that results/results.json is always written, valid against
tests/schemas/gradescope-results.schema.json, and scores what it should: the reference
solution full marks, a broken submission 0 with the compiler's message, hidden checks as hidden
tests, and score 0 with a reason when there is nothing to grade or grade cannot start.

Runs with /usr/bin/python3 (python3-jsonschema). setup.sh is only checked for syntax: it
installs packages and builds grade, which a test cannot do to the machine.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from harness import Suite, arguments, base_env, make_scratch, run, validate_json

TIMEOUT = 180  # seconds for one run_autograder


@dataclass
class Case:
    name: str
    conf: str                      # source/grade.conf
    files: dict[str, Path | str]   # submission/<path>: a file to copy, or its text
    want_score: int | None         # None: do not compare
    want_output: str = ""          # a phrase of the top-level output
    want_tests: int | None = None  # number of tests
    env: dict[str, str] | None = None
    want_hidden: tuple[str, ...] = ()  # names of the tests with visibility hidden


def run_case(case: Case, args, scratch: Path) -> list[str]:
    """Runs one case; returns its problems."""
    root = scratch / case.name
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    (root / "source" / "grade.conf").write_text(case.conf, encoding="utf-8")
    for relative, content in case.files.items():
        target = root / "submission" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    stale = root / "results" / "results.json"
    stale.parent.mkdir()
    stale.write_text('{"score": 99}', encoding="utf-8")  # from an earlier submission

    env = base_env(AUTOGRADER_ROOT=str(root), GRADE_BIN=str(args.grade))  # no GRADE_COURSE
    env.pop("GRADE_EXERCISE", None)
    env.update(case.env or {})
    script = args.source / "docs" / "gradescope" / "run_autograder"
    done = run([script], env=env, cwd=scratch, timeout=TIMEOUT)
    log = f"run_autograder exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    problems = []
    if done.returncode != 0:
        problems.append(f"run_autograder exited with {done.returncode}, not 0\n{log}")
    results = root / "results" / "results.json"
    checked = validate_json(args.source, [results],
                            args.source / "tests" / "schemas" / "gradescope-results.schema.json")
    if checked.returncode != 0:
        return problems + [f"results.json is not valid:\n{checked.stderr}\n{log}"]
    document = json.loads(results.read_text(encoding="utf-8"))
    shown = json.dumps(document, indent=1)[:4000]
    tests = document["tests"]
    if case.want_score is not None and document["score"] != case.want_score:
        problems.append(f"score {document['score']}, want {case.want_score}\n{shown}\n{log}")
    if sum(t["score"] for t in tests) != document["score"]:
        problems.append(f"the score is not the sum of the tests' scores\n{shown}")
    if case.want_output and case.want_output not in document["output"]:
        problems.append(f"the output does not say {case.want_output!r}\n{shown}\n{log}")
    if case.want_tests is not None and len(tests) != case.want_tests:
        problems.append(f"{len(tests)} tests, want {case.want_tests}\n{shown}")
    hidden = tuple(t["name"] for t in tests if t["visibility"] == "hidden")
    if hidden != case.want_hidden:
        problems.append(f"hidden tests {hidden}, want {case.want_hidden}\n{shown}")
    return problems


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0])
    args = parser.parse_args()
    args.grade = args.grade.resolve()
    args.source = args.source.resolve()

    solution = args.source / "solutions" / "python" / "ex1.py"
    wrong = args.source / "exercises" / "ex1" / "wrong"  # near misses (grade selftest)
    failed_builds = args.source / "tests" / "fixtures" / "submissions" / "ex1"
    course = f"course={args.source}\n"
    hidden_course = f"course={args.source / 'tests' / 'fixtures' / 'hidden'}\n"
    # One Gradescope test per check of the exercise.
    ex1_checks = len(re.findall(r"^  - id: ", (args.source / "exercises" / "ex1.yaml")
                                .read_text(encoding="utf-8"), re.M))
    cases = [
        Case("solution", "exercise=ex1\n" + course, {"ex1.py": solution}, 15, "Score: 15/15",
             want_tests=ex1_checks),
        Case("broken", "# a comment\n exercise = ex1 \n" + course,
             {"ex1.py": failed_builds / "syntax_error.py"}, 0, "build failed", want_tests=ex1_checks),
        Case("only-file-renamed", "exercise=ex1\n" + course,
             {"work/my_solution.py": solution, ".git/config": "x"}, 15),
        Case("exercise-from-env", "exercise=ex2\n" + course, {"ex1.py": solution}, 15,
             env={"GRADE_EXERCISE": "ex1"}),
        Case("hidden", "exercise=pids\n" + hidden_course, {"pids.py": wrong / "fake_pids.py"}, 6,
             want_hidden=("The program really creates three processes",
                          "Every printed PID is a real new process")),
        Case("two-files", "exercise=ex1\n" + course,
             {"a.py": solution, "b.py": solution}, 0, "Submit exactly one file", want_tests=0),
        Case("nothing-submitted", "exercise=ex1\n" + course, {}, 0, "Nothing was submitted",
             want_tests=0),
        Case("not-set-up", course, {"ex1.py": solution}, 0, "no exercise is named",
             want_tests=0),
        Case("grade-missing", "exercise=ex1\n" + course, {"ex1.py": solution}, 0,
             "could not grade", want_tests=0, env={"GRADE_BIN": "/nonexistent/grade"}),
        Case("unknown-exercise", "exercise=ex9\n" + course, {"ex9.py": solution}, 0,
             "ex9", want_tests=0),
    ]

    suite = Suite(args.grade, args.source, make_scratch("grade-gradescope-"))

    def run_all() -> None:
        for script in ("setup.sh", "run_autograder"):
            syntax = run(["bash", "-n", args.source / "docs" / "gradescope" / script])
            suite.expect(syntax.returncode == 0, f"{script} is valid bash", syntax)
        for case in cases:
            problems = run_case(case, args, suite.scratch)
            if suite.expect(not problems, case.name, detail="\n".join(problems)):
                print(f"ok   {case.name}", flush=True)

    return suite.conclude(run_all, args.keep)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""End-to-end tests of the `grade` binary over the bundled course.

    run_cases.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--only EXERCISE] [--keep]

Each scenario is one CTest test (tests/e2e/CMakeLists.txt). They drive the real binary the
way a student or instructor would and check exit codes, the JSON result documents, the text
report and the command-line interface:

    direct                  the course files themselves, without `grade`: reference solutions
                            keep the output contracts (also with PYTHONUNBUFFERED=1),
                            templates run but print no contract
                            line, every near-miss is listed in cases.json and compiles (or
                            not) as the manifest says
    solutions               every reference solution passes, 5 gradings in a row
    templates               every starter template is graded "failed" (exit 1)
    near-misses             each case of tests/fixtures/submissions/cases.json (the files in
                            exercises/<id>/wrong/, else in tests/fixtures/submissions/) fails the
                            expected check with the expected message (--only exN: one exercise)
    observation-off         --no-observe: faked output passes the text checks, reported weaker
    schema                  passed, failed and build-failed documents match the schema
    unbuffered              PYTHONUNBUFFERED=1 in grade's environment: 50 runs of ex1 and ex2
    text-report             text report: hint, escaped student output, no colour on a pipe
    color                   on a terminal: colour by default, none with NO_COLOR or --no-color
    cli-list, cli-show, cli-init, cli-default-submission, cli-errors
    closed-std-fds          grade started with stdin, stdout and stderr closed still grades
    broken-spec             a misspelt key: exit 2, file:line:col and "did you mean"
    broken-spec-required-key  the same for a misspelt *required* key
    cli-validate            grade validate: the bundled course passes; two broken exercises
                            are both reported with file:line:col (exit 2), in text and JSON
    source                  source checks and advice over a copy of ex1: aliases, a required
                            check that fails, advice that never fails, a check refused for C++
    machine-facts           a Pool() of the default size against run.online_cpus and run.cpus,
                            with squares checked by an expression; pinned to one CPU, Python's
                            default pool follows the online CPUs, not the usable ones

Every JSON document that a scenario makes `grade` write is validated against
docs/result.schema.json (with tests/tools/validate_json.py).

Runs with /usr/bin/python3: standard library plus jsonschema, nothing else.
On a failure it prints the grade command line, its exit code and output, and keeps the
scenario's scratch folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from harness import (EXERCISES, EXIT_FAILED, EXIT_PASSED, EXIT_USAGE, RUN_TIMEOUT, Outcome,
                     Suite, arguments, base_env, checks_of, course_exercise_ids, decoded,
                     is_executable, make_scratch, run, run_on_terminal, spec_check_ids)

TITLES = {"ex1": "Three processes", "ex2": "Five threads", "ex3": "Processes vs threads timing"}
ESC = "\x1b"


# --------------------------------------------------------------------------------------------
# Reading result documents


def failing_checks(document: dict) -> list[dict]:
    """The checks that failed the grading: a failed advice check does not."""
    return [c for c in checks_of(document)
            if c.get("status") == "fail" and c.get("level") != "advice"]


def summary(document: dict | None) -> str:
    if document is None:
        return "(no document)"
    lines = [f"status={document.get('status')!r} score={document.get('score')}/"
             f"{document.get('max_score')} runs={len(document.get('runs') or [])}"]
    if document.get("error"):
        lines.append(f"error: {document['error']}")
    for check in checks_of(document):
        lines.append(f"[{check.get('status')}] {check.get('id')}: {check.get('message', '')}")
    return "\n".join(lines)


def squash(text: str) -> str:
    """Lower case, whitespace runs collapsed: for looking up wrapped prose."""
    return " ".join(text.split()).lower()


def load_cases(suite: Suite) -> dict:
    return json.loads((suite.fixtures / "cases.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# Scenarios


def real_python() -> str:
    """python3 from PATH, with shims (pyenv) resolved, so a child's PID is Python's own."""
    found = shutil.which("python3")
    if not found:
        raise SystemExit("python3 is not on PATH")
    done = subprocess.run([found, "-c", "import sys; print(sys.executable)"],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip() or found


CONTRACT = {
    "ex1": re.compile(r"Process ID: (?P<pid>[0-9]+)\s*"),
    "ex2": re.compile(r"Thread name: (?P<name>.+), Process ID: (?P<pid>[0-9]+)\s*"),
    "ex3_threads": re.compile(r"Threads: (?P<s>-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?) ?s\s*"),
    "ex3_processes": re.compile(
        r"Processes: (?P<s>-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?) ?s\s*"),
    "ex3_faster": re.compile(r"Faster: (?P<w>threads|processes)\s*"),
}


def contract_problems(exercise: str, stdout: str, pid: int, wall: float) -> list[str]:
    """A Python mirror of the output contract, for running files without grade."""
    lines = stdout.splitlines()

    def matches(key):
        return [m for m in (CONTRACT[key].fullmatch(line) for line in lines) if m]

    problems = []
    if exercise == "ex1":
        pids = [m["pid"] for m in matches("ex1")]
        if len(pids) != 3 or len(set(pids)) != 3 or str(pid) in pids:
            problems.append(f"PIDs {pids}: want 3 different ones, none of them {pid}")
    elif exercise == "ex2":
        found = matches("ex2")
        names = {m["name"] for m in found}
        pids = {m["pid"] for m in found}
        if len(found) != 5 or len(names) != 5 or pids != {str(pid)}:
            problems.append(f"{len(found)} lines, names {sorted(names)}, PIDs {sorted(pids)}")
    else:
        threads, processes, faster = (matches(k) for k in
                                      ("ex3_threads", "ex3_processes", "ex3_faster"))
        if not (len(threads) == len(processes) == len(faster) == 1):
            return [f"lines: {len(threads)} Threads, {len(processes)} Processes, "
                    f"{len(faster)} Faster"]
        t, p = float(threads[0]["s"]), float(processes[0]["s"])
        if not (0 < t <= wall and 0 < p <= wall):
            problems.append(f"times {t}, {p} not in (0, {wall:.3f}]")
        smaller = {"threads": t, "processes": p}
        if smaller[faster[0]["w"]] > min(t, p):
            problems.append(f"'Faster: {faster[0]['w']}' but threads={t}, processes={p}")
    return problems


def run_python_file(python: str, path: Path, cwd: Path, env: dict, timeout: float = 30):
    """Runs one file directly; returns (outcome, pid, wall seconds)."""
    target = cwd / path.name
    shutil.copyfile(path, target)
    started = time.monotonic()
    proc = subprocess.Popen([python, path.name], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        timed_out = True
    wall = time.monotonic() - started
    outcome = Outcome([python, path.name], None if timed_out else proc.returncode, decoded(out),
                      decoded(err), wall, timed_out, timeout, cwd=str(cwd))
    return outcome, proc.pid, wall


# The build commands of course.yaml's compiled languages, by extension ({stem} and {source}
# appended by compile_check).
COMPILED = {**dict.fromkeys((".cpp", ".cc", ".cxx"), ["g++", "-std=c++20"]),
            ".c": ["gcc", "-std=c17"]}
SUBMISSION_SUFFIXES = {".py", *COMPILED}


def compile_check(python: str, path: Path, out_dir: Path) -> Outcome:
    # The same check as the build command of course.yaml.
    if path.suffix in COMPILED:
        return run([*COMPILED[path.suffix], "-O2", "-pthread", "-Wall", "-o",
                    out_dir / path.stem, path], timeout=120)
    code = ('import sys; sys.tracebacklimit = 0; '
            'compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")')
    return run([python, "-I", "-S", "-c", code, str(path)], timeout=60)


def scenario_direct(suite: Suite, args) -> None:
    """The course's own files, run with python3 directly (does not need grade)."""
    python = real_python()
    env = base_env()
    work = suite.fresh_dir("direct")
    for exercise in EXERCISES:
        for attempt in range(1, 6):
            outcome, pid, wall = run_python_file(python, suite.solution(exercise), work, env)
            problems = contract_problems(exercise, outcome.stdout, pid, wall)
            suite.expect(outcome.returncode == 0 and not problems,
                         f"solution {exercise} keeps its contract when run directly "
                         f"(attempt {attempt})", outcome, "\n".join(problems))
        # Unbuffered output splits print() into two writes; lines must still not tear.
        unbuffered = base_env(PYTHONUNBUFFERED="1")
        for attempt in range(1, 11):
            outcome, pid, wall = run_python_file(python, suite.solution(exercise), work,
                                                 unbuffered)
            problems = contract_problems(exercise, outcome.stdout, pid, wall)
            suite.expect(outcome.returncode == 0 and not problems,
                         f"solution {exercise} keeps its contract with PYTHONUNBUFFERED=1 "
                         f"(attempt {attempt})", outcome, "\n".join(problems))
        outcome, pid, wall = run_python_file(python, suite.template(exercise), work, env)
        contract_lines = [line for line in outcome.stdout.splitlines()
                          if any(rx.fullmatch(line) for rx in CONTRACT.values())]
        suite.expect(outcome.returncode == 0 and not contract_lines,
                     f"template {exercise} runs cleanly and prints no contract line", outcome)

    cases = load_cases(suite)
    listed: set[str] = set()
    spec_checks = {ex: spec_check_ids(suite.source / "exercises" / f"{ex}.yaml")
                   for ex in EXERCISES}
    for case in cases["cases"]:
        exercise, file = case["exercise"], case["file"]
        suite.expect(file not in listed, f"cases.json lists {file} once")
        listed.add(file)
        path = suite.near_miss(file)
        if not suite.expect(path.is_file(), f"{file} exists"):
            continue
        suite.expect(exercise in EXERCISES and file.startswith(f"{exercise}/"),
                     f"{file}: exercise {exercise!r} matches its folder")
        for check in [case.get("check")] + list(case.get("failing", [])):
            if check is not None:
                suite.expect(check in spec_checks.get(exercise, []),
                             f"{file}: check {check!r} exists in exercises/{exercise}.yaml",
                             detail=f"checks there: {spec_checks.get(exercise)}")
        if path.parent.name == "wrong" and case.get("check"):
            # The check `grade selftest` expects it to fail first is the one this case names.
            declared = re.search(r"selftest: fails ([A-Za-z0-9_-]+)", path.read_text())
            suite.expect(declared is not None and declared.group(1) == case["check"],
                         f"{file} declares check {case['check']!r} for grade selftest",
                         detail=f"declared: {declared and declared.group(1)}")
        compiled = compile_check(python, path, work)
        if case.get("build") == "fail":
            expected = "SyntaxError" if path.suffix == ".py" else case["message"]
            suite.expect(compiled.returncode != 0 and expected in compiled.text,
                         f"{file} fails the compile check", compiled)
        else:
            suite.expect(compiled.returncode == 0, f"{file} passes the compile check", compiled)
            suite.expect(bool(case.get("check")) or "caught_by" in case or case["exit"] == 0,
                         f"{file}: the case names the check that must fail")
    # ground_truth/ is a corpus of its own, listed in its corpus.json (ground_truth.py).
    on_disk = {p.relative_to(suite.fixtures).as_posix() for p in suite.fixtures.rglob("*")
               if p.suffix in SUBMISSION_SUFFIXES
               and "ground_truth" not in p.relative_to(suite.fixtures).parts}
    # The near misses of the course (exercises/<id>/wrong/, checked by `grade selftest`); those
    # of the module's exercises are also listed in cases.json, with the words of their message.
    in_course = {f"{p.parent.parent.name}/{p.name}"
                 for p in (suite.source / "exercises").glob("*/wrong/*")
                 if p.suffix in SUBMISSION_SUFFIXES and p.parent.parent.name in EXERCISES}
    suite.expect(not on_disk & in_course, "each near miss lives in one place",
                 detail=f"in both: {sorted(on_disk & in_course)}")
    on_disk |= in_course
    suite.expect(on_disk == listed, "every near-miss file is listed in cases.json",
                 detail=f"not listed: {sorted(on_disk - listed)}\n"
                        f"missing on disk: {sorted(listed - on_disk)}")


def scenario_solutions(suite: Suite, args) -> None:
    for exercise in EXERCISES:
        for attempt in range(1, 6):
            outcome, document = suite.grade_json(exercise, suite.solution(exercise))
            if document is None:
                continue
            bad = [c for c in checks_of(document) if c.get("status") != "pass"]
            suite.expect(outcome.returncode == EXIT_PASSED
                         and document.get("status") == "passed" and not bad
                         and document.get("score") == document.get("max_score"),
                         f"solution {exercise} passes (grading {attempt} of 5)", outcome,
                         summary(document))


def scenario_templates(suite: Suite, args) -> None:
    for exercise in EXERCISES:
        outcome, document = suite.grade_json(exercise, suite.template(exercise))
        if document is None:
            continue
        suite.expect(outcome.returncode == EXIT_FAILED and document.get("status") == "failed",
                     f"template {exercise} is graded failed (exit 1)", outcome,
                     summary(document))
        suite.expect(bool(failing_checks(document)),
                     f"template {exercise}: some check fails (not only a build problem)",
                     outcome, summary(document))


def check_case(suite: Suite, case: dict) -> None:
    file, exercise = case["file"], case["exercise"]
    outcome, document = suite.grade_json(exercise, suite.near_miss(file))
    if document is None:
        return
    where = f"{file} ({case['mistake']})"
    if case["exit"] == EXIT_PASSED:  # a case that must pass, such as a build with warnings
        suite.expect(outcome.returncode == EXIT_PASSED and document.get("status") == "passed"
                     and not failing_checks(document), f"{where}: passes", outcome,
                     summary(document))
        suite.note(f"ok   {file}: passed as expected")
        return
    suite.expect(outcome.returncode == case["exit"],
                 f"{where}: grade exits with {case['exit']}", outcome, summary(document))
    suite.expect(document.get("status") == "failed", f"{where}: status is failed", outcome,
                 summary(document))
    if case.get("build") == "fail":
        # What the student sees about a failed build: the error and the build's own output.
        report = json.dumps({"error": document.get("error"), "build": document.get("build")})
        suite.expect(case["message"] in report,
                     f"{where}: the build failure reports {case['message']!r}", outcome,
                     summary(document) + f"\nbuild: {document.get('build')}")
        # Python: 'File "ex1.py", line 3'; gcc and ld (with line tables): "ex1.cpp:3:".
        named = rf"{re.escape(Path(file).name)}(?::|.*line )[0-9]+"
        suite.expect(re.search(named, report) is not None,
                     f"{where}: the compile error names the file and line", outcome,
                     f"build: {document.get('build')}")
        suite.expect(not document.get("runs"), f"{where}: nothing runs after a failed build",
                     outcome, summary(document))
        suite.note(f"ok   {file}: build failed as expected")
        return
    failing = {c.get("id"): c for c in failing_checks(document)}
    target = failing.get(case["check"])
    if not suite.expect(target is not None, f"{where}: check {case['check']!r} fails",
                        outcome, summary(document)):
        return
    message = str(target.get("message", ""))
    suite.expect(case["message"].lower() in message.lower(),
                 f"{where}: the message of {case['check']!r} contains {case['message']!r}",
                 outcome, f"message: {message!r}")
    suite.expect(bool(str(target.get("hint", "")).strip()),
                 f"{where}: the failing check carries a hint", outcome, summary(document))
    if "failing" in case:
        suite.expect(set(failing) == set(case["failing"]),
                     f"{where}: exactly {sorted(case['failing'])} fail (depends_on "
                     f"skips the rest)", outcome, summary(document))
    suite.note(f"ok   {file}: {case['check']} -> {message}")


def scenario_near_misses(suite: Suite, args) -> None:
    cases = [c for c in load_cases(suite)["cases"]
             if not args.only or c["exercise"] == args.only]
    suite.expect(bool(cases), f"cases.json has cases for {args.only or 'the course'}")
    for case in cases:
        check_case(suite, case)


def scenario_observation_off(suite: Suite, args) -> None:
    """With --no-observe, the submissions that fake their output pass the text checks, and
    the result must say that grading was weaker: never a silent pass."""
    for case in load_cases(suite)["cases"]:
        if not case.get("observed"):
            continue
        outcome, document = suite.grade_json(case["exercise"], suite.near_miss(case["file"]),
                                             "--no-observe", "--repeat", "1")
        if document is None:
            continue
        where = f"{case['file']} --no-observe"
        suite.expect(outcome.returncode == EXIT_PASSED and document.get("weaker") is True,
                     f"{where}: passes the text checks, flagged weaker", outcome,
                     summary(document))
        skipped = [c["id"] for c in checks_of(document) if c.get("unobserved")]
        suite.expect(set(case["failing"]) <= set(skipped) and
                     all(c.get("status") == "skip" and c.get("points") == 0
                         for c in checks_of(document) if c.get("unobserved")),
                     f"{where}: {case['failing']} skipped as unobserved, no points", outcome,
                     summary(document))
        runs = document.get("runs") or []
        suite.expect(bool(runs) and runs[0]["observation"]["state"] == "off",
                     f"{where}: the run says observation was off", outcome, summary(document))
    text = run(suite.grade_cmd("ex1", str(suite.near_miss("ex1/fake_pids.py")),
                               "--course", str(suite.source), "--no-observe", "--repeat", "1"))
    suite.expect("grading was weaker" in text.stdout,
                 "the text report says grading was weaker", text)
    suite.note("ok   --no-observe: fakes pass the text checks and are reported as weaker")


def scenario_schema(suite: Suite, args) -> None:
    """One document of each kind: passed, failed on a check, failed to build."""
    outcome, document = suite.grade_json("ex2", suite.solution("ex2"), "--repeat", "2")
    if document is not None:
        suite.expect(document.get("status") == "passed", "a passed document", outcome,
                     summary(document))
        runs = document.get("runs")
        if runs is not None:
            suite.expect(len(runs) == 2, "--repeat 2 records two runs", outcome,
                         summary(document))
    outcome, document = suite.grade_json("ex3", suite.near_miss("ex3/negative_time.py"))
    if document is not None:
        suite.expect(document.get("status") == "failed" and bool(failing_checks(document)),
                     "a document with a failing check", outcome, summary(document))
    outcome, document = suite.grade_json("ex1", suite.near_miss("ex1/syntax_error.py"))
    if document is not None:
        suite.expect(document.get("status") == "failed", "a build-failed document", outcome,
                     summary(document))
    # validate_documents() runs after every scenario, this one included.


def scenario_unbuffered(suite: Suite, args) -> None:
    """Unbuffered output makes print() write text and newline separately; lines of
    concurrent writers can then tear. The reference solutions must not."""
    env = base_env(PYTHONUNBUFFERED="1")
    for exercise, runs in (("ex1", 50), ("ex2", 50)):
        outcome, document = suite.grade_json(exercise, suite.solution(exercise),
                                             "--repeat", str(runs), env=env,
                                             env_note="PYTHONUNBUFFERED=1")
        if document is None:
            continue
        recorded = document.get("runs")
        suite.expect(outcome.returncode == EXIT_PASSED and document.get("status") == "passed",
                     f"solution {exercise} passes {runs} runs with PYTHONUNBUFFERED=1",
                     outcome, summary(document))
        if recorded is not None:
            suite.expect(len(recorded) == runs, f"{exercise}: {runs} runs recorded", outcome,
                         summary(document))


def scenario_text_report(suite: Suite, args) -> None:
    submission = suite.near_miss("ex1/colored_output.py")
    text = run(suite.grade_cmd("ex1", submission, "--course", suite.source))
    suite.expect(text.returncode == EXIT_FAILED, "text report: exit 1 for a near miss", text)
    # The hint of the failing check, as the JSON document gives it, must be in the report.
    _, document = suite.grade_json("ex1", submission)
    failing = failing_checks(document or {})
    if suite.expect(bool(failing), "the JSON document has a failing check to compare with"):
        hint = str(failing[0].get("hint", ""))
        suite.expect(bool(hint) and squash(hint) in squash(text.text),
                     "text report: shows the hint of the failing check", text,
                     f"hint: {hint!r}")
    # A note on how this machine is set up (another interpreter for the run user) is the same
    # on every grading: in the JSON document, in the text report with --verbose only.
    for note in (document or {}).get("notes", []):
        if "is used instead" in note:
            suite.expect(squash(note) not in squash(text.text),
                         "text report: the machine's set-up note is left out", text, note)
            verbose = run(suite.grade_cmd("ex1", submission, "--course", suite.source,
                                          "--verbose"))
            suite.expect(squash(note) in squash(verbose.text),
                         "text report with --verbose: the set-up note is shown", verbose, note)
    suite.expect(squash("Create exactly three processes") in squash(text.text),
                 "text report: the hint is the one from exercises/ex1.yaml", text)
    suite.expect("\\x1b" in text.text,
                 "text report: the student's ESC bytes are shown escaped as \\x1b", text)
    suite.expect(ESC not in text.text, "text report: no raw ESC byte when not on a terminal",
                 text)
    passed = run(suite.grade_cmd("ex2", suite.solution("ex2"), "--course", suite.source))
    suite.expect(passed.returncode == EXIT_PASSED and ESC not in passed.text,
                 "text report of a pass: exit 0, no colour on a pipe", passed)
    suite.expect(TITLES["ex2"].lower() in passed.text.lower(),
                 "text report names the exercise", passed)


TIMINGS_ROW = re.compile(r"^(?P<phase>.+?)\s+(?P<at>\d+\.\d\d)\s+(?P<took>\d+\.\d\d)$")


def scenario_timings(suite: Suite, args) -> None:
    """--timings: the phases of a grading on stderr, in order, adding up; the report as ever."""
    report = suite.fresh_path("timings-report")
    outcome = run(suite.grade_cmd("ex2", suite.solution("ex2"), "--course", suite.source,
                                  "--repeat", "2", "--timings", "--format", "json",
                                  "--output", report))
    suite.expect(outcome.returncode == EXIT_PASSED, "--timings: the grading passes", outcome)
    try:
        document = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        document = None
        suite.expect(False, "--timings: the JSON report is written as ever", outcome, str(error))
    suite.expect(document is not None and document.get("status") == "passed",
                 "--timings: the report's verdict is unchanged", outcome)
    lines = outcome.stderr.splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith("phase (ended)")), None)
    if not suite.expect(header is not None, "--timings: a table of phases on stderr", outcome):
        return
    rows = [TIMINGS_ROW.match(line) for line in lines[header + 1:]]
    suite.expect(all(rows) and len(rows) >= 10, "--timings: every row is phase, at, took",
                 outcome)
    rows = [row for row in rows if row]
    phases = [row["phase"] for row in rows]
    for phase, count in (("exercise spec read", 1), ("run: program ran, every task reaped", 2),
                         ("run: whatever it left swept", 2), ("run: checks evaluated", 2),
                         ("report written", 1)):
        suite.expect(phases.count(phase) == count, f"--timings: {count} x {phase!r}", outcome)
    # Once per observed run: the build's run (not cached on a fresh machine) has one too.
    suite.expect(phases.count("run: sandbox entered, program exec'd") >= 2,
                 "--timings: each run's start of the program", outcome)
    at = [float(row["at"]) for row in rows]
    suite.expect(at == sorted(at), "--timings: the phases in the order they ended", outcome)
    took = sum(float(row["took"]) for row in rows)
    suite.expect(abs(took - at[-1]) < 0.05 * len(rows),
                 "--timings: the phases add up to the last one's end", outcome,
                 f"sum {took:.2f} ms, end {at[-1]:.2f} ms")
    suite.expect(at[-1] / 1000 <= outcome.seconds,
                 "--timings: no longer than the grader took, as seen from outside", outcome,
                 f"table {at[-1]:.2f} ms, measured {outcome.seconds * 1000:.1f} ms")
    plain = run(suite.grade_cmd("ex2", suite.solution("ex2"), "--course", suite.source))
    suite.expect("phase (ended)" not in plain.text, "without --timings: no table", plain)


def no_color_flag(suite: Suite) -> list[str]:
    """The option that turns colour off: --no-color, or --color never where that is the form
    the binary offers (read from its --help)."""
    helped = run(suite.grade_cmd("--help"))
    if "--no-color" in helped.text or "--color" not in helped.text:
        return ["--no-color"]
    return ["--color", "never"]


def scenario_color(suite: Suite, args) -> None:
    submission = suite.near_miss("ex1/colored_output.py")
    argv = suite.grade_cmd("ex1", submission, "--course", suite.source)
    term = {"TERM": "xterm-256color"}
    coloured = run_on_terminal(argv, env=base_env(**term), env_note="TERM=xterm-256color")
    suite.expect(coloured.returncode == EXIT_FAILED, "on a terminal: exit 1", coloured)
    suite.expect(ESC in coloured.text,
                 "on a terminal: the report uses colour (so the checks below mean something)",
                 coloured)
    suite.expect("\\x1b" in coloured.text,
                 "on a terminal: the student's ESC bytes are still shown escaped", coloured)
    no_color = run_on_terminal(argv, env=base_env(NO_COLOR="1", **term),
                               env_note="NO_COLOR=1 TERM=xterm-256color")
    suite.expect(no_color.returncode == EXIT_FAILED and ESC not in no_color.text,
                 "NO_COLOR=1 on a terminal: exit 1 and no ESC byte at all", no_color)
    off = no_color_flag(suite)
    flag = run_on_terminal(argv + off, env=base_env(**term), env_note="TERM=xterm-256color")
    suite.expect(flag.returncode == EXIT_FAILED and ESC not in flag.text,
                 f"{' '.join(off)} on a terminal: exit 1 and no ESC byte at all", flag)


def scenario_cli_list(suite: Suite, args) -> None:
    listing = run(suite.grade_cmd("list", "--course", suite.source))
    suite.expect(listing.returncode == 0, "grade list: exit 0", listing)
    for exercise, title in TITLES.items():
        suite.expect(exercise in listing.stdout and title in listing.stdout,
                     f"grade list shows {exercise} and its title {title!r}", listing)
    positions = [listing.stdout.find(e) for e in EXERCISES]
    suite.expect(positions == sorted(positions), "grade list keeps the course's order",
                 listing)


def scenario_cli_show(suite: Suite, args) -> None:
    shown = run(suite.grade_cmd("show", "ex2", "--course", suite.source))
    suite.expect(shown.returncode == 0, "grade show ex2: exit 0", shown)
    for needle in (TITLES["ex2"], "Thread name: <name>, Process ID: <pid>",
                   "in Python with the threading module"):
        suite.expect(squash(needle) in squash(shown.stdout),
                     f"grade show ex2 prints {needle!r}", shown)


def scenario_cli_init(suite: Suite, args) -> None:
    folder = suite.fresh_dir("init")
    created = run(suite.grade_cmd("init", "ex1", "--course", suite.source), cwd=folder)
    target = folder / "ex1.py"
    suite.expect(created.returncode == 0 and target.is_file(),
                 "grade init ex1 creates ex1.py in the current folder", created)
    if target.is_file():
        suite.expect(target.read_bytes() == suite.template("ex1").read_bytes(),
                     "ex1.py is a copy of templates/python/ex1.py", created)
        mine = "# my own work\n"
        target.write_text(mine, encoding="utf-8")
        again = run(suite.grade_cmd("init", "ex1", "--course", suite.source), cwd=folder)
        suite.expect(again.returncode == EXIT_USAGE,
                     "grade init ex1 refuses to overwrite an existing ex1.py (exit 2)", again)
        suite.expect(target.read_text(encoding="utf-8") == mine,
                     "the existing ex1.py is left untouched", again)
        suite.expect("ex1.py" in again.text, "the refusal names the file", again)


def scenario_cli_default_submission(suite: Suite, args) -> None:
    folder = suite.fresh_dir("default-submission")
    shutil.copyfile(suite.solution("ex1"), folder / "ex1.py")
    outcome, document = suite.grade_json("ex1", None, cwd=folder)
    if document is not None:
        suite.expect(outcome.returncode == EXIT_PASSED and document.get("status") == "passed",
                     "grade ex1 without SUBMISSION grades ./ex1.py", outcome, summary(document))
    empty = suite.fresh_dir("no-submission")
    missing = run(suite.grade_cmd("ex1", "--course", suite.source), cwd=empty)
    suite.expect(missing.returncode == EXIT_USAGE,
                 "grade ex1 without SUBMISSION and without ./ex1.py: exit 2", missing)
    suite.expect("ex1.py" in missing.text, "... and the message names ex1.py", missing)
    # Files a beginner names otherwise: each is offered, with the command that grades it.
    near = suite.fresh_dir("near-submissions")
    for name in ("ex1_solution.py", "Ex1.py", "ex1.py.txt"):
        shutil.copyfile(suite.solution("ex1"), near / name)
    (near / "ex2").mkdir()
    shutil.copyfile(suite.solution("ex2"), near / "ex2" / "ex2.py")
    for exercise, wanted in (("ex1", "Did you mean one of these: Ex1.py, ex1.py.txt, "
                                     "ex1_solution.py? Grade a file by naming it: grade ex1 "
                                     "Ex1.py"),
                             ("ex2", "Did you mean ex2/ex2.py? Grade a file by naming it: "
                                     "grade ex2 ex2/ex2.py")):
        offered = run(suite.grade_cmd(exercise, "--course", suite.source), cwd=near)
        suite.expect(offered.returncode == EXIT_USAGE and wanted in offered.text,
                     f"grade {exercise} next to files named otherwise: exit 2, they are offered",
                     offered)


def scenario_closed_std_fds(suite: Suite, args) -> None:
    """Started with stdin, stdout and stderr closed, grade still grades and the program's
    output is its own (no file of the grader's takes the place of a standard stream)."""
    report = suite.fresh_path("closed-fds")
    argv = suite.grade_cmd("ex1", str(suite.solution("ex1")), "--course", str(suite.source),
                           "--repeat", "1", "--format", "json", "--output", str(report))
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, env=base_env(), timeout=RUN_TIMEOUT,
                          close_fds=True,
                          preexec_fn=lambda: [os.close(fd) for fd in (0, 1, 2)])
    document = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    suite.expect(done.returncode == EXIT_PASSED and document is not None
                 and document.get("status") == "passed",
                 "grade with fds 0-2 closed: passed, report written", None, summary(document))
    if document is not None:
        suite.documents.append((report, None))
        out = document["runs"][0]["stdout"]["data"]
        suite.expect(out.count("Process ID: ") == 3,
                     "grade with fds 0-2 closed: the program's stdout is captured", None, out)


def scenario_cli_errors(suite: Suite, args) -> None:
    unknown = run(suite.grade_cmd("ex9", suite.solution("ex1"), "--course", suite.source))
    suite.expect(unknown.returncode == EXIT_USAGE and "ex9" in unknown.text,
                 "unknown exercise: exit 2, the message names it", unknown)
    listed = f"(exercises: {', '.join(course_exercise_ids(suite.source))})"
    suite.expect(listed in unknown.text and "did you mean" not in unknown.text,
                 "an unknown numbered exercise lists the course's, suggesting none", unknown)
    no_id = run(suite.grade_cmd("show", "--course", suite.source))
    suite.expect(no_id.returncode == EXIT_USAGE and "grade show needs an exercise, e.g. grade "
                 f"show ex1 {listed}" in no_id.text, "grade show without an exercise lists them",
                 no_id)
    helped = run(suite.grade_cmd("--help"))
    suite.expect(helped.returncode == EXIT_PASSED and "--no-cache " in helped.text
                 and "{false}" not in helped.text and "{true}" not in helped.text,
                 "--help shows flags as they are typed, without {false}", helped)
    typo = run(suite.grade_cmd("exx1", suite.solution("ex1"), "--course", suite.source))
    suite.expect(typo.returncode == EXIT_USAGE and "did you mean 'ex1'?" in typo.text
                 and listed in typo.text, "a typo of an id: the suggestion and the list", typo)
    show_unknown = run(suite.grade_cmd("show", "ex9", "--course", suite.source))
    suite.expect(show_unknown.returncode == EXIT_USAGE, "grade show ex9: exit 2", show_unknown)
    no_file = run(suite.grade_cmd("ex1", suite.scratch / "no-such-file.py",
                                  "--course", suite.source))
    suite.expect(no_file.returncode == EXIT_USAGE and "no-such-file.py" in no_file.text,
                 "missing submission file: exit 2, the message names it", no_file)
    folder = suite.fresh_dir("wrong-extension")
    (folder / "ex1.txt").write_text("print('hi')\n", encoding="utf-8")
    wrong_ext = run(suite.grade_cmd("ex1", folder / "ex1.txt", "--course", suite.source))
    suite.expect(wrong_ext.returncode == EXIT_USAGE,
                 "a submission in no known language (.txt): exit 2", wrong_ext)
    bad_option = run(suite.grade_cmd("ex1", suite.solution("ex1"), "--course", suite.source,
                                     "--no-such-option"))
    suite.expect(bad_option.returncode == EXIT_USAGE, "unknown option: exit 2", bad_option)
    bad_repeat = run(suite.grade_cmd("ex1", suite.solution("ex1"), "--course", suite.source,
                                     "--repeat", "0"))
    suite.expect(bad_repeat.returncode == EXIT_USAGE, "--repeat 0: exit 2", bad_repeat)
    no_course = run(suite.grade_cmd("list", "--course", suite.scratch / "no-such-course"))
    suite.expect(no_course.returncode == EXIT_USAGE, "--course of a missing folder: exit 2",
                 no_course)


def copy_course(suite: Suite, name: str) -> Path:
    course = suite.fresh_dir(name)
    shutil.copyfile(suite.source / "course.yaml", course / "course.yaml")
    for folder in ("exercises", "templates", "solutions"):
        shutil.copytree(suite.source / folder, course / folder)
    return course


def misspell(path: Path, key: str, wrong: str) -> tuple[int, int]:
    """Renames the first `key:` of a YAML file to `wrong:`; returns its 1-based line, column."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        match = re.match(rf"^(\s*(?:-\s+)?){re.escape(key)}:", line)
        if match:
            lines[number - 1] = line[:match.end(1)] + wrong + line[match.end(1) + len(key):]
            path.write_text("".join(lines), encoding="utf-8")
            return number, match.end(1) + 1
    raise AssertionError(f"{key}: not found in {path}")


def check_broken_spec(suite: Suite, breaks) -> None:
    """For each (file, key, wrong, exercise): copy the course, misspell the first `key:` of
    `file` as `wrong:`, grade `exercise`, and expect exit 2 with file:line:col and a
    did-you-mean naming `key`."""
    for file, key, wrong, exercise in breaks:
        course = copy_course(suite, f"broken-{Path(file).stem}-{wrong}")
        line, column = misspell(course / file, key, wrong)
        broken = run(suite.grade_cmd(exercise, suite.solution(exercise), "--course", course))
        where = f"{Path(file).name}:{line}:{column}"
        suite.expect(broken.returncode == EXIT_USAGE, f"{file} with {wrong!r}: exit 2", broken)
        suite.expect(where in broken.text, f"{file} with {wrong!r}: the message says {where}",
                     broken)
        suite.expect("did you mean" in broken.text.lower() and f"'{key}'" in broken.text,
                     f"{file} with {wrong!r}: the message suggests '{key}'", broken)


def scenario_broken_spec(suite: Suite, args) -> None:
    """Misspelt optional keys: reported as unknown keys with a suggestion."""
    check_broken_spec(suite, (("exercises/ex1.yaml", "depends_on", "depend_on", "ex1"),
                              ("exercises/ex2.yaml", "points", "point", "ex2"),
                              ("course.yaml", "repeat", "repeats", "ex1")))


def scenario_broken_spec_required_key(suite: Suite, args) -> None:
    """Misspelt required keys: the key then counts as missing, and the misspelling beside it
    should still be pointed out, at its own position."""
    check_broken_spec(suite, (("course.yaml", "exercises", "exercise", "ex1"),
                              ("exercises/ex3.yaml", "pattern", "patern", "ex3")))


VALIDATE_KEYS = {"course", "manifest", "exercises", "error_count", "warning_count", "errors",
                 "warnings"}
PROBLEM_KEYS = {"file", "line", "column", "severity", "message", "exercise"}


def validate_json_document(suite: Suite, outcome: Outcome, what: str) -> dict | None:
    """The JSON of `grade validate --format json`, checked for the keys docs/instructors.md
    documents; None (and a failed expectation) when it is not JSON."""
    try:
        document = json.loads(outcome.stdout)
    except json.JSONDecodeError as error:
        suite.expect(False, f"{what}: stdout is JSON ({error})", outcome)
        return None
    suite.expect(isinstance(document, dict) and set(document) == VALIDATE_KEYS,
                 f"{what}: the document has exactly the keys {sorted(VALIDATE_KEYS)}", outcome)
    problems = document.get("errors", []) + document.get("warnings", [])
    suite.expect(all(set(p) == PROBLEM_KEYS for p in problems),
                 f"{what}: every problem has the keys {sorted(PROBLEM_KEYS)}", outcome)
    suite.expect(document.get("error_count") == len(document.get("errors", []))
                 and document.get("warning_count") == len(document.get("warnings", [])),
                 f"{what}: the counts match the lists", outcome)
    return document


def scenario_cli_validate(suite: Suite, args) -> None:
    """`grade validate`: the bundled course validates (its warnings printed); a copy with three
    mistakes in two exercises reports all at once with file:line:col and exits 2, in text and
    JSON."""
    clean = run(suite.grade_cmd("validate", "--course", suite.source))
    last = (clean.stdout.rstrip().splitlines() or [""])[-1]
    suite.expect(clean.returncode == EXIT_PASSED and last.startswith("0 errors, "),
                 "grade validate of the bundled course: exit 0, summed up as 0 errors", clean)
    suite.note("grade validate of the bundled course:\n" + clean.stdout.rstrip())
    clean_json = run(suite.grade_cmd("validate", "--course", suite.source, "--format", "json"))
    document = validate_json_document(suite, clean_json, "bundled course, JSON")
    if document is not None:
        suite.expect(clean_json.returncode == EXIT_PASSED and document["error_count"] == 0
                     and document["exercises"] == len(course_exercise_ids(suite.source)),
                     "bundled course, JSON: no errors, every exercise", clean_json)

    # Two mistakes in ex1 (every error of a file is reported, not the first only), one in ex3.
    course = copy_course(suite, "validate-broken")
    places = [("ex1", *misspell(course / "exercises/ex1.yaml", "points", "point")),
              ("ex1", *misspell(course / "exercises/ex1.yaml", "depends_on", "depend_on")),
              ("ex3", *misspell(course / "exercises/ex3.yaml", "depends_on", "depend_on"))]
    broken = run(suite.grade_cmd("validate", "--course", course))
    suite.expect(broken.returncode == EXIT_USAGE, "three mistakes in two exercises: exit 2", broken)
    for exercise, line, column in places:
        where = f"{exercise}.yaml:{line}:{column}: error: "
        suite.expect(where in broken.stdout, f"three mistakes: the report says {where}", broken)
    suite.expect("3 errors" in broken.stdout, "three mistakes: 3 errors counted", broken)

    broken_json = run(suite.grade_cmd("validate", "--course", course, "--format", "json"))
    document = validate_json_document(suite, broken_json, "three mistakes, JSON")
    if document is not None:
        found = {(e["exercise"], Path(e["file"]).name, e["line"], e["column"])
                 for e in document["errors"]}
        wanted = {(exercise, f"{exercise}.yaml", line, column)
                  for exercise, line, column in places}
        suite.expect(broken_json.returncode == EXIT_USAGE and found == wanted,
                     f"three mistakes, JSON: exit 2 and the errors {sorted(wanted)}",
                     broken_json)

    misspell(course / "course.yaml", "repeat", "repeats")
    no_course = run(suite.grade_cmd("validate", "--course", course, "--format", "json"))
    document = validate_json_document(suite, no_course, "broken course.yaml, JSON")
    if document is not None:
        suite.expect(no_course.returncode == EXIT_USAGE and document["error_count"] == 1
                     and Path(document["errors"][0]["file"]).name == "course.yaml",
                     "broken course.yaml, JSON: exit 2 and its one error", no_course)


# Source checks added to a copy of ex1: a required one and two pieces of advice.
SOURCE_CHECKS = """
  - id: made-with-process
    title: The processes are made with multiprocessing
    languages: [python, notebook]
    source: {calls: [multiprocessing.Process, multiprocessing.Pool]}
    hint: Make each process with multiprocessing.Process(target=...).
  - id: no-fork
    title: No os.fork
    level: advice
    languages: [python, notebook]
    source: {calls: os.fork, present: false}
    hint: The exercise is about multiprocessing; os.fork() does not exist on every system.
"""

# ex1 done with os.fork under a `with` over an aliased Lock: right output, but no
# multiprocessing.Process; and the same with a Process made through an alias.
FORK_PROGRAM = """import os as system
import threading as t

lock = t.Lock()
with lock:
    pids = []
for _ in range(3):
    child = system.fork()
    if child == 0:
        print(f"Process ID: {system.getpid()}", flush=True)
        system._exit(0)
    pids.append(child)
for pid in pids:
    system.waitpid(pid, 0)
"""


def fork_notebook() -> str:
    """FORK_PROGRAM's way as a notebook (nbformat 4): os.fork() in cell 3, line 3."""
    def cell(kind: str, source: str) -> dict:
        extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
        return {"cell_type": kind, "metadata": {}, "source": source, **extra}
    loop = ("pids = []\nfor _ in range(3):\n    child = system.fork()\n    if child == 0:\n"
            "        print(f\"Process ID: {system.getpid()}\", flush=True)\n"
            "        system._exit(0)\n    pids.append(child)\n"
            "for pid in pids:\n    system.waitpid(pid, 0)\n")
    cells = [cell("markdown", "# ex1"), cell("code", "import os as system\n"), cell("code", loop)]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}})


def scenario_source(suite: Suite, args) -> None:
    """Source checks through the real binary: a required one and advice, over a copy of ex1."""
    course = copy_course(suite, "source-course")
    spec = course / "exercises" / "ex1.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + SOURCE_CHECKS, encoding="utf-8")
    forked = suite.fresh_dir("source-programs") / "ex1.py"
    forked.write_text(FORK_PROGRAM, encoding="utf-8")

    outcome, document = suite.grade_json("ex1", suite.solution("ex1"), course=course)
    if document is not None:
        checks = {c["id"]: c for c in checks_of(document)}
        suite.expect(outcome.returncode == EXIT_PASSED and checks["made-with-process"]["status"]
                     == "pass" and checks["no-fork"]["status"] == "pass",
                     "the solution passes its source checks", outcome, summary(document))
        suite.expect(checks["no-fork"]["level"] == "advice"
                     and checks["no-fork"]["max_points"] == 0,
                     "advice is reported as such, worth no points", outcome, summary(document))

    outcome, document = suite.grade_json("ex1", forked, course=course)
    if document is not None:
        checks = {c["id"]: c for c in checks_of(document)}
        suite.expect(outcome.returncode == EXIT_FAILED
                     and checks["made-with-process"]["message"]
                     == "expected a call of multiprocessing.Process() or multiprocessing.Pool() "
                        "in your program, found none",
                     "os.fork instead of multiprocessing fails the required check", outcome,
                     summary(document))
        suite.expect(checks["no-fork"]["status"] == "fail"
                     and checks["no-fork"]["message"]
                     == "expected no call of os.fork(), found 1 (line 8)",
                     "the advice names the line of os.fork() (imported as `system`)", outcome,
                     summary(document))
        suite.expect(document.get("score") == document.get("max_score") - 1,
                     "advice costs no points: only the required check's point is missing",
                     outcome, summary(document))

    # A notebook's cells are analysed (after the magics translation), by cell and line.
    notebook = forked.parent / "ex1.ipynb"
    notebook.write_text(fork_notebook(), encoding="utf-8")
    outcome, document = suite.grade_json("ex1", notebook, course=course)
    if document is not None:
        checks = {c["id"]: c for c in checks_of(document)}
        suite.expect(document["submission"]["language"] == "notebook"
                     and checks["no-fork"]["message"]
                     == "expected no call of os.fork(), found 1 (cell 3, line 3)"
                     and checks["made-with-process"]["status"] == "fail",
                     "a notebook's source facts name the cell and line", outcome,
                     summary(document))

    # Without the required check, the advice alone never fails a grading.
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "source: {calls: [multiprocessing.Process, multiprocessing.Pool]}",
        "source: {imports: os}"), encoding="utf-8")
    text = run(suite.grade_cmd("ex1", forked, "--course", course, *no_color_flag(suite)))
    suite.expect(text.returncode == EXIT_PASSED and "→ advice" in text.text
                 and "Advice: The exercise is about multiprocessing" in text.text,
                 "a failing advice check shows as advice and the grading passes", text)

    # A source check that would apply to C++ is refused where the exercise is loaded.
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "    languages: [python, notebook]\n    source: {imports: os}",
        "    source: {imports: os}"), encoding="utf-8")
    broken = run(suite.grade_cmd("ex1", suite.solution("ex1"), "--course", course))
    suite.expect(broken.returncode == EXIT_USAGE and re.search(
        r"ex1\.yaml:[0-9]+:5: check 'made-with-process' is a source check, but cpp, c have "
        r"no analyzer", broken.text) is not None and "add languages: [python, notebook]"
                 in broken.text, "a source check for C++ is refused with file:line:col", broken)


POOL_SPEC = """id: pool
title: Squares in a pool
prompt: p
contract: c
repeat: 1
extract:
  square:
    pattern: 'square (?P<n>[0-9]+) = (?P<sq>[0-9]+) by (?P<pid>[0-9]+)'
    label: '"square <n> = <sq> by <pid>" lines'
checks:
  - {id: squares, title: Squares, each: {of: square.sq, op: "==", expr: "square.n * square.n"}}
  - {id: default-size, title: Default size, observed: {of: worker_processes, equals: run.online_cpus}}
  - {id: usable-size, title: Usable size, observed: {of: worker_processes, equals: run.cpus}}
  - {id: by-workers, title: By workers, distinct: {of: square.pid, at_most: observed.worker_processes.count}}
"""

POOL_SOLUTION = """import os
from multiprocessing import Pool


def square(n):
    return n, n * n, os.getpid()


if __name__ == "__main__":
    with Pool() as pool:
        for n, sq, pid in pool.map(square, range(1, 9)):
            print(f"square {n} = {sq} by {pid}")
"""


def scenario_machine_facts(suite: Suite, args) -> None:
    """run.cpus and run.online_cpus reach the checks from the real machine: Python 3.11's
    Pool() starts os.cpu_count() workers (the online CPUs), so pinned to one CPU of several it
    matches run.online_cpus and not run.cpus; an expression checks the squares."""
    course = copy_course(suite, "machine-facts")
    (course / "exercises/pool.yaml").write_text(POOL_SPEC, encoding="utf-8")
    manifest = course / "course.yaml"
    listed, count = re.subn(r"(?m)^exercises: \[(.*)\]$", r"exercises: [\1, pool]",
                            manifest.read_text(encoding="utf-8"))
    suite.expect(count == 1, "course.yaml has one exercises: [...] line")
    manifest.write_text(listed, encoding="utf-8")
    solution = suite.fresh_dir("machine-facts-solution") / "pool.py"
    solution.write_text(POOL_SOLUTION, encoding="utf-8")

    def statuses(document) -> dict:
        return {c.get("id"): c.get("status") for c in checks_of(document)}

    outcome, document = suite.grade_json("pool", solution, course=course)
    seen = statuses(document)
    suite.expect(seen.get("squares") == "pass" and seen.get("default-size") == "pass"
                 and seen.get("by-workers") == "pass",
                 "pool: the squares, the default size and the writers pass", outcome)
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        suite.skip("pinned to one CPU: this machine lets the tests use only one")
        return
    os.sched_setaffinity(0, {cpus[0]})
    try:
        pinned, document = suite.grade_json("pool", solution, course=course)
    finally:
        os.sched_setaffinity(0, set(cpus))
    seen = statuses(document)
    usable = next((c for c in checks_of(document) if c.get("id") == "usable-size"), {})
    suite.expect(seen.get("default-size") == "pass" and seen.get("usable-size") == "fail"
                 and "exactly 1 (the CPUs the run may use)" in usable.get("message", ""),
                 "pinned to one CPU: Pool() follows run.online_cpus, not run.cpus", pinned)


SCENARIOS = {
    "direct": scenario_direct,
    "solutions": scenario_solutions,
    "templates": scenario_templates,
    "near-misses": scenario_near_misses,
    "observation-off": scenario_observation_off,
    "schema": scenario_schema,
    "unbuffered": scenario_unbuffered,
    "text-report": scenario_text_report,
    "timings": scenario_timings,
    "color": scenario_color,
    "cli-list": scenario_cli_list,
    "cli-show": scenario_cli_show,
    "cli-init": scenario_cli_init,
    "cli-default-submission": scenario_cli_default_submission,
    "cli-errors": scenario_cli_errors,
    "closed-std-fds": scenario_closed_std_fds,
    "broken-spec": scenario_broken_spec,
    "broken-spec-required-key": scenario_broken_spec_required_key,
    "cli-validate": scenario_cli_validate,
    "source": scenario_source,
    "machine-facts": scenario_machine_facts,
}


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=EXERCISES, help="near-misses: only this exercise")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()

    source = args.source.resolve()
    grade = args.grade.resolve()
    if args.scenario != "direct" and not is_executable(grade):
        return 1
    scratch = make_scratch(f"grade-e2e-{args.scenario}-")
    suite = Suite(grade=grade, source=source, scratch=scratch)
    name = args.scenario + (f" --only {args.only}" if args.only else "")
    print(f"scenario {name}: grade={grade} source={source}", flush=True)
    return suite.conclude(lambda: SCENARIOS[args.scenario](suite, args), args.keep)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""End-to-end tests of compiled submissions: C and C++ built, cached and graded.

    compiled.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--lang cpp|c] [--keep]

Each scenario is one CTest test (tests/e2e/CMakeLists.txt, e2e.compiled.<scenario>):

    solutions       every reference solution of --lang passes 20 (C++) or 5 (C) gradings in
                    a row with the exercise's own repeat; the first builds, the others hit
                    the build cache
    templates       every C and C++ starter template builds and is graded "failed" (exit 1)
    build-errors    a syntax error, a missing header, a missing #include <thread> and a link
                    error, each as ex1.cpp in a folder of its own: exit 1, the report quotes
                    the compiler (ex1.cpp:<line>), verdict build_error, nothing runs; a
                    program that only warns passes and its report shows the warnings
    hostile-builds  #include "/etc/shadow" fails without a line of the real file in any
                    report; #include "/dev/zero", a 1.5 GiB initialised array and a template
                    bomb end with verdict build_limit and the limit each meets, within the
                    (lowered) build limits, and no process of the build is left
    cache           a hit; a miss after a change of source, of flags, with --no-cache and
                    after an artefact in the cache was corrupted; four gradings of a new
                    source at once over one empty cache all pass and leave one whole entry
    cli             `grade exN` finds exN.cpp and exN.c; two candidates or none: exit 2 and
                    the files named; init --lang cpp|c; show lists the languages; a batch of
                    a C++, a Python and a two-file student, with the note in the gradebook
    thread-names    the C++ ex2 solution passes real-thread-names, a program printing names
                    its threads never had fails it (skipped while ex2 has no such check)

Every JSON document grade writes is validated against docs/result.schema.json. The driver
gives grade a cache folder of its own (XDG_CACHE_HOME in its scratch folder).

Runs with /usr/bin/python3: standard library plus jsonschema.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from harness import (EXERCISES, EXIT_FAILED, EXIT_PASSED, EXIT_USAGE, IS_ROOT,
                     RUN_TIMEOUT, Outcome, Suite, arguments, base_env, check_no_survivors,
                     checks_of, decoded, is_executable, make_scratch, make_short_course,
                     make_subreaper, run, run_summary, spec_check_ids)

# language id -> (folder of solutions/ and templates/, extension, gradings of each solution)
LANGUAGES = {"cpp": ("cpp", ".cpp", 20), "c": ("c", ".c", 5)}

# The build limits of the course copy for hostile builds (course.yaml has 60 s): short
# enough for CI, long enough for a real compiler under load.
BUILD_WALL = 8
# What grade may take beyond the build's wall limit: its own start, the kill, the report.
MARGIN = 5.0


# --------------------------------------------------------------------------------------------
# Helpers


def build_of(document: dict | None) -> dict:
    return (document or {}).get("build") or {}


def describe(document: dict | None) -> str:
    build = build_of(document)
    return (run_summary(document) + f"\nbuild: verdict={build.get('verdict')} "
            f"limit={build.get('limit')} cached={build.get('cached')} "
            f"wall={build.get('wall_seconds')}\nbuild stderr: "
            f"{(build.get('stderr') or {}).get('data', '')[:2000]}")


def passed(document: dict | None) -> bool:
    return ((document or {}).get("status") == "passed"
            and all(c.get("status") == "pass" for c in checks_of(document)))


def all_pass(outcome: Outcome, document: dict | None) -> bool:
    return outcome.returncode == EXIT_PASSED and passed(document)


def solution(suite: Suite, language: str, exercise: str) -> Path:
    folder, extension, _ = LANGUAGES[language]
    return suite.source / "solutions" / folder / f"{exercise}{extension}"


def template(suite: Suite, language: str, exercise: str) -> Path:
    folder, extension, _ = LANGUAGES[language]
    return suite.source / "templates" / folder / f"{exercise}{extension}"


def placed(suite: Suite, stem: str, text: str, name: str = "ex1.cpp") -> Path:
    """`text` as `name` in a fresh folder of its own."""
    folder = suite.fresh_dir(stem)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def edited(text: str, edits: list[tuple[str, str]]) -> str:
    """`text` with each regular expression replaced once; each must match."""
    for pattern, replacement in edits:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, f"{pattern!r} not found in the course manifest"
    return text


def course_copy(suite: Suite, stem: str, edits: list[tuple[str, str]]) -> Path:
    """course.yaml and exercises/ in a folder of their own, the manifest edited."""
    course = suite.fresh_dir(stem)
    shutil.copytree(suite.source / "exercises", course / "exercises")
    text = (suite.source / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(edited(text, edits), encoding="utf-8")
    return course


def course_extensions(suite: Suite) -> list[str]:
    """Every accepted extension, in the order of course.yaml's languages."""
    text = (suite.source / "course.yaml").read_text(encoding="utf-8")
    found = []
    for listed in re.findall(r"^\s*extensions:\s*\[(.*)\]", text, re.M):
        found += re.findall(r'"(\.[A-Za-z0-9_]+)"', listed)
    return found


def cache_entries(cache_home: Path) -> list[Path]:
    """The entries (and leftovers) of the build cache below an XDG_CACHE_HOME."""
    folder = cache_home / "grade" / "builds" / "v2"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def expect_cached(suite: Suite, label: str, outcome: Outcome, document: dict | None,
                  cached: bool) -> None:
    suite.expect(all_pass(outcome, document), f"{label}: passes", outcome, describe(document))
    suite.expect(build_of(document).get("cached") is cached,
                 f"{label}: build.cached is {str(cached).lower()}", outcome, describe(document))


# --------------------------------------------------------------------------------------------
# Scenarios


def scenario_solutions(suite: Suite, args) -> None:
    language = args.lang
    gradings = LANGUAGES[language][2]
    for exercise in EXERCISES:
        path = solution(suite, language, exercise)
        started = time.monotonic()
        for attempt in range(1, gradings + 1):
            outcome, document = suite.grade_json(exercise, path)
            label = f"{language} solution {exercise} (grading {attempt} of {gradings})"
            suite.expect(all_pass(outcome, document), f"{label}: passes", outcome,
                         describe(document))
            suite.expect(build_of(document).get("cached") is (attempt > 1),
                         f"{label}: " + ("hits the build cache" if attempt > 1
                                         else "builds (build.cached false)"),
                         outcome, describe(document))
        suite.note(f"ok   {path.name}: {gradings} gradings in "
                   f"{time.monotonic() - started:.1f} s")


def scenario_templates(suite: Suite, args) -> None:
    for language in LANGUAGES:
        for exercise in EXERCISES:
            path = template(suite, language, exercise)
            outcome, document = suite.grade_json(exercise, path, "--repeat", "1")
            build = build_of(document)
            suite.expect(build.get("ok") is True and build.get("verdict") == "ok",
                         f"template {path.name} ({language}) builds", outcome,
                         describe(document))
            suite.expect(outcome.returncode == EXIT_FAILED
                         and (document or {}).get("status") == "failed"
                         and bool((document or {}).get("runs")),
                         f"template {path.name} ({language}) runs and is graded failed (exit 1)",
                         outcome, describe(document))


MISSING_HEADER = """\
// A header that does not exist.
#include <unistd.h>
#include "no_such_header.h"

int main() { return 0; }
"""


def compile_error_line(suite: Suite, label: str, text: Outcome, source: Path) -> None:
    """The text report shows ex1.cpp:<line>:<col>: ... error, and quotes that very line."""
    found = re.search(r"ex1\.cpp:([0-9]+):[0-9]+: (?:fatal )?error", text.stdout)
    if not suite.expect(found is not None, f"{label}: the report shows ex1.cpp:<line>: error",
                        text):
        return
    lines = source.read_text(encoding="utf-8").splitlines()
    number = int(found.group(1))
    quoted = lines[number - 1].strip() if 0 < number <= len(lines) else None
    suite.expect(bool(quoted) and quoted in text.stdout,
                 f"{label}: the report quotes line {number} of ex1.cpp", text,
                 f"line {number}: {quoted!r}")


def expect_build_error(suite: Suite, label: str, source: Path, message: str) -> None:
    folder = source.parent
    text = run(suite.grade_cmd("ex1", "--course", suite.source), cwd=folder)
    suite.expect(text.returncode == EXIT_FAILED, f"{label}: exit 1", text)
    suite.expect("Build FAILED" in text.stdout and message in text.stdout,
                 f"{label}: the report says Build FAILED and quotes {message!r}", text)
    if "undefined reference" in message:
        # ld gives a line with debug information (-g), else the object's section and offset.
        suite.expect(re.search(r"ex1\.cpp:(?:[0-9]+|\(\.text)", text.stdout) is not None,
                     f"{label}: the report shows where in ex1.cpp", text)
    else:
        compile_error_line(suite, label, text, source)
    outcome, document = suite.grade_json("ex1", None, cwd=folder)
    build = build_of(document)
    suite.expect(outcome.returncode == EXIT_FAILED and (document or {}).get("status") == "failed"
                 and bool((document or {}).get("error")),
                 f"{label}: JSON status failed, exit 1, an error saying why", outcome,
                 describe(document))
    suite.expect(build.get("verdict") == "build_error" and build.get("ok") is False
                 and build.get("limit") is None,
                 f"{label}: build verdict build_error", outcome, describe(document))
    suite.expect(message in (build.get("stderr") or {}).get("data", ""),
                 f"{label}: the build's stderr holds {message!r}", outcome, describe(document))
    suite.expect((document or {}).get("runs") == [], f"{label}: nothing runs", outcome,
                 describe(document))


def scenario_build_errors(suite: Suite, args) -> None:
    fixtures = suite.fixtures
    cases = (("syntax error", (fixtures / "ex1" / "syntax_error.cpp").read_text(),
              "error: expected"),
             ("missing header", MISSING_HEADER, "no_such_header.h: No such file or directory"),
             ("no #include <thread>", (fixtures / "ex2" / "missing_header.cpp").read_text(),
              "is not a member of"),
             ("link error", (fixtures / "ex3" / "link_error.cpp").read_text(),
              "undefined reference"))
    for label, text, message in cases:
        expect_build_error(suite, label, placed(suite, label, text), message)

    source = placed(suite, "warnings", (fixtures / "ex1" / "warnings_only.cpp").read_text())
    shown = run(suite.grade_cmd("ex1", "--course", suite.source), cwd=source.parent)
    suite.expect(shown.returncode == EXIT_PASSED, "warnings only: exit 0", shown)
    suite.expect("Build: ok, with warnings" in shown.stdout
                 and re.search(r"ex1\.cpp:[0-9]+:[0-9]+: warning", shown.stdout) is not None,
                 "warnings only: the report says so and shows ex1.cpp:<line>: warning", shown)
    # Built again: a cached build keeps no output (result.schema.json, build.cached).
    outcome, document = suite.grade_json("ex1", None, "--no-cache", cwd=source.parent)
    build = build_of(document)
    suite.expect(all_pass(outcome, document) and build.get("ok") is True
                 and build.get("verdict") == "ok"
                 and "warning" in (build.get("stderr") or {}).get("data", ""),
                 "warnings only: JSON passed, build ok, the warnings in its stderr", outcome,
                 describe(document))


def hostile_course(suite: Suite) -> Path:
    """The short course (3 s runs, one run) with build limits of BUILD_WALL seconds."""
    folder = suite.fresh_dir("hostile-course")
    course = make_short_course(suite.source, folder)
    manifest = course / "course.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count("wall_time: 60s") == 2 and text.count("cpu_time: 60s") == 2, text
    text = text.replace("wall_time: 60s", f"wall_time: {BUILD_WALL}s")
    manifest.write_text(text.replace("cpu_time: 60s", f"cpu_time: {BUILD_WALL}s"))
    return course


def shadow_secrets() -> list[str]:
    """Every line of /etc/shadow, and every password hash in it (empty when unreadable)."""
    try:
        lines = [l for l in Path("/etc/shadow").read_text().splitlines() if l.strip()]
    except OSError:
        return []
    hashes = [l.split(":")[1] for l in lines if l.count(":") >= 2]
    return lines + [h for h in hashes if len(h) > 3]


def hostile_build(suite: Suite, course: Path, name: str) -> tuple[Outcome, dict | None, Path]:
    """Grades tests/fixtures/hostile/programs/<name>.cpp as ex1.cpp; no process may be left.
    Returns what grade did, its report and the source."""
    text = (suite.hostile / "programs" / f"{name}.cpp").read_text()
    source = placed(suite, name, text)
    outcome, document, report = suite.watch_json(name, "ex1", source, course)
    check_no_survivors(suite, name, outcome, document)
    suite.expect(outcome.returncode == EXIT_FAILED and (document or {}).get("status") == "failed"
                 and (document or {}).get("runs") == [],
                 f"{name}: exit 1, status failed, nothing runs", outcome, describe(document))
    return outcome, document, source


def scenario_hostile_builds(suite: Suite, args) -> None:
    course = hostile_course(suite)
    secrets = shadow_secrets()
    if not secrets:
        suite.note("note: /etc/shadow is not readable here: its leak is not looked for")
    outcome, document, source = hostile_build(suite, course, "include_shadow")
    suite.expect(build_of(document).get("verdict") == "build_error",
                 "include_shadow: build verdict build_error", outcome, describe(document))
    text = run(suite.grade_cmd("ex1", source, "--course", course))
    check_no_survivors(suite, "include_shadow (text)", text, None)
    shown = text.text + json.dumps(document, ensure_ascii=False)
    leaked = [s for s in secrets if s in shown or json.dumps(s)[1:-1] in shown]
    suite.expect(text.returncode == EXIT_FAILED and not leaked,
                 f"include_shadow: none of {len(secrets)} lines and hashes of /etc/shadow in "
                 "the text or JSON report", text, f"{len(leaked)} leaked")

    for name, limit in (("include_dev_zero", "memory_limit"),
                        ("big_static_array", "file_size_limit")):
        outcome, document, _ = hostile_build(suite, course, name)
        build = build_of(document)
        suite.expect(build.get("verdict") == "build_limit" and build.get("limit") == limit,
                     f"{name}: build verdict build_limit, limit {limit}", outcome,
                     describe(document))
        suite.expect(float(build.get("wall_seconds") or 0) <= BUILD_WALL
                     and outcome.seconds <= BUILD_WALL + MARGIN,
                     f"{name}: ends within the build's {BUILD_WALL} s", outcome,
                     describe(document))

    outcome, document, _ = hostile_build(suite, course, "template_bomb")
    build = build_of(document)
    suite.expect(build.get("verdict") == "build_limit"
                 and build.get("limit") in ("wall_timeout", "cpu_limit", "memory_limit"),
                 "template_bomb: build verdict build_limit (time or memory)", outcome,
                 describe(document))
    suite.expect(outcome.seconds <= BUILD_WALL + MARGIN,
                 f"template_bomb: grade ends within {BUILD_WALL} s + {MARGIN:.0f} s", outcome,
                 describe(document))


def flip_a_byte(path: Path) -> None:
    """Inverts the middle byte of a file in place (same inode, same mode)."""
    mode = path.stat().st_mode & 0o7777
    path.chmod(0o600)
    with path.open("r+b") as file:
        middle = path.stat().st_size // 2
        file.seek(middle)
        byte = file.read(1)
        file.seek(middle)
        file.write(bytes([byte[0] ^ 0xFF]))
    path.chmod(mode)


def with_cache(cache_home: Path) -> dict[str, str]:
    return base_env(XDG_CACHE_HOME=str(cache_home))


def concurrent_gradings(suite: Suite, source: Path, cache_home: Path, count: int) -> None:
    """`count` gradings of `source` started at once over `cache_home`: all pass."""
    started = []
    for n in range(count):
        report = suite.fresh_path(f"concurrent-{n}")
        argv = suite.grade_cmd("ex1", source, "--course", suite.source, "--format", "json",
                               "--output", report)
        proc = subprocess.Popen(argv, env=with_cache(cache_home), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        started.append((argv, report, proc, time.monotonic()))
    for n, (argv, report, proc, began) in enumerate(started):
        try:
            out, err = proc.communicate(timeout=RUN_TIMEOUT)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            code = None
        outcome = Outcome(argv, code, decoded(out), decoded(err), time.monotonic() - began,
                          code is None, RUN_TIMEOUT, env_note=f"XDG_CACHE_HOME={cache_home}")
        document = suite.read_report(f"concurrent grading {n + 1}", report, outcome)
        suite.expect(all_pass(outcome, document),
                     f"concurrent grading {n + 1} of {count} over one empty cache passes",
                     outcome, describe(document))


def cache_keys(suite: Suite, source: Path) -> None:
    """A hit for the same build; a miss for another source, other flags or --no-cache."""
    original = source.read_text(encoding="utf-8")
    for n, cached in enumerate((False, True), start=1):
        outcome, document = suite.grade_json("ex1", source)
        expect_cached(suite, f"grading {n} of an unchanged source", outcome, document, cached)
    source.write_text(original + "// changed by the student\n", encoding="utf-8")
    outcome, document = suite.grade_json("ex1", source)
    expect_cached(suite, "a changed source", outcome, document, False)
    source.write_text(original, encoding="utf-8")
    outcome, document = suite.grade_json("ex1", source)
    expect_cached(suite, "the first source again", outcome, document, True)

    flags = course_copy(suite, "other-flags", [(r'("-std=c\+\+20", "-O2")', r'\1, "-Wextra"')])
    outcome, document = suite.grade_json("ex1", source, course=flags)
    expect_cached(suite, "another flag in the course (-Wextra)", outcome, document, False)
    suite.expect("-Wextra" in build_of(document).get("argv", []),
                 "the build ran with the course copy's flags", outcome, describe(document))
    outcome, document = suite.grade_json("ex1", source, "--no-cache")
    expect_cached(suite, "--no-cache over a cached build", outcome, document, False)


def cache_corrupted(suite: Suite, source: Path) -> None:
    """A byte flipped in the cached program: the entry fails its check and is rebuilt."""
    own = suite.fresh_dir("corrupt-cache")
    env, note = with_cache(own), f"cache in {own}"
    outcome, document = suite.grade_json("ex1", source, env=env, env_note=note)
    expect_cached(suite, "a first build into an empty cache", outcome, document, False)
    entries = cache_entries(own)
    # An entry holds its manifest, the artefacts as files 0, 1, ... and, last, the build's
    # stdout and stderr: ex1's program is file 0.
    program = entries[0] / "0" if len(entries) == 1 else None
    if not suite.expect(program is not None and program.stat().st_size > 1000,
                        "the cache holds one entry whose first file is the program", None,
                        f"entries: {entries}"):
        return
    flip_a_byte(program)
    for label, cached in (("a corrupted artefact in the cache", False),
                          ("the entry rebuilt after the corruption", True)):
        outcome, document = suite.grade_json("ex1", source, env=env, env_note=note)
        expect_cached(suite, label, outcome, document, cached)


def cache_shared(suite: Suite, source: Path) -> None:
    """Four gradings of a new source at once over one empty cache."""
    shared = suite.fresh_dir("shared-cache")
    concurrent_gradings(suite, source, shared, 4)
    entries = cache_entries(shared)
    suite.expect(len(entries) == 1 and re.fullmatch(r"[0-9a-f]{64}", entries[0].name) is not None,
                 "after four gradings at once the cache holds one whole entry, no leftover",
                 None, f"entries: {[e.name for e in entries]}")
    outcome, document = suite.grade_json("ex1", source, env=with_cache(shared))
    expect_cached(suite, "a fifth grading after the four", outcome, document, True)


def scenario_cache(suite: Suite, args) -> None:
    original = solution(suite, "cpp", "ex1").read_text()
    cache_keys(suite, placed(suite, "cache", original))
    cache_corrupted(suite, placed(suite, "corrupted", original + "// corrupted later\n"))
    cache_shared(suite, placed(suite, "concurrent", original + "// four graders at once\n"))


def cli_finding(suite: Suite, extensions: list[str]) -> None:
    """grade exN without a file: exN.cpp and exN.c found; two candidates or none refused."""
    for language, exercise in (("cpp", "ex1"), ("c", "ex2")):
        folder = suite.fresh_dir(f"find-{language}")
        name = solution(suite, language, exercise).name
        shutil.copyfile(solution(suite, language, exercise), folder / name)
        outcome, document = suite.grade_json(exercise, None, cwd=folder)
        submission = (document or {}).get("submission") or {}
        suite.expect(all_pass(outcome, document) and submission.get("path", "").endswith(name)
                     and submission.get("language") == language,
                     f"grade {exercise} in a folder with {name} grades it as {language}",
                     outcome, describe(document) + f"\nsubmission: {submission}")
    both = suite.fresh_dir("two-candidates")
    shutil.copyfile(suite.solution("ex1"), both / "ex1.py")
    shutil.copyfile(solution(suite, "cpp", "ex1"), both / "ex1.cpp")
    two = run(suite.grade_cmd("ex1", "--course", suite.source), cwd=both)
    suite.expect(two.returncode == EXIT_USAGE and "ex1.py" in two.text and "ex1.cpp" in two.text,
                 "two candidates: exit 2, both named", two)
    none = run(suite.grade_cmd("ex1", "--course", suite.source), cwd=suite.fresh_dir("none"))
    missing = [f"ex1{e}" for e in extensions if f"ex1{e}" not in none.text]
    suite.expect(none.returncode == EXIT_USAGE and not missing,
                 "no candidate: exit 2, every looked-for file named", none,
                 f"not named: {missing}")


def cli_init_show(suite: Suite, extensions: list[str]) -> None:
    folder = suite.fresh_dir("init")
    for language, exercise in (("cpp", "ex1"), ("c", "ex3")):
        created = run(suite.grade_cmd("init", exercise, "--lang", language, "--course",
                                      suite.source), cwd=folder)
        wanted = template(suite, language, exercise)
        target = folder / wanted.name
        suite.expect(created.returncode == 0 and target.is_file()
                     and target.read_bytes() == wanted.read_bytes(),
                     f"grade init {exercise} --lang {language}: a copy of "
                     f"templates/{language}/{wanted.name}", created)
    shown = run(suite.grade_cmd("show", "ex1", "--course", suite.source))
    line = next((l for l in shown.stdout.splitlines() if l.startswith("Languages:")), "")
    names = [f"{language} (" for language in ("python", *LANGUAGES)]
    suite.expect(shown.returncode == 0 and all(w in line for w in (*names, *extensions)),
                 "grade show ex1: a Languages line with every language and extension", shown)


def scenario_cli(suite: Suite, args) -> None:
    extensions = course_extensions(suite)
    suite.expect({".py", ".cpp", ".c"} <= set(extensions), "course.yaml lists .py, .cpp and .c",
                 detail=f"extensions: {extensions}")
    cli_finding(suite, extensions)
    cli_init_show(suite, extensions)
    batch_of_three(suite)


def mixed_class(suite: Suite, folder: Path) -> dict[str, list[Path]]:
    """A class of a C++ student, a Python student and one with both files for ex1."""
    python, cpp = suite.solution("ex1"), solution(suite, "cpp", "ex1")
    roster = {"s1-cpp": [cpp], "s2-python": [python], "s3-both": [python, cpp]}
    for student, files in roster.items():
        (folder / student).mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, folder / student / f"ex1{path.suffix}")
    return roster


def stored_notes(gradebook: Path, student: str) -> list[str]:
    """The notes of the result the gradebook holds for the student's ex1."""
    with closing(sqlite3.connect(f"file:{gradebook}?mode=ro", uri=True)) as db:
        row = db.execute("SELECT result_json FROM attempts WHERE student = ? "
                         "AND exercise = 'ex1'", (student,)).fetchone()
    return (json.loads(row[0]).get("notes") if row and row[0] else None) or []


def batch_of_three(suite: Suite) -> None:
    """Each student of mixed_class() graded; the one with two files has a note saying so."""
    course = make_short_course(suite.source, suite.fresh_dir("batch-course"))
    work = suite.fresh_dir("batch")
    roster = mixed_class(suite, work / "class")
    argv = suite.grade_cmd("--course", course)
    batch = run([*argv, "batch", "class", "--jobs", "2"], cwd=work)
    suite.expect(batch.returncode == 0, "batch of three students: exit 0", batch)
    exported = run([*argv, "export", "jsonl"], cwd=work)
    documents = []
    if suite.expect(exported.returncode == 0, "export jsonl of the batch: exit 0", exported):
        documents = suite.keep_jsonl("batch", exported.stdout, exported)
    graded = {(d.get("student") or {}).get("id"): d for d in documents
              if (d.get("exercise") or {}).get("id") == "ex1"}
    order = course_extensions(suite)
    for student, files in roster.items():
        document = graded.get(student)
        first = min((p.suffix for p in files), key=order.index)
        path = ((document or {}).get("submission") or {}).get("path", "")
        suite.expect(passed(document) and path.endswith(f"ex1{first}"),
                     f"batch: {student} passes, ex1{first} graded", exported,
                     describe(document) + f"\nsubmission: {path}")
    notes = " ".join((graded.get("s3-both") or {}).get("notes") or [])
    suite.expect("ex1.cpp" in notes and "ex1.py" in notes,
                 "batch: the note on s3-both names both of its files", exported, notes)
    alone = " ".join((graded.get("s1-cpp") or {}).get("notes") or [])
    suite.expect("ex1.py" not in alone, "batch: no such note for a student with one file",
                 exported, alone)
    stored = stored_notes(work / "gradebook.sqlite", "s3-both")
    suite.expect(any("ex1.cpp" in n and "ex1.py" in n for n in stored),
                 "batch: the gradebook's result of s3-both holds the note", batch,
                 f"notes: {stored}")


def scenario_thread_names(suite: Suite, args) -> None:
    if "real-thread-names" not in spec_check_ids(suite.source / "exercises" / "ex2.yaml"):
        suite.skip("exercises/ex2.yaml has no check real-thread-names yet")
        return
    outcome, document = suite.grade_json("ex2", solution(suite, "cpp", "ex2"))
    named = {c.get("id"): c for c in checks_of(document)}
    suite.expect(all_pass(outcome, document)
                 and (named.get("real-thread-names") or {}).get("status") == "pass",
                 "the C++ ex2 solution passes real-thread-names", outcome, describe(document))
    for fixture in ("invented_names.cpp", "name_too_long.cpp"):
        outcome, document = suite.grade_json("ex2", suite.near_miss(f"ex2/{fixture}"))
        named = {c.get("id"): c for c in checks_of(document)}
        suite.expect(outcome.returncode == EXIT_FAILED
                     and (named.get("real-thread-names") or {}).get("status") == "fail",
                     f"{fixture} (names its threads never had) fails real-thread-names",
                     outcome, describe(document))


SCENARIOS = {
    "solutions": scenario_solutions,
    "templates": scenario_templates,
    "build-errors": scenario_build_errors,
    "hostile-builds": scenario_hostile_builds,
    "cache": scenario_cache,
    "cli": scenario_cli,
    "thread-names": scenario_thread_names,
}


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default="cpp",
                        help="solutions: the language of the reference solutions")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    grade = args.grade.resolve()
    if not is_executable(grade):
        return 1
    subreaper = make_subreaper()
    scratch = make_scratch(f"grade-e2e-compiled-{args.scenario}-")
    suite = Suite(grade=grade, source=args.source.resolve(), scratch=scratch,
                  subreaper=subreaper)
    print(f"scenario {args.scenario}: grade={grade} source={suite.source} "
          f"{'root' if IS_ROOT else 'not root'}, subreaper={'yes' if subreaper else 'NO'}",
          flush=True)
    return suite.conclude(lambda: SCENARIOS[args.scenario](suite, args), args.keep,
                          skip_code=True)


if __name__ == "__main__":
    sys.exit(main())

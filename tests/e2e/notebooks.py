#!/usr/bin/env python3
"""End-to-end tests of notebook submissions: Jupyter notebooks graded by the real binary.

    notebooks.py --grade PATH/TO/grade --source SOURCE_DIR GROUP [--keep]

Every notebook is made here, in the test, with the nbformat library (nbformat.v4 and, for the
old format, nbformat.v3) and passes nbformat.validate before it is graded; the cells are the
course's Python reference solutions cut at their `# %%` lines, or small programs of the test.
Each group is one CTest test (tests/e2e/CMakeLists.txt, e2e.notebooks.<group>):

    discovery        `grade exN exN.ipynb` (nbformat 4.0, string sources and no cell ids,
                     through 4.5), `grade exN` in a folder holding only exN.ipynb, and a batch
                     of students handing in notebooks: every report says language "notebook"
    truth            saved outputs are never trusted: perfect saved "Process ID" lines over
                     code that prints nothing or made-up PIDs fail (the made-up ones fail the
                     checks of what the run really did, and only those); an old traceback
                     saved over right code passes; markdown and raw cells holding code never run;
                     text shaped like the program's cell table stays a string of its cell, and a
                     notebook name of quotes, a backslash and a line end is only a name
    magics           %time, %%time, %timeit, %%timeit (their statement runs once),
                     `x = %time ...`, %matplotlib and help syntax pass ex1; `!pip install`,
                     %%bash, %system, an unknown %foo and %%time below line 1 fail with
                     "cell N, line M: ..." in the text report and the JSON `error`; a "%" line
                     inside a triple-quoted string is text
    positions        a syntax error is reported by the build as "cell 3, line 2", a traceback
                     of the run (and of a child process) names "cell N, line M", counting
                     every cell, markdown and raw ones too
    broken           invalid JSON (line and column named), nbformat 3, an R kernel, no cells,
                     markdown only, over 32 MiB, nbformat 5, damaged structures (a source that
                     is an object or holds a number, cells not a list, a cell that is a number,
                     a top-level list) and JSON errors (a raw NUL, a lone surrogate escape, a
                     number past a double): exit 1 and a report saying what is wrong and how to
                     fix it; megabytes of saved image output, CRLF line ends and a UTF-8 byte
                     order mark are accepted
    multiprocessing  cell functions as Process targets with and without the __main__ guard,
                     and under an explicit fork context, pass ex1; under spawn the run fails
                     with "Can't get attribute" on stderr (and the report's advice, when the
                     report has that key, names the fork start method)
    hostile          a fork bomb, an endless loop, an output flood, a cell and its child
                     ignoring SIGTERM and a daemon that left the session, against the tight
                     course tests/fixtures/hostile: verdicts task_limit, cpu_limit (or
                     wall_timeout), output_limit, wall_timeout and ok, and no process of the
                     run survives grade
    init             `grade init exN --lang notebook` (and --notebook) writes exN.ipynb, a
                     notebook nbformat.validate accepts

Gradings use --repeat 1 except where a check needs more. Every JSON report is validated
against docs/result.schema.json. Runs with /usr/bin/python3: standard library, nbformat and
jsonschema (Debian: python3-nbformat, python3-jsonschema).
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from four_ways import flat
from harness import (EXERCISES, EXIT_FAILED, EXIT_PASSED, IS_ROOT, Outcome, Skipped, Suite,
                     arguments, check_no_survivors, checks_of, is_executable, make_scratch,
                     make_short_course, make_subreaper, run, run_of, run_summary,
                     spec_check_ids)

try:
    import nbformat
    from nbformat import v3, v4
except ImportError:  # reported as a skip by main()
    nbformat = None

PYTHON_KERNEL = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}
MIB = 1024 * 1024
# The size cap of a notebook (grader/check/notebook.h, kMaxNotebookBytes).
NOTEBOOK_CAP = 32 * MIB
ONE_RUN = ("--repeat", "1")


# --------------------------------------------------------------------------------------------
# Notebooks, made and checked by nbformat


def code(source: str, outputs: list | None = None, count: int | None = None):
    return v4.new_code_cell(source, outputs=outputs or [], execution_count=count)


def markdown(source: str):
    return v4.new_markdown_cell(source)


def raw(source: str):
    return v4.new_raw_cell(source)


def stream(text: str, name: str = "stdout"):
    return v4.new_output("stream", name=name, text=text)


def notebook(*cells, minor: int = 5, metadata: dict | None = None):
    """A v4 notebook of `cells` in nbformat 4.`minor` (before 4.5 cells have no id),
    validated against nbformat's schema of that version."""
    nb = v4.new_notebook(cells=list(cells), metadata=PYTHON_KERNEL if metadata is None
                         else metadata)
    if minor < 5:
        for cell in nb.cells:
            cell.pop("id", None)
        nb.nbformat_minor = minor
    nbformat.validate(nb, version=4, version_minor=minor)
    return nb


def notebook_text(nb) -> str:
    """What Jupyter saves: nbformat's writer (sources as lists of lines). Notebooks of 4.0
    are written as plain JSON instead, each source one string, as early writers did."""
    if nb.nbformat_minor == 0:
        return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    return nbformat.writes(nb, version=4)


def place(suite: Suite, stem: str, nb, name: str = "ex1.ipynb") -> Path:
    """The notebook as `name` in a fresh folder of its own."""
    path = suite.fresh_dir(stem) / name
    path.write_text(notebook_text(nb), encoding="utf-8")
    return path


def place_bytes(suite: Suite, stem: str, data: bytes, name: str = "ex1.ipynb") -> Path:
    path = suite.fresh_dir(stem) / name
    path.write_bytes(data)
    return path


def solution_sections(suite: Suite, exercise: str) -> list[str]:
    """solutions/python/exN.py cut at its `# %%` lines: the code of each cell, the last one
    the `if __name__ == "__main__":` guard."""
    text = suite.solution(exercise).read_text(encoding="utf-8")
    docstring = ast.parse(text).body[0]  # the title cell's text (solution_cells)
    text = "\n".join(text.splitlines()[docstring.end_lineno:])
    sections = re.split(r"^# %%.*\n", text, flags=re.M)
    return [s.strip("\n") for s in sections if s.strip()]


def unguarded(section: str) -> str:
    """The guard's section as a notebook calls main(): directly, without the guard."""
    lines = section.splitlines()
    at = lines.index('if __name__ == "__main__":')
    body = [line[4:] for line in lines[at + 1:]]
    return "\n".join(lines[:at] + body)


def solution_cells(suite: Suite, exercise: str, guard: bool = True) -> list:
    """A markdown title and the reference solution as code cells."""
    sections = solution_sections(suite, exercise)
    if not guard:
        sections[-1] = unguarded(sections[-1])
    return [markdown(f"# {exercise}\n\nThe reference solution, cell by cell.")] + [
        code(s) for s in sections]


def solution_notebook(suite: Suite, exercise: str, minor: int = 5, guard: bool = True):
    return notebook(*solution_cells(suite, exercise, guard), minor=minor)


# --------------------------------------------------------------------------------------------
# Reading the results


def describe(document: dict | None) -> str:
    build = (document or {}).get("build") or {}
    return (run_summary(document) + f"\nsubmission: {(document or {}).get('submission')}"
            f"\nbuild: verdict={build.get('verdict')} stderr: "
            f"{(build.get('stderr') or {}).get('data', '')[:2000]!r}")


def passed(outcome: Outcome, document: dict | None) -> bool:
    return (outcome.returncode == EXIT_PASSED and (document or {}).get("status") == "passed"
            and all(c.get("status") == "pass" or c.get("level") == "advice"
                    for c in checks_of(document)))


def as_notebook(document: dict | None, name: str = "ex1.ipynb") -> bool:
    submission = (document or {}).get("submission") or {}
    return submission.get("language") == "notebook" and submission.get("path", "").endswith(name)


def stdout_of(document: dict | None) -> str:
    return (run_of(document).get("stdout") or {}).get("data", "")


def stderr_of(document: dict | None) -> str:
    return (run_of(document).get("stderr") or {}).get("data", "")


def build_stderr(document: dict | None) -> str:
    return (((document or {}).get("build") or {}).get("stderr") or {}).get("data", "")


def statuses(document: dict | None) -> dict[str, str]:
    return {c.get("id"): c.get("status") for c in checks_of(document)}


def expect_pass(suite: Suite, label: str, path: Path, exercise: str = "ex1",
                *extra: str) -> dict | None:
    outcome, document = suite.grade_json(exercise, path, *ONE_RUN, *extra)
    suite.expect(passed(outcome, document) and as_notebook(document, path.name),
                 f"{label}: passes, graded as a notebook", outcome, describe(document))
    return document


def grade_text(suite: Suite, exercise: str, path: Path, *extra: str,
               course: Path | None = None) -> Outcome:
    return run(suite.grade_cmd(exercise, path, "--course", course or suite.source, *ONE_RUN,
                               "--color", "never", *extra))


def expect_refused(suite: Suite, label: str, path: Path, wanted: list[str]) -> None:
    """The notebook cannot be graded: exit 1, status failed, nothing built or run, and each
    of `wanted` (what is wrong, how to fix it) in the JSON error and in the text report."""
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    error = (document or {}).get("error") or ""
    suite.expect(outcome.returncode == EXIT_FAILED and (document or {}).get("status") == "failed"
                 and (document or {}).get("runs") == [] and (document or {}).get("build") is None,
                 f"{label}: exit 1, status failed, nothing built or run", outcome,
                 describe(document))
    missing = [w for w in wanted if w not in error]
    suite.expect(not missing, f"{label}: the JSON error says {wanted}", outcome,
                 f"missing: {missing}\nerror: {error!r}")
    text = grade_text(suite, "ex1", path)
    # The text report wraps its lines; the JSON's error is one string.
    missing = [w for w in wanted if flat(w) not in flat(text.stdout)]
    suite.expect(text.returncode == EXIT_FAILED and not missing,
                 f"{label}: the text report (exit 1) says {wanted}", text,
                 f"missing: {missing}")


# --------------------------------------------------------------------------------------------
# discovery


def discovery_versions(suite: Suite) -> None:
    """ex1 in every nbformat 4 minor version, ex2 and ex3 in 4.0 and 4.5."""
    for minor in range(6):
        nb = solution_notebook(suite, "ex1", minor=minor)
        expect_pass(suite, f"grade ex1 ex1.ipynb (nbformat 4.{minor})",
                    place(suite, f"ex1-4.{minor}", nb))
    for exercise in EXERCISES[1:]:
        for minor in (0, 5):
            nb = solution_notebook(suite, exercise, minor=minor)
            path = place(suite, f"{exercise}-4.{minor}", nb, f"{exercise}.ipynb")
            expect_pass(suite, f"grade {exercise} {exercise}.ipynb (nbformat 4.{minor})", path,
                        exercise)
    # The 4.0 file really is the old form: string sources, no cell ids.
    written = json.loads(notebook_text(solution_notebook(suite, "ex1", minor=0)))
    suite.expect(written["nbformat_minor"] == 0
                 and all(isinstance(c["source"], str) and "id" not in c
                         for c in written["cells"]),
                 "the nbformat 4.0 notebooks have string sources and no cell ids")


def discovery_default(suite: Suite) -> None:
    """`grade exN` in a folder that holds only exN.ipynb."""
    for exercise in ("ex1", "ex3"):
        path = place(suite, f"only-{exercise}", solution_notebook(suite, exercise, minor=3),
                     f"{exercise}.ipynb")
        outcome, document = suite.grade_json(exercise, None, *ONE_RUN, cwd=path.parent)
        suite.expect(passed(outcome, document) and as_notebook(document, path.name),
                     f"grade {exercise} in a folder holding only {path.name}: graded as a "
                     f"notebook, passes", outcome, describe(document))
        text = run(suite.grade_cmd(exercise, "--course", suite.source, *ONE_RUN), cwd=path.parent)
        suite.expect(text.returncode == EXIT_PASSED
                     and f"Submission: {path.name} (notebook)" in text.stdout,
                     f"grade {exercise} (text): 'Submission: {path.name} (notebook)'", text)


def gradebook_status(gradebook: Path, student: str, exercise: str) -> str | None:
    """The status of the student's latest attempt at the exercise in the gradebook."""
    with closing(sqlite3.connect(f"file:{gradebook}?mode=ro", uri=True)) as db:
        row = db.execute("SELECT status FROM attempts WHERE student = ? AND exercise = ? "
                         "ORDER BY started_at DESC, rowid DESC", (student, exercise)).fetchone()
    return row[0] if row else None


def discovery_batch(suite: Suite) -> None:
    """A class handing in notebooks, graded into a gradebook and exported."""
    course = make_short_course(suite.source, suite.fresh_dir("batch-course"))
    work = suite.fresh_dir("batch")
    roster = {  # student -> {exercise: (notebook, expected status)}
        "s1-ex1": {"ex1": (solution_notebook(suite, "ex1", minor=0), "passed")},
        "s2-ex1-ex2": {"ex1": (solution_notebook(suite, "ex1", minor=5, guard=False), "passed"),
                       "ex2": (solution_notebook(suite, "ex2", minor=4), "passed")},
        "s3-made-up": {"ex1": (made_up_notebook(), "failed")},
    }
    for student, handed in roster.items():
        folder = work / "class" / student
        folder.mkdir(parents=True)
        for exercise, (nb, _) in handed.items():
            (folder / f"{exercise}.ipynb").write_text(notebook_text(nb), encoding="utf-8")
    argv = suite.grade_cmd("--course", course)
    batch = run([*argv, "batch", "class", "--jobs", "2"], cwd=work)
    suite.expect(batch.returncode in (0, 1) and (work / "gradebook.sqlite").is_file(),
                 "batch over a class of notebooks: ends (exit 0 or 1) with a gradebook", batch)
    exported = run([*argv, "export", "jsonl"], cwd=work)
    documents = []
    if suite.expect(exported.returncode == 0, "export jsonl of the batch: exit 0", exported):
        documents = suite.keep_jsonl("batch", exported.stdout, exported)
    graded = {((d.get("student") or {}).get("id"), (d.get("exercise") or {}).get("id")): d
              for d in documents}
    for student, handed in roster.items():
        for exercise in EXERCISES:
            document = graded.get((student, exercise))
            if exercise not in handed:
                status = gradebook_status(work / "gradebook.sqlite", student, exercise)
                suite.expect(document is None and status == "missing",
                             f"batch: {student} {exercise}: missing in the gradebook (saw "
                             f"{status!r}), not exported", exported, describe(document))
                continue
            status = handed[exercise][1]
            suite.expect((document or {}).get("status") == status
                         and as_notebook(document, f"{exercise}.ipynb"),
                         f"batch: {student} {exercise}.ipynb graded as a notebook: {status}",
                         exported, describe(document))


def scenario_discovery(suite: Suite) -> None:
    discovery_versions(suite)
    discovery_default(suite)
    discovery_batch(suite)


# --------------------------------------------------------------------------------------------
# truth


SAVED_PIDS = (31337, 31338, 31339)


def perfect_outputs() -> list:
    """What a correct run once printed, as saved in a notebook."""
    return [stream("".join(f"Process ID: {pid}\n" for pid in SAVED_PIDS))]


def made_up_notebook():
    """Prints three plausible PIDs without creating a process; its saved output is perfect."""
    return notebook(
        markdown("# ex1\n\nThree processes."),
        code("import os\n\nfirst = os.getpid() + 1000", count=1),
        code('for pid in range(first, first + 3):\n    print(f"Process ID: {pid}")',
             perfect_outputs(), count=2))


def ground_truth_checks(suite: Suite) -> set[str]:
    """The ex1 checks of what the run really did (observed processes, who wrote a line, how
    processes ended), read from the spec: every other check looks at the text only."""
    text = (suite.source / "exercises" / "ex1.yaml").read_text(encoding="utf-8")
    blocks = re.split(r"^  - id: ", text, flags=re.M)[1:]
    return {b.split()[0] for b in blocks
            if re.search(r"observed|^\s*ended:|\.author\.", b, re.M)}


def truth_saved_outputs(suite: Suite) -> None:
    truth = ground_truth_checks(suite)
    suite.expect({"real-processes", "pids-are-real"} <= truth
                 and truth < set(spec_check_ids(suite.source / "exercises" / "ex1.yaml")),
                 "ex1 has checks of what the run really did, and checks of the text",
                 detail=f"ground truth: {sorted(truth)}")

    silent = notebook(markdown("# ex1"),
                      code("import multiprocessing\n\ndef main():\n    pass", count=1),
                      code("main()", perfect_outputs(), count=2))
    outcome, document = suite.grade_json("ex1", place(suite, "silent", silent), *ONE_RUN)
    seen = statuses(document)
    suite.expect(outcome.returncode == EXIT_FAILED and seen.get("three-pid-lines") == "fail"
                 and "Process ID" not in stdout_of(document),
                 "code printing nothing under perfect saved outputs: fails three-pid-lines, "
                 "the saved lines are not the output", outcome, describe(document))

    made_up = place(suite, "made-up", made_up_notebook())
    outcome, document = suite.grade_json("ex1", made_up, *ONE_RUN)
    seen = statuses(document)
    # Advice (how the program is written) fails nobody and is neither kind.
    advice = {c.get("id") for c in checks_of(document) if c.get("level") == "advice"}
    failed = {c for c, s in seen.items() if s == "fail"} - advice
    text_checks = set(seen) - truth - advice
    suite.expect(outcome.returncode == EXIT_FAILED and (document or {}).get("status") == "failed",
                 "made-up PIDs under perfect saved outputs: failed, exit 1", outcome,
                 describe(document))
    suite.expect(bool(failed) and failed <= truth and "real-processes" in failed,
                 "made-up PIDs: the failing checks are checks of what the run did "
                 "(real-processes among them)", outcome,
                 describe(document) + f"\nfailed: {sorted(failed)}; ground truth: {sorted(truth)}")
    suite.expect(all(seen.get(c) == "pass" for c in text_checks),
                 "made-up PIDs: every check of the text alone passes (the lines look right)",
                 outcome, describe(document))
    printed = re.findall(r"^Process ID: ([0-9]+)$", stdout_of(document), re.M)
    suite.expect(len(printed) == 3 and not set(map(int, printed)) & set(SAVED_PIDS),
                 "made-up PIDs: the report shows the run's own lines, not the saved ones",
                 outcome, describe(document))


def truth_old_traceback(suite: Suite) -> None:
    old_error = v4.new_output("error", ename="NameError", evalue="name 'main' is not defined",
                              traceback=["NameError: name 'main' is not defined"])
    cells = solution_cells(suite, "ex1", guard=False)
    cells[-1] = code(cells[-1].source, [stream("Traceback (most recent call last):\n",
                                               "stderr"), old_error], count=7)
    expect_pass(suite, "right code under a saved traceback",
                place(suite, "old-traceback", notebook(*cells, minor=4)))


def truth_text_cells(suite: Suite) -> None:
    """Code in markdown and raw cells never runs; the same code in a code cell does."""
    exit3 = "import sys\nprint('Process ID: 1')\nraise SystemExit(3)"
    cells = solution_cells(suite, "ex1")
    cells[1:1] = [markdown(exit3), raw(exit3)]
    cells.append(markdown(f"```python\n{exit3}\n```"))
    cells.append(raw("print('Process ID: 2')"))
    expect_pass(suite, "markdown and raw cells of print() and raise SystemExit(3)",
                place(suite, "text-cells", notebook(*cells)))
    control = solution_cells(suite, "ex1")
    control.append(code(exit3))
    outcome, document = suite.grade_json("ex1", place(suite, "code-cell",
                                                      notebook(*control)), *ONE_RUN)
    suite.expect(outcome.returncode == EXIT_FAILED and run_of(document).get("exit_code") == 3
                 and "Process ID: 1" in stdout_of(document),
                 "control: the same code in a code cell runs (exit status 3, its line printed)",
                 outcome, describe(document))


def truth_cell_table(suite: Suite) -> None:
    """A cell's text stays that cell's: text shaped like the program's cell table (quotes, a
    closing bracket, backslashes) is only a string of the cell, and a notebook name of quotes,
    a backslash and a line end is only a name."""
    table = ('"), (99, "code", "print(\'INJECTED\')", "", None),\n]\n'
             'print("BROKE OUT")\n#\\\n')
    cells = solution_cells(suite, "ex1")
    cells.append(code(f's = """{table}"""\nprint(len(s))\nprint("end\\\\")'))
    document = expect_pass(suite, "cell table text in a string",
                           place(suite, "cell-table", notebook(*cells)))
    printed = stdout_of(document)
    length = len(ast.literal_eval(f'"""{table}"""'))  # Python's reading of the string
    suite.expect(printed.splitlines()[-2:] == [str(length), "end\\"]
                 and "INJECTED" not in printed and "BROKE OUT" not in printed,
                 "cell table text in a string: the cell prints the string's length and its "
                 "own last line, nothing else runs", None, describe(document))
    folder = suite.fresh_dir("odd-name")
    folder.chmod(0o755)
    path = folder / 'ex1 "q\\\nx\'.ipynb'
    path.write_text(notebook_text(solution_notebook(suite, "ex1")), encoding="utf-8")
    path.chmod(0o644)
    expect_pass(suite, "a notebook named with quotes, a backslash and a line end", path)


def scenario_truth(suite: Suite) -> None:
    truth_saved_outputs(suite)
    truth_old_traceback(suite)
    truth_text_cells(suite)
    truth_cell_table(suite)


# --------------------------------------------------------------------------------------------
# magics

TIME_LINES = re.compile(r"^CPU times: user .+, sys: .+, total: .+\nWall time: .+$", re.M)
TIMEIT_LINE = re.compile(r"^.+ per loop \(mean .+\)$", re.M)


def with_last_cell(suite: Suite, source: str, *before) -> list:
    """The ex1 solution (main() called directly) with its last cell replaced by `source`,
    and `before` inserted ahead of the first code cell."""
    cells = solution_cells(suite, "ex1", guard=False)
    cells[-1] = code(source)
    cells[1:1] = list(before)
    return cells


def magics_that_run(suite: Suite) -> None:
    cases = (  # label, last cell, extra cells before, what the magic prints
        ("%time main()", "%time main()", (), TIME_LINES),
        ("%%time", "%%time\nmain()", (), TIME_LINES),
        ("%timeit -n 1 -r 1 main()", "%timeit -n 1 -r 1 main()", (), TIMEIT_LINE),
        ("%timeit main() (runs once)", "%timeit main()", (), TIMEIT_LINE),
        ("%%timeit", "%%timeit -n 3\nmain()", (), TIMEIT_LINE),
        ("result = %time main()", "result = %time main()\nassert result is None", (),
         TIME_LINES),
        ("%matplotlib inline, %config, help syntax", "main()",
         (code("%matplotlib inline\n%config InlineBackend.figure_format = 'svg'\nos?"),), None),
        ("'%' and '!' lines inside a triple-quoted string",
         'NOTES = """\n%foo is text here\n!pip install nothing\n%%bash\n"""\nmain()', (), None),
        ("blank lines before %%time", "\n\n%%time\nmain()", (), TIME_LINES),
        ("an indented cell, a pasted >>> session", "  x = 1\n  main()",
         (code(">>> y = 2\n>>> for i in range(y):\n...     pass"),), None),
        ("%env", "%env GRADE_NOTEBOOK_TEST=1\nassert os.environ['GRADE_NOTEBOOK_TEST'] == '1'\nmain()",
         (), None),
        ("%time expr on a cell's last line shows its value", "%time main()\n%time 6 * 7",
         (), re.compile(r"^42$", re.M)),
        ("from IPython.display import display, clear_output",
         "from IPython.display import display, clear_output\nclear_output()\nmain()", (),
         None),
        ("%%capture --no-stdout shows stdout", "main()",
         (code("%%capture --no-stdout kept\nprint('shown anyway')"),),
         re.compile(r"^shown anyway$", re.M)),
        ("%%capture keeps a cell's output off the screen", "main()",
         (code("%%capture kept\nprint('Process ID: 1')"),), None),
        ("top-level await across cells", "await asyncio.sleep(0)\nmain()",
         (code("import asyncio\ntask = asyncio.ensure_future(asyncio.sleep(0))"),
          code("await task")), None),
    )
    for label, last, before, printed in cases:
        path = place(suite, label, notebook(*with_last_cell(suite, last, *before)))
        document = expect_pass(suite, label, path)
        if printed is not None:
            suite.expect(printed.search(stdout_of(document)) is not None,
                         f"{label}: its timing lines are printed, as IPython prints them",
                         None, describe(document))


def writefile_for_spawn(suite: Suite) -> None:
    """%%writefile makes a module; its function is found by a spawned process, the fix that
    works in Jupyter too."""
    nb = notebook(
        code("%%writefile worker.py\nimport os\n\ndef work():\n    print(f'Process ID: {os.getpid()}')"),
        code("import multiprocessing\nfrom worker import work\nmultiprocessing.set_start_method('spawn')"),
        code("ps = [multiprocessing.Process(target=work) for _ in range(3)]\n"
             "for p in ps:\n    p.start()\nfor p in ps:\n    p.join()"))
    document = expect_pass(suite, "%%writefile worker.py, spawn", place(suite, "writefile", nb))
    suite.expect("Writing worker.py" in stdout_of(document),
                 "%%writefile says what it wrote, as IPython does", None, describe(document))


def expect_magic_refused(suite: Suite, label: str, cells: list, wanted: list[str]) -> None:
    """Exit 1, status failed, no build or run, and each of `wanted` (one line per offending
    line of the notebook) in the JSON error and in the text report."""
    path = place(suite, label, notebook(*cells))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    error = ((document or {}).get("error") or "").splitlines()
    # A heading names the file; then one line per offending line.
    heading = f"{os.path.basename(path)} has lines that do not run when it is graded:"
    suite.expect(error[:1] == [heading], f"{label}: the JSON error starts with {heading!r}",
                 outcome, describe(document))
    error = error[1:]
    suite.expect(outcome.returncode == EXIT_FAILED and (document or {}).get("status") == "failed"
                 and (document or {}).get("runs") == [],
                 f"{label}: exit 1, status failed, nothing run", outcome, describe(document))
    missing = [w for w in wanted if not any(line.startswith(w) for line in error)]
    suite.expect(not missing and len(error) == len(wanted),
                 f"{label}: the JSON error has one line per offending line: {wanted}", outcome,
                 f"missing: {missing}\nerror: {error}")
    text = grade_text(suite, "ex1", path)
    # Each starts a line of the report, perhaps wrapped onto the next ones.
    lines = text.stdout.splitlines()
    starts = [flat(" ".join(lines[i:i + 4])).lstrip() for i in range(len(lines))]
    missing = [w for w in wanted if not any(start.startswith(w) for start in starts)]
    suite.expect(text.returncode == EXIT_FAILED and not missing,
                 f"{label}: the text report (exit 1) shows {wanted}", text,
                 f"missing: {missing}")


def magics_refused(suite: Suite) -> None:
    title = markdown("# ex1")
    pip = ("cell 2, line 1: shell commands (`!pip install`) do not run when the notebook is "
           "graded; install packages before, or remove the line")
    expect_magic_refused(suite, "!pip install x",
                         [title, code("!pip install x"), *solution_cells(suite, "ex1")[1:]],
                         [pip])
    cases = (  # label, the offending cell's source, the start of its message
        ("%%bash", "%%bash\necho hello", "cell 3, line 1: shell commands (`%%bash`)"),
        ("%system", "import os\n%system ls -l", "cell 3, line 2: shell commands (`%system ls"),
        ("%foo", "x = 1\n\n%foo --bar", "cell 3, line 3: `%foo`"),
        ("%%time below line 1", "x = 1\n%%time", "cell 3, line 2: `%%time`"),
    )
    for label, source, message in cases:
        cells = solution_cells(suite, "ex1", guard=False)
        cells[2:2] = [code(source)]
        expect_magic_refused(suite, label, cells, [message])
    several = [title, code("!pip install x"), markdown("text"),
               code("import os\n%system ls\n!!ls\nfiles = !ls"), code("%foo")]
    expect_magic_refused(suite, "four offending cells", several,
                         ["cell 2, line 1: shell commands (`!pip install`)",
                          "cell 4, line 2: shell commands (`%system ls`)",
                          "cell 4, line 3: shell commands (`!!ls`)",
                          "cell 4, line 4: shell commands (`!ls`)",
                          "cell 5, line 1: `%foo`"])


def scenario_magics(suite: Suite) -> None:
    magics_that_run(suite)
    writefile_for_spawn(suite)
    magics_refused(suite)


# --------------------------------------------------------------------------------------------
# positions


def positions_syntax_error(suite: Suite) -> None:
    # Cell 3 is the first code cell: "cell 3" counts the markdown and raw cells above it.
    nb = notebook(markdown("# ex1"), raw("raw text"), code("import os\nif os.getpid()\n    pass"),
                  markdown("more text"), code("x = 1"))
    path = place(suite, "syntax-error", nb)
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    build = (document or {}).get("build") or {}
    stderr = build_stderr(document)
    suite.expect(outcome.returncode == EXIT_FAILED and build.get("verdict") == "build_error"
                 and (document or {}).get("runs") == [],
                 "syntax error: exit 1, build verdict build_error, nothing run", outcome,
                 describe(document))
    suite.expect(re.search(r"^  cell 3, line 2\n    if os\.getpid\(\)\n +\^\nSyntaxError: ",
                           stderr, re.M) is not None
                 and "cell 1," not in stderr and "ex1.py" not in stderr,
                 "syntax error: build.stderr says 'cell 3, line 2', the line, a caret and "
                 "SyntaxError (cells counted with markdown and raw ones)", outcome,
                 describe(document))
    text = grade_text(suite, "ex1", path)
    suite.expect(text.returncode == EXIT_FAILED and "Build FAILED" in text.stdout
                 and "cell 3, line 2" in text.stdout and "SyntaxError" in text.stdout,
                 "syntax error: the text report shows the build's 'cell 3, line 2'", text)


def positions_traceback(suite: Suite) -> None:
    nb = notebook(markdown("# ex1"), code("def divide(n):\n    x = n\n    return x / 0"),
                  markdown("Now call it:"), raw("raw"), code("y = 1\ndivide(y)"))
    path = place(suite, "traceback", nb)
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    stderr = stderr_of(document)
    frames = re.findall(r"^  cell ([0-9]+), line ([0-9]+), in (\S+)$", stderr, re.M)
    suite.expect(outcome.returncode == EXIT_FAILED and run_of(document).get("exit_code") == 1,
                 "traceback: the run exits with status 1, grade with 1", outcome,
                 describe(document))
    suite.expect(frames == [("5", "2", "<module>"), ("2", "3", "divide")]
                 and "ZeroDivisionError" in stderr and "_grade_nb" not in stderr
                 and 'File "' not in stderr,
                 "traceback: its frames read 'cell 5, line 2, in <module>' and 'cell 2, line 3, "
                 "in divide' (every cell counted), no frame of the runner", outcome,
                 describe(document) + f"\nframes: {frames}")
    text = grade_text(suite, "ex1", path)
    suite.expect(text.returncode == EXIT_FAILED and "cell 5, line 2, in <module>" in text.stdout
                 and "cell 2, line 3, in divide" in text.stdout,
                 "traceback: the text report shows the run's stderr with the cell positions", text)


def positions_child_traceback(suite: Suite) -> None:
    """A Process target that raises: the child's traceback names the cell too."""
    nb = notebook(markdown("# ex1"),
                  code("import multiprocessing\n\ndef work():\n    raise ValueError('in a child')"),
                  code("p = multiprocessing.Process(target=work)\np.start()\np.join()"))
    outcome, document = suite.grade_json("ex1", place(suite, "child-traceback", nb), *ONE_RUN)
    suite.expect("cell 2, line 4, in work" in stderr_of(document)
                 and "ValueError: in a child" in stderr_of(document),
                 "a child process's traceback reads 'cell 2, line 4, in work'", outcome,
                 describe(document))


def positions_through_magics(suite: Suite) -> None:
    """A line a magic became is shown as the student wrote it: in the build's syntax error
    (the statement of %time is code the build checks) and in a traceback."""
    path = place(suite, "time-syntax", notebook(code("import os"), code("x = 1\n%time y = (1,")))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    stderr = build_stderr(document)
    suite.expect(outcome.returncode == EXIT_FAILED and "cell 2, line 2\n    %time y = (1,\n" in stderr
                 and "_grade_nb" not in stderr,
                 "a syntax error in a %time statement is the build's, shown as written", outcome,
                 describe(document))
    path = place(suite, "time-traceback",
                 notebook(code("def f():\n    raise ValueError('timed')"), code("%time f()")))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    stderr = stderr_of(document)
    suite.expect("cell 2, line 1, in <module>\n    %time f()\n" in stderr
                 and "cell 1, line 2, in f" in stderr and "_grade_nb" not in stderr
                 and 'File "' not in stderr,
                 "a traceback through %time shows the student's line, no runner frame", outcome,
                 describe(document))


def positions_compound_time(suite: Suite) -> None:
    """`%time for ...: f()` runs from a string, yet its syntax error is the build's and its
    traceback shows the written line once, with no runner frame."""
    path = place(suite, "compound-syntax",
                 notebook(code("x = 1"), code("y = 2\n%time for i in range(2) print(i)")))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    stderr = build_stderr(document)
    suite.expect(outcome.returncode == EXIT_FAILED
                 and "cell 2, line 2\n    %time for i in range(2) print(i)\n" in stderr,
                 "a syntax error in a compound %time line is the build's, at its place", outcome,
                 describe(document))
    path = place(suite, "compound-traceback",
                 notebook(code("def f(i):\n    raise ValueError(i)"),
                          code("%time for i in range(2): f(i)")))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    stderr = stderr_of(document)
    suite.expect(stderr.count("%time for i in range(2): f(i)") == 1
                 and "cell 1, line 2, in f" in stderr and 'File "' not in stderr,
                 "a traceback through a compound %time line shows it once, no runner frame",
                 outcome, describe(document))
    path = place(suite, "writefile-error", notebook(code("%%writefile no/such/folder.py\nx = 1")))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    suite.expect("cell 1, line 1: %%writefile cannot write no/such/folder.py" in stderr_of(document),
                 "a %%writefile that cannot write names its cell", outcome, describe(document))


def positions_recursion(suite: Suite) -> None:
    """Frames of a recursion share their place: each is shown, as Python shows them."""
    path = place(suite, "recursion", notebook(code(
        "def fact(n):\n    if n == 0:\n        raise ValueError('bottom')\n"
        "    return n * fact(n - 1)\nfact(3)")))
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    suite.expect(stderr_of(document).count("cell 1, line 4, in fact") == 3,
                 "a recursion three deep shows three frames", outcome, describe(document))


def scenario_positions(suite: Suite) -> None:
    positions_through_magics(suite)
    positions_compound_time(suite)
    positions_recursion(suite)
    positions_syntax_error(suite)
    positions_traceback(suite)
    positions_child_traceback(suite)


# --------------------------------------------------------------------------------------------
# broken


RESAVE = "save it again"


def broken_json(suite: Suite) -> None:
    text = notebook_text(solution_notebook(suite, "ex1"))
    lines = text.splitlines(keepends=True)
    # Drop the comma that ends a line inside the first cell: invalid JSON at a known place.
    at = next(i for i, line in enumerate(lines) if line.rstrip().endswith(",") and i > 3)
    lines[at] = lines[at].rstrip()[:-1] + "\n"
    path = place_bytes(suite, "invalid-json", "".join(lines).encode())
    expect_refused(suite, "invalid JSON", path,
                   ["ex1.ipynb", "not valid JSON", f"line {at + 2}", "column", RESAVE])


def broken_formats(suite: Suite) -> None:
    old = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[
        v3.new_code_cell(input="print('Process ID: 1')")])], metadata=v3.new_metadata(name="ex1"))
    nbformat.validate(old, version=3)
    path = place_bytes(suite, "nbformat-3", nbformat.writes(old, version=3).encode())
    expect_refused(suite, "nbformat 3", path, ["old notebook", "nbformat 3", RESAVE])

    r_kernel = {"kernelspec": {"name": "ir", "display_name": "R", "language": "R"},
                "language_info": {"name": "R"}}
    path = place(suite, "r-kernel", notebook(code("print('Process ID: 1')"), metadata=r_kernel))
    expect_refused(suite, "R kernel", path, ["the R language", "Change Kernel", "Python"])

    path = place(suite, "empty", notebook())
    expect_refused(suite, "no cells", path, ["is empty", "code cells"])

    path = place(suite, "markdown-only",
                 notebook(markdown("# ex1"), markdown("```python\nprint(1)\n```"), code("  \n")))
    expect_refused(suite, "markdown only", path, ["has no code", "code cells"])


def image_output(size: int):
    """A display_data output of a PNG-labelled base64 blob of about `size` bytes."""
    blob = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (size * 3 // 4)).decode()
    return v4.new_output("display_data", data={"image/png": blob, "text/plain": "<Figure>"})


def broken_sizes(suite: Suite) -> None:
    cells = solution_cells(suite, "ex1")
    cells[-1] = code(cells[-1].source, [image_output(6 * MIB)], count=3)
    path = place(suite, "images", notebook(*cells))
    suite.expect(path.stat().st_size > 6 * MIB, "the notebook with images is over 6 MiB",
                 detail=f"{path.stat().st_size} bytes")
    expect_pass(suite, "6 MiB of saved image output over right code", path)

    cells[-1] = code(cells[-1].source, [image_output(NOTEBOOK_CAP + MIB)], count=3)
    path = place(suite, "too-big", notebook(*cells))
    suite.expect(path.stat().st_size > NOTEBOOK_CAP, "the big notebook is over 32 MiB",
                 detail=f"{path.stat().st_size} bytes")
    expect_refused(suite, "over 32 MiB", path, ["larger", "clear its outputs", RESAVE])


def broken_shapes(suite: Suite) -> None:
    """Shapes that cost a careless parser time or memory: a long list of objects in the
    metadata (quadratic for a parser that stores and then drops it) is read past in a blink;
    deep nesting is refused at a cap."""
    nb = notebook(*solution_cells(suite, "ex1"))
    nb.metadata["widgets"] = [{} for _ in range(100000)]
    path = place(suite, "long-metadata", nb)
    outcome, document = suite.grade_json("ex1", path, *ONE_RUN)
    # No timed assertion: the quadratic parser took minutes here, past the test's TIMEOUT.
    suite.expect(passed(outcome, document), "100000 objects in the metadata: graded", outcome,
                 describe(document))
    text = notebook_text(notebook(code("x = 1"))).replace(
        '"metadata": {', '"metadata": {"deep": ' + "[" * 100000 + "]" * 100000 + ", ", 1)
    path = place_bytes(suite, "deep", text.encode())
    expect_refused(suite, "100000 levels of nesting", path, ["nested more than 256 levels"])


def broken_encodings(suite: Suite) -> None:
    """CRLF line ends (in the file and in the sources) and a UTF-8 byte order mark."""
    cells = [markdown("# ex1\r\n\r\nPIDs: ünïcödé")]
    cells += [code(s.replace("\n", "\r\n")) for s in solution_sections(suite, "ex1")]
    text = notebook_text(notebook(*cells))
    suite.expect("\\r\\n" in text, "the sources hold CRLF line ends")
    crlf = text.replace("\n", "\r\n").encode()
    for label, data in (("CRLF line ends", crlf),
                        ("a UTF-8 BOM", b"\xef\xbb\xbf" + text.encode()),
                        ("a UTF-8 BOM and CRLF line ends", b"\xef\xbb\xbf" + crlf)):
        expect_pass(suite, label, place_bytes(suite, label, data))


def broken_structures(suite: Suite) -> None:
    """JSON a notebook cannot be (hand edits, other tools, hostile files): refused, never run,
    with what is wrong."""
    def nb(cells: str, version: str = "4") -> bytes:
        return (f'{{"nbformat": {version}, "nbformat_minor": 5, "metadata": {{}}, '
                f'"cells": {cells}}}').encode()
    cases = (  # label, file, what the error says
        ("a source that is an object", nb('[{"cell_type": "code", "source": {"a": "x = 1"}}]'),
         ["is damaged", "source of cell 1 is not text", RESAVE]),
        ("a source line that is a number", nb('[{"cell_type": "code", "source": ["x = 1\\n", 5]}]'),
         ["is damaged", "cell 1 has a source line that is not text"]),
        ("cells that are not a list", nb('{"a": 1}'), ["is damaged", "no list of cells"]),
        ("a cell that is a number", nb('[{"cell_type": "markdown", "source": "# t"}, 5]'),
         ["is damaged", "cell 2 has no cell_type"]),
        ("a list, not an object", b'[1, 2]', ["not a Jupyter notebook", "not an object"]),
        ("a raw NUL byte in a string", nb('[{"cell_type": "code", "source": "x = 1\0"}]'),
         ["not valid JSON", "line 1, column", "U+0000"]),
        ("a lone surrogate escape", nb('[{"cell_type": "code", "source": "s = \'\\ud800\'"}]'),
         ["not valid JSON", "surrogate"]),
        ("a number too big for a double", nb('[{"cell_type": "code", "source": "x = 1", '
                                               '"execution_count": 1e999}]'),
         ["not valid JSON", "1e999"]),
        ("nbformat 5", nb('[{"cell_type": "code", "source": "x = 1"}]', version="5"),
         ["nbformat 5", "newer than grade reads"]),
    )
    for label, data, wanted in cases:
        expect_refused(suite, label, place_bytes(suite, label, data), wanted)


def scenario_broken(suite: Suite) -> None:
    broken_json(suite)
    broken_formats(suite)
    broken_structures(suite)
    broken_sizes(suite)
    broken_shapes(suite)
    broken_encodings(suite)


# --------------------------------------------------------------------------------------------
# multiprocessing

WORKER = 'import multiprocessing\nimport os\n\ndef work():\n    print(f"Process ID: {os.getpid()}")'
START = ("workers = [{maker}.Process(target=work) for _ in range(3)]\n"
         "for w in workers:\n    w.start()\nfor w in workers:\n    w.join()")
GUARDED = 'if __name__ == "__main__":\n' + "\n".join("    " + l for l in START.splitlines())


def processes_notebook(*cells, minor: int = 5):
    return notebook(markdown("# ex1\n\nThree processes from functions defined in cells."),
                    *cells, minor=minor)


def default_start_method(suite: Suite) -> str:
    """The start method the graded programs' Python uses by default (its run prints it)."""
    nb = notebook(code("import multiprocessing\nprint(multiprocessing.get_start_method())"))
    outcome, document = suite.grade_json("ex1", place(suite, "start-method", nb), *ONE_RUN)
    return stdout_of(document).strip()


def scenario_multiprocessing(suite: Suite) -> None:
    method = default_start_method(suite)
    suite.note(f"default start method of the graded programs' Python: {method!r}")
    fork = START.format(maker="multiprocessing")
    if method == "fork":
        expect_pass(suite, "cell functions as targets, no __main__ guard (default start method)",
                    place(suite, "no-guard", processes_notebook(code(WORKER), code(fork))))
        expect_pass(suite, "cell functions as targets, with the __main__ guard",
                    place(suite, "guard", processes_notebook(
                        code(WORKER), code(GUARDED.format(maker="multiprocessing")), minor=0)))
    else:
        suite.skip(f"the default start method is {method!r}, not fork: the notebooks without "
                   "an explicit start method are not expected to pass")
    expect_pass(suite, "multiprocessing.set_start_method('fork')",
                place(suite, "set-fork", processes_notebook(
                    code(WORKER + '\n\nmultiprocessing.set_start_method("fork")'), code(fork))))
    expect_pass(suite, "multiprocessing.get_context('fork')",
                place(suite, "context-fork", processes_notebook(
                    code(WORKER + '\n\nctx = multiprocessing.get_context("fork")'),
                    code(START.format(maker="ctx")))))
    multiprocessing_spawn(suite)


def multiprocessing_spawn(suite: Suite) -> None:
    """Under spawn a child cannot find a function defined in a cell, as in Jupyter."""
    spawn = processes_notebook(code(WORKER + '\n\nmultiprocessing.set_start_method("spawn")'),
                               code(GUARDED.format(maker="multiprocessing")))
    outcome, document = suite.grade_json("ex1", place(suite, "spawn", spawn), *ONE_RUN)
    suite.expect(outcome.returncode == EXIT_FAILED and (document or {}).get("status") == "failed"
                 and "Can't get attribute 'work'" in stderr_of(document),
                 "set_start_method('spawn'): fails, stderr shows \"Can't get attribute 'work'\"",
                 outcome, describe(document))
    if document is not None and "advice" not in document:
        suite.skip("spawn: the report has no 'advice' key, so the hint is not checked")
    elif document is not None:
        advice = " ".join(document.get("advice") or [])
        suite.expect('set_start_method("fork")' in advice or 'get_context("fork")' in advice,
                     "spawn: the report's advice names set_start_method(\"fork\") or "
                     "get_context(\"fork\")", outcome, f"advice: {document.get('advice')}")


# --------------------------------------------------------------------------------------------
# hostile


def check_no_cgroups(suite: Suite, label: str, outcome: Outcome) -> None:
    from hostile import check_no_cgroups as check  # the same check as the hostile cases

    check(suite, label, outcome)


def scenario_hostile(suite: Suite) -> None:
    course = suite.copy_hostile_course("hostile-course")
    cases = (  # label, cells, accepted verdicts
        ("fork bomb", [code('import os\nprint("bomb", flush=True)'),
                       code("while True:\n    try:\n        os.fork()\n"
                            "    except OSError:\n        pass")], ("task_limit",)),
        ("endless loop", [code("n = 0"), code("while True:\n    n += 1")],
         ("cpu_limit", "wall_timeout")),
        ("endless loop under %%time", [code("%%time\nwhile True:\n    pass")],
         ("cpu_limit", "wall_timeout")),
        ("output flood", [code("while True:\n    print('x' * 1000)")], ("output_limit",)),
        ("SIGTERM ignored by the cell and its child",
         [code("import os, signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)"),
          code("if os.fork() == 0:\n    while True:\n        time.sleep(0.1)\n"
               "while True:\n    time.sleep(0.1)")], ("wall_timeout",)),
        ("daemon that left the session", [code(
            "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            "        os.closerange(0, 3)\n        while True:\n            time.sleep(0.1)\n"
            "    os._exit(0)\nos.wait()\ntime.sleep(0.2)\nprint('daemon started', flush=True)")],
         ("ok",)),
    )
    for label, cells, verdicts in cases:
        folder = suite.fresh_dir(label)
        folder.chmod(0o755)
        path = folder / "plain.ipynb"
        path.write_text(notebook_text(notebook(markdown(f"# {label}"), *cells)), encoding="utf-8")
        path.chmod(0o644)
        outcome, document, _ = suite.watch_json(label, "plain", path, course, required=False)
        verdict = run_of(document).get("verdict")
        exit_code = EXIT_PASSED if verdicts == ("ok",) else EXIT_FAILED
        suite.expect(outcome.returncode == exit_code and verdict in verdicts
                     and as_notebook(document, path.name),
                     f"{label}: exit {exit_code}, verdict in {verdicts} (saw {verdict!r})", outcome,
                     describe(document))
        if "task_limit" in verdicts:
            suite.expect(run_of(document).get("task_limit_hit") is True,
                         f"{label}: task_limit_hit", outcome, describe(document))
        suite.expect(outcome.seconds < 10, f"{label}: grade ends within the limits "
                     f"({outcome.seconds:.1f} s)", outcome)
        check_no_survivors(suite, label, outcome, document)
        check_no_cgroups(suite, label, outcome)


# --------------------------------------------------------------------------------------------
# init


def init_flags(suite: Suite) -> list[tuple[str, ...]]:
    shown = run(suite.grade_cmd("init", "--help"))
    flags = [("--lang", "notebook")]
    if "--notebook" in shown.stdout:
        flags.append(("--notebook",))
    else:
        suite.skip("grade init has no --notebook flag")
    return flags


def read_validated(path: Path):
    """(the notebook nbformat reads, "") or (None, what nbformat objects to)."""
    try:
        nb = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
        nbformat.validate(nb)
        return nb, ""
    except Exception as error:  # nbformat raises several kinds
        return None, f"{type(error).__name__}: {error}"


def init_exercise(suite: Suite, folder: Path, flags: tuple[str, ...], exercise: str) -> None:
    """grade init writes exN.ipynb and nothing else: a valid notebook, the starter file."""
    before = {p.name for p in folder.iterdir()}
    made = run(suite.grade_cmd("init", exercise, *flags, "--course", suite.source), cwd=folder)
    path = folder / f"{exercise}.ipynb"
    label = f"grade init {exercise} {' '.join(flags)}"
    if not suite.expect(made.returncode == 0 and {p.name for p in folder.iterdir()} - before
                        == {path.name}, f"{label}: exit 0, writes {path.name} and nothing else",
                        made):
        return
    nb, problem = read_validated(path)
    suite.expect(nb is not None and nb.nbformat == 4
                 and any(c.cell_type == "code" and c.source.strip() for c in nb.cells),
                 f"{label}: nbformat reads and validates {path.name} (nbformat 4, code cells)",
                 made, problem)
    template = suite.source / "templates" / "notebook" / path.name
    suite.expect(path.read_bytes() == template.read_bytes(),
                 f"{label}: a copy of templates/notebook/{path.name}", made)


def scenario_init(suite: Suite) -> None:
    for flags in init_flags(suite):
        folder = suite.fresh_dir("init" + "".join(flags))
        for exercise in EXERCISES:
            init_exercise(suite, folder, flags, exercise)
        outcome, document = suite.grade_json("ex1", None, *ONE_RUN, cwd=folder)
        suite.expect(outcome.returncode == EXIT_FAILED and as_notebook(document)
                     and ((document or {}).get("build") or {}).get("ok") is True
                     and bool((document or {}).get("runs")),
                     f"the starter notebook of {' '.join(flags)} builds, runs and is graded "
                     "failed", outcome, describe(document))


SCENARIOS = {
    "discovery": scenario_discovery,
    "truth": scenario_truth,
    "magics": scenario_magics,
    "positions": scenario_positions,
    "broken": scenario_broken,
    "multiprocessing": scenario_multiprocessing,
    "hostile": scenario_hostile,
    "init": scenario_init,
}


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("group", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    grade = args.grade.resolve()
    if not is_executable(grade):
        return 1
    subreaper = make_subreaper()
    # The hostile course copy must be readable by the run users.
    scratch = make_scratch(f"grade-e2e-notebooks-{args.group}-", shared=True)
    suite = Suite(grade=grade, source=args.source.resolve(), scratch=scratch,
                  subreaper=subreaper)
    print(f"notebooks {args.group}: grade={grade} source={suite.source} "
          f"{'root' if IS_ROOT else 'not root'}, subreaper={'yes' if subreaper else 'NO'}, "
          f"nbformat {getattr(nbformat, '__version__', 'missing')}", flush=True)

    def body() -> None:
        if nbformat is None:
            raise Skipped("nbformat is not installed (Debian: python3-nbformat)")
        SCENARIOS[args.group](suite)

    return suite.conclude(body, args.keep, skip_code=True)


if __name__ == "__main__":
    sys.exit(main())

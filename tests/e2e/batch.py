#!/usr/bin/env python3
"""End-to-end tests of batch grading: `grade batch`, `grade export`, `grade merge`.

    batch.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

Every scenario grades a generated class (below) against a copy of the bundled course with
short limits and one run per grading, and reads the gradebook with Python's sqlite3:

    class            correct, wrong, crashing, hostile and missing submissions: every student
                     has a row, every grading the expected status, every JSON line is valid,
                     the class's JUnit XML passes xmllint against tests/schemas/junit.xsd
    resume           the batch killed (SIGKILL) in the middle: the workers die with it, the
                     gradebook opens and is whole, the same command again grades only what
                     was not finished
    interrupt        SIGINT: running gradings finish and are recorded, exit 130, resumable;
                     twice (and without observation): the runs are killed, nothing survives
                     and no run folder is left
    worker-killed    a worker killed from outside (as the OOM killer would): that grading is
                     an error, the batch goes on, exit 3; the next run retries it
    incremental      a changed file is graded again, nothing else; --force grades everything
                     again and keeps the earlier attempts; a changed spec, manifest or
                     --repeat makes the results it decided stale
    shards           3 shards run at the same time, merged: the merged gradebook exports the
                     same CSV, JSON lines and summary as one batch over the whole class;
                     merging again changes nothing
    disk-full        the gradebook on a file system that fills up (a 256 KiB tmpfs in a mount
                     namespace of its own): grade stops with exit 3 and a clear message, no
                     worker survives, the gradebook holds whole results only, and the same
                     command on a roomy disk resumes without grading any of them again
    terminal         stderr on a terminal: one progress line rewritten in place (done/total,
                     failures, rate, ETA) and no log lines; the summary still on stdout
    names            student folders named to attack the operator: escape and OSC 52 sequences,
                     a newline and a forged progress line, a bidi override, spreadsheet
                     formulas (=HYPERLINK, +1, @SUM, -x): the log lines, the summary and the
                     exports show them escaped, one line per grading; the CSV cells of the
                     formulas start with ' and the other ids are left as they are
    names-terminal   the same folders skipped by --id-pattern, with stderr on a terminal: the
                     message naming them holds no escape sequence and no line break
    permissions      under umask 022 the gradebook, its -wal and -shm (watched while the batch
                     runs), shard and merged gradebooks, every export and a report written
                     with --output are 0600; a gradebook left 0644 is made 0600, with a warning
    slurm            docs/examples/slurm/*.sbatch run here as a 3-task array would run them
                     (SLURM_ARRAY_TASK_ID/COUNT set, all at once), then the merge job: the
                     same exports as one batch
    kubernetes       the Indexed Job of docs/examples/kubernetes/grade-job.yaml: its
                     container command run for completion indexes 0-2 at once, then merged

Runs with /usr/bin/python3: standard library plus jsonschema.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import harness
from harness import (EXERCISES, Failure, Outcome, Skipped, arguments, base_env, live_descendants,
                     make_scratch, make_short_course, make_subreaper, read_terminal,
                     reap_zombie_children, run)

TIMEOUT = 240

# Student kinds of the generated class: what each kind hands in, and the status every
# exercise of theirs must get. None: no file.
KINDS = ("correct", "template", "crash", "hang", "forkbomb", "flood", "syntax", "partial")

CRASH = "raise RuntimeError('the student forgot something')\n"
HANG = "import time\nwhile True:\n    time.sleep(1)\n"
FORKBOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
FLOOD = "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"
SYNTAX = "def broken(:\n    pass\n"


def expected_status(kind: str, exercise: str) -> str:
    if kind == "correct":
        return "passed"
    if kind == "partial":
        return "passed" if exercise == "ex1" else "missing"
    return "failed"


class Suite(harness.Suite):
    @property
    def course(self) -> Path:
        """The bundled course with short limits and one run per grading (make_course())."""
        return self.scratch / "course"

    # -- set-up -----------------------------------------------------------------------------

    def make_course(self) -> None:
        make_short_course(self.source, self.scratch)

    def submission(self, kind: str, exercise: str, student: str) -> str | None:
        if kind == "correct" or (kind == "partial" and exercise == "ex1"):
            text = self.solution(exercise).read_text()
            return f"# handed in by {student}\n{text}"  # a file of their own, not a copy
        if kind == "partial":
            return None
        if kind == "template":
            return self.template(exercise).read_text()
        return {"crash": CRASH, "hang": HANG, "forkbomb": FORKBOMB, "flood": FLOOD,
                "syntax": SYNTAX}[kind]

    def make_class(self, folder: Path, students: int, kinds=KINDS) -> dict[str, str]:
        """`students` students, kinds in turn; returns student id -> kind."""
        roster = {}
        for i in range(students):
            kind = kinds[i % len(kinds)]
            student = f"s{i:03d}-{kind}"
            roster[student] = kind
            (folder / student).mkdir(parents=True)
            for exercise in EXERCISES:
                text = self.submission(kind, exercise, student)
                if text is not None:
                    (folder / student / f"{exercise}.py").write_text(text)
        (folder / ".hidden").mkdir()  # not a student
        (folder / "README.txt").write_text("not a student either\n")
        return roster

    # -- running ----------------------------------------------------------------------------

    def argv(self, *args: str) -> list[str]:
        return [str(self.grade), "--course", str(self.course), *args]

    def start(self, *args: str, env: dict[str, str] | None = None, stdout=subprocess.PIPE,
              stderr=subprocess.PIPE) -> subprocess.Popen:
        """Starts grade ARGS in the scratch folder, stdin closed, for a test that acts while it
        runs."""
        return subprocess.Popen(self.argv(*args), cwd=self.scratch, env=env or base_env(),
                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                                text=True)

    def run(self, *args: str, cwd: Path, expect: int | None = 0) -> Outcome:
        outcome = run(self.argv(*args), cwd=cwd, env=base_env(), timeout=TIMEOUT)
        if expect is not None and outcome.returncode != expect:
            raise Failure(f"`{' '.join(args)}` exited {outcome.returncode}, expected {expect}\n"
                          f"{outcome.describe()}")
        return outcome


def live_pids() -> list[int]:
    """Processes below this driver (a subreaper) that are not zombies."""
    return [stat.pid for stat in live_descendants()]


def attempts(db: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT * FROM attempts ORDER BY started_at, rowid").fetchall()


def current(db: Path) -> dict[tuple[str, str], sqlite3.Row]:
    latest = {}
    for row in attempts(db):
        latest[(row["student"], row["exercise"])] = row
    return latest


def read_csv(text: str) -> dict[str, dict[str, str]]:
    return {row["student_id"]: row for row in csv.DictReader(io.StringIO(text))}


def wait_for_lines(proc: subprocess.Popen, count: int, deadline: float) -> list[str]:
    """Reads the batch's log lines (stderr is not a terminal) until `count` gradings ended."""
    lines = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if sum(1 for l in lines if l.startswith("[")) >= count:
            return lines
    raise Failure(f"the batch logged only {len(lines)} lines:\n{''.join(lines)}")


# -- scenarios ------------------------------------------------------------------------------

def scenario_class(s: Suite) -> None:
    roster = s.make_class(s.scratch / "class", 16)
    proc = s.run("batch", "class", "--jobs", "2", cwd=s.scratch)
    db = s.scratch / "gradebook.sqlite"
    latest = current(db)
    for student, kind in roster.items():
        for exercise in EXERCISES:
            row = latest.get((student, exercise))
            s.expect(row is not None, f"{student}/{exercise}: no attempt")
            if row is not None:
                want = expected_status(kind, exercise)
                s.expect(row["status"] == want,
                         f"{student}/{exercise} ({kind}): {row['status']}, expected {want}")
    s.expect(len(attempts(db)) == len(roster) * 3, "one attempt per grading")
    for word in ("ex1", "ex2", "ex3", "pass rate", "median"):
        s.expect(word in proc.stdout, f"summary table mentions {word!r}:\n{proc.stdout}")

    table = read_csv(s.run("export", "csv", "--db", str(db), cwd=s.scratch).stdout)
    s.expect(sorted(table) == sorted(roster), f"one CSV row per student: {sorted(table)}")
    for student, kind in roster.items():
        row = table.get(student, {})
        if kind == "correct":
            s.expect(all(row.get(e) not in ("", "0") for e in EXERCISES), f"{student}: {row}")
        if kind == "partial":
            s.expect(row.get("ex2") == "" and row.get("ex3") == "", f"{student}: {row}")
    exported = s.run("export", "jsonl", "--db", str(db), cwd=s.scratch)
    documents = s.keep_jsonl("class", exported.stdout, exported)
    s.expect(len(documents) == sum(1 for k in roster.values() if k != "partial") * 3 +
             sum(1 for k in roster.values() if k == "partial"),
             f"one JSON line per graded file, got {len(documents)}")
    junit = s.scratch / "class.xml"
    s.run("export", "junit", "--db", str(db), "-o", str(junit), cwd=s.scratch)
    lint = subprocess.run(["xmllint", "--noout", "--schema",
                           str(s.source / "tests" / "schemas" / "junit.xsd"), str(junit)],
                          capture_output=True, text=True)
    s.expect(lint.returncode == 0, f"the class's JUnit XML is valid:\n{lint.stderr}")
    suites = junit.read_text().count("<testsuite ")
    s.expect(suites == len(roster) * 3, f"one <testsuite> per current attempt: {suites}")
    verdicts = {d["runs"][0]["verdict"] for d in documents if d["runs"]}
    for verdict in ("ok", "nonzero_exit", "wall_timeout", "task_limit", "output_limit"):
        s.expect(verdict in verdicts, f"some run ended with {verdict}: {sorted(verdicts)}")


def scenario_resume(s: Suite) -> None:
    roster = s.make_class(s.scratch / "class", 12, kinds=("correct", "template", "hang"))
    total = len(roster) * 3
    proc = s.start("batch", "class", "--jobs", "2", stdout=subprocess.DEVNULL)
    try:
        wait_for_lines(proc, 8, time.monotonic() + TIMEOUT)
    finally:
        proc.kill()
        proc.wait()
    db = s.scratch / "gradebook.sqlite"
    # The workers die with the parent; the runs they started die with their tracers.
    deadline = time.monotonic() + 15
    while live_pids() and time.monotonic() < deadline:
        reap_zombie_children()
        time.sleep(0.1)
    s.expect(not live_pids(),
             f"processes of the killed batch survive: {live_pids()}")
    before = attempts(db)
    done = {(r["student"], r["exercise"]) for r in before}
    s.expect(8 <= len(done) < total, f"{len(done)} gradings recorded before the kill")
    s.expect(len(before) == len(done), "no grading recorded twice")

    s.run("batch", "class", "--jobs", "2", cwd=s.scratch)
    after = attempts(db)
    s.expect(len(after) == total, f"{len(after)} attempts after resuming, expected {total}")
    again = [r for r in after if (r["student"], r["exercise"]) in done]
    s.expect(len(again) == len(done), "a grading finished before the kill was graded again")
    s.expect(sorted(read_csv(s.run("export", "csv", cwd=s.scratch).stdout)) == sorted(roster),
             "every student has a row")


def scenario_interrupt(s: Suite) -> None:
    roster = s.make_class(s.scratch / "class", 10, kinds=("hang", "correct"))
    proc = s.start("batch", "class", "--jobs", "2")
    wait_for_lines(proc, 2, time.monotonic() + TIMEOUT)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=TIMEOUT)
    s.expect(proc.returncode == 130, f"exit {proc.returncode} after SIGINT\n{out}\n{err}")
    s.expect("Run the same command" in err, f"the operator is told how to resume:\n{err}")
    db = s.scratch / "gradebook.sqlite"
    done = len(attempts(db))
    s.expect(2 <= done < len(roster) * 3, f"{done} recorded")
    s.run("batch", "class", "--jobs", "2", cwd=s.scratch)
    s.expect(len(attempts(db)) == len(roster) * 3, "resumed to the end, nothing twice")

    # Twice, without observation (no tracer to take the runs down with their worker): the
    # runs are killed all the same, and no run folder is left.
    tmp = s.scratch / "tmp"
    tmp.mkdir()
    os.chmod(tmp, 0o755)
    e = base_env()
    e["TMPDIR"] = str(tmp)
    proc = s.start("batch", "class", "--jobs", "2", "--force", "--no-observe", "--db",
                   "again.sqlite", env=e)
    wait_for_lines(proc, 1, time.monotonic() + TIMEOUT)
    time.sleep(0.5)  # let the next gradings start their runs
    proc.send_signal(signal.SIGINT)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=TIMEOUT)
    s.expect(proc.returncode == 130, f"exit {proc.returncode} after two SIGINTs\n{out}\n{err}")
    s.expect("stopping now" in err, f"the second interrupt is acknowledged:\n{err}")
    reap_zombie_children()
    alive = live_pids()
    s.expect(not alive, f"processes of the aborted batch survive: {alive}")
    left = list(tmp.iterdir())
    s.expect(not left, f"the aborted batch left {left}")


def scenario_worker_killed(s: Suite) -> None:
    roster = s.make_class(s.scratch / "class", 4, kinds=("hang", "correct"))
    proc = s.start("batch", "class", "--jobs", "1")
    # The first grading is s000-hang/ex1: its worker waits for a run that sleeps until its
    # 3 s wall-time limit. Kill that worker by its id, a child of the batch we started.
    time.sleep(1.0)
    workers = [stat.pid for stat in live_descendants() if stat.ppid == proc.pid]
    s.expect(len(workers) == 1, f"one worker runs: {workers}")
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=TIMEOUT)
    s.expect(proc.returncode == 3, f"exit {proc.returncode} with a lost grading\n{out}\n{err}")
    db = s.scratch / "gradebook.sqlite"
    latest = current(db)
    killed = latest[("s000-hang", "ex1")]
    s.expect(killed["status"] == "error" and "signal 9" in (killed["error"] or ""),
             f"the killed worker's grading: {dict(killed)}")
    s.expect(len(latest) == len(roster) * 3, "the batch went on after the lost worker")
    reap_zombie_children()
    s.expect(not live_pids(), "the lost worker's run survived it")
    s.run("batch", "class", "--jobs", "2", cwd=s.scratch)
    s.expect(current(db)[("s000-hang", "ex1")]["status"] == "failed",
             "the error was retried by the next run")
    s.expect(len(attempts(db)) == len(roster) * 3 + 1, "only the error was graded again")


def scenario_incremental(s: Suite) -> None:
    roster = s.make_class(s.scratch / "class", 6, kinds=("correct", "template", "crash"))
    s.run("batch", "class", cwd=s.scratch)
    db = s.scratch / "gradebook.sqlite"
    first = len(attempts(db))
    proc = s.run("batch", "class", cwd=s.scratch)
    s.expect(len(attempts(db)) == first, "an unchanged class is not graded again")
    s.expect("0 graded" in proc.stdout, f"the summary says so:\n{proc.stdout}")
    changed = s.scratch / "class" / "s001-template" / "ex2.py"
    changed.write_text((s.source / "solutions" / "python" / "ex2.py").read_text())
    s.run("batch", "class", cwd=s.scratch)
    rows = attempts(db)
    s.expect(len(rows) == first + 1, f"one changed file, {len(rows) - first} gradings")
    s.expect(current(db)[("s001-template", "ex2")]["status"] == "passed", "graded anew")
    s.run("batch", "class", "--force", "--exercises", "ex1,ex3", cwd=s.scratch)
    s.expect(len(attempts(db)) == first + 1 + len(roster) * 2, "--force grades again")
    history = [r for r in attempts(db) if r["student"] == "s000-correct" and r["exercise"] == "ex1"]
    s.expect(len(history) == 2, "earlier attempts are kept")

    # A changed spec regrades its exercise only; a changed manifest or run option, everything.
    count = len(attempts(db))
    with open(s.course / "exercises" / "ex2.yaml", "a") as spec:
        spec.write("# edited\n")
    s.run("batch", "class", cwd=s.scratch)
    s.expect(len(attempts(db)) == count + len(roster), "a changed spec regrades its exercise")
    count = len(attempts(db))
    with open(s.course / "course.yaml", "a") as manifest:
        manifest.write("# edited\n")
    s.run("batch", "class", cwd=s.scratch)
    s.expect(len(attempts(db)) == count + len(roster) * 3, "a changed manifest regrades all")
    count = len(attempts(db))
    s.run("batch", "class", "--repeat", "2", "--exercises", "ex2", cwd=s.scratch)
    s.expect(len(attempts(db)) == count + len(roster), "another --repeat regrades")
    proc = s.run("batch", "class", "--exercises", "ex2,ex2", cwd=s.scratch, expect=2)
    s.expect("twice" in proc.stderr, f"a repeated exercise is refused:\n{proc.stderr}")


def scenario_shards(s: Suite) -> None:
    s.make_class(s.scratch / "class", 18, kinds=("correct", "template", "crash", "partial"))
    single = s.scratch / "single.sqlite"
    s.run("batch", "class", "--db", str(single), cwd=s.scratch)
    procs = [s.start("batch", "class", "--jobs", "1", "--shard", f"{k}/3") for k in (1, 2, 3)]
    for k, proc in enumerate(procs, 1):
        out, err = proc.communicate(timeout=TIMEOUT)
        s.expect(proc.returncode == 0, f"shard {k}/3 exited {proc.returncode}\n{out}\n{err}")
    shards = [f"gradebook-{k}-of-3.sqlite" for k in (1, 2, 3)]
    sizes = [len({r["student"] for r in attempts(s.scratch / name)}) for name in shards]
    s.expect(sum(sizes) == 18 and all(size > 0 for size in sizes), f"shard sizes {sizes}")
    s.run("merge", "merged.sqlite", *shards, cwd=s.scratch)
    merged = s.scratch / "merged.sqlite"
    count = len(attempts(merged))
    s.run("merge", "merged.sqlite", *shards, cwd=s.scratch)
    s.expect(len(attempts(merged)) == count, "merging again changes nothing")

    compare_with_single(s, single, merged)


def exports(s: Suite, db: Path) -> tuple[str, list, str]:
    table = s.run("export", "csv", "--db", str(db), cwd=s.scratch).stdout
    lines = s.run("export", "jsonl", "--db", str(db), cwd=s.scratch).stdout
    summary = s.run("summary", "--db", str(db), cwd=s.scratch).stdout
    # What may differ between two gradings of the same file: times, pids, tasks.
    docs = sorted((d["student"]["id"], d["exercise"]["id"], d["status"], d["score"],
                   [(c["id"], c["status"], c["points"]) for c in d["checks"]])
                  for d in (json.loads(l) for l in lines.splitlines()))
    return table, docs, summary


def compare_with_single(s: Suite, single: Path, merged: Path) -> None:
    single_exports, merged_exports = exports(s, single), exports(s, merged)
    s.expect(single_exports[0] == merged_exports[0],
             f"CSV differs:\n{single_exports[0]}\n---\n{merged_exports[0]}")
    s.expect(single_exports[1] == merged_exports[1], "JSON lines differ")
    s.expect(single_exports[2] == merged_exports[2],
             f"summary differs:\n{single_exports[2]}\n---\n{merged_exports[2]}")


def parallel(s: Suite, commands: list[tuple[list[str], dict[str, str]]], ok=(0,)) -> None:
    procs = [subprocess.Popen(argv, cwd=s.scratch, env=e, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for argv, e in commands]
    for (argv, _), proc in zip(commands, procs):
        out, err = proc.communicate(timeout=TIMEOUT)
        s.expect(proc.returncode in ok, f"{argv} exited {proc.returncode}\n{out}\n{err}")


def example_env(s: Suite, **extra: str) -> dict[str, str]:
    e = base_env()
    e.update(GRADE=str(s.grade), GRADE_COURSE=str(s.course), CLASS_DIR=str(s.scratch / "class"),
             RESULTS_DIR=str(s.scratch / "results"), TMPDIR=str(s.scratch), JOBS="1", **extra)
    return e


def scenario_slurm(s: Suite) -> None:
    s.make_class(s.scratch / "class", 12, kinds=("correct", "template", "crash", "partial"))
    single = s.scratch / "single.sqlite"
    s.run("batch", "class", "--db", str(single), cwd=s.scratch)
    examples = s.source / "docs" / "examples" / "slurm"
    parallel(s, [(["bash", str(examples / "grade-class.sbatch")],
                  example_env(s, SLURM_ARRAY_TASK_ID=str(k), SLURM_ARRAY_TASK_COUNT="3",
                              SLURM_CPUS_PER_TASK="1")) for k in (1, 2, 3)])
    parallel(s, [(["bash", str(examples / "merge.sbatch")], example_env(s))])
    results = s.scratch / "results"
    s.expect((results / "grades.csv").is_file(), "the merge job exported grades.csv")
    compare_with_single(s, single, results / "gradebook.sqlite")


def scenario_kubernetes(s: Suite) -> None:
    import yaml
    s.make_class(s.scratch / "class", 12, kinds=("correct", "template", "crash", "partial"))
    single = s.scratch / "single.sqlite"
    s.run("batch", "class", "--db", str(single), cwd=s.scratch)
    job = next(doc for doc in yaml.safe_load_all(
        (s.source / "docs" / "examples" / "kubernetes" / "grade-job.yaml").read_text())
        if doc["kind"] == "Job")
    spec = job["spec"]
    container = spec["template"]["spec"]["containers"][0]
    shards = {e["name"]: e["value"] for e in container["env"]}["SHARDS"]
    s.expect(spec["completionMode"] == "Indexed", "an Indexed Job")
    s.expect(str(spec["completions"]) == shards, f"completions {spec['completions']} != SHARDS {shards}")
    (s.scratch / "results").mkdir()
    parallel(s, [(container["command"], example_env(s, JOB_COMPLETION_INDEX=str(i), SHARDS="3"))
                 for i in range(3)])
    s.run("merge", "merged.sqlite", *[str(s.scratch / "results" / f"gradebook-{k}-of-3.sqlite")
                                      for k in (1, 2, 3)], cwd=s.scratch)
    compare_with_single(s, single, s.scratch / "merged.sqlite")


def scenario_disk_full(s: Suite) -> None:
    roster = s.make_class(s.scratch / "class", 16, kinds=("correct", "template"))
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        raise Skipped("needs root to mount a small tmpfs in a mount namespace of its own")
    small, saved = s.scratch / "small", s.scratch / "saved"
    small.mkdir()
    saved.mkdir()
    grade = " ".join(shlex.quote(a) for a in s.argv("batch", "class", "--jobs", "2",
                                                     "--db", str(small / "gradebook.sqlite")))
    script = (f"mount -t tmpfs -o size=256k tmpfs {small} || exit 77; "
              f"{grade}; echo $? > {saved}/rc; cp -a {small}/. {saved}/")
    proc = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                          cwd=s.scratch, env=base_env(), capture_output=True, text=True,
                          timeout=TIMEOUT)
    if proc.returncode == 77:
        raise Skipped(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    rc = int((saved / "rc").read_text())
    s.expect(rc == 3, f"exit {rc} when the gradebook's disk is full\n{proc.stdout}\n{proc.stderr}")
    s.expect("gradebook" in proc.stderr and "full" in proc.stderr,
             f"the message says what happened:\n{proc.stderr}")
    reap_zombie_children()
    s.expect(not live_pids(), "a worker survived the failed batch")
    db = saved / "gradebook.sqlite"
    recorded = attempts(db)  # integrity_check included
    done = {(r["student"], r["exercise"]) for r in recorded}
    total = len(roster) * 3
    s.expect(0 < len(done) < total, f"{len(done)} of {total} recorded before the disk filled up")
    s.run("batch", "class", "--jobs", "2", "--db", str(db), cwd=s.scratch)
    after = attempts(db)
    s.expect(len(after) == total, f"{len(after)} attempts after resuming, expected {total}")
    s.expect(sum(1 for r in after if (r["student"], r["exercise"]) in done) == len(done),
             "a result recorded before the disk filled up was graded again")


def on_terminal(s: Suite, *args: str) -> tuple[int, str, str]:
    """Runs grade with stderr on a pseudo-terminal: (exit code, what the terminal showed,
    stdout)."""
    master, slave = os.openpty()
    proc = s.start(*args, stderr=slave)
    os.close(slave)
    seen = read_terminal(master)
    os.close(master)
    out = proc.stdout.read()
    proc.wait(timeout=TIMEOUT)
    return proc.returncode, seen.decode("utf-8", "replace"), out


def scenario_terminal(s: Suite) -> None:
    s.make_class(s.scratch / "class", 6, kinds=("correct", "template"))
    code, text, out = on_terminal(s, "batch", "class", "--jobs", "2", "--exercises", "ex1,ex2")
    s.expect(code == 0, f"exit {code}")
    s.expect("\r\x1b[Kgrading 12/12 · 6 failed" in text, f"the last progress line:\n{text!r}")
    s.expect("/s" in text and "ETA" in text, f"rate and ETA are shown:\n{text!r}")
    s.expect("\n[" not in text and not text.startswith("["), f"no log lines:\n{text!r}")
    s.expect(text.endswith("\r\x1b[K"), "the progress line is cleared at the end")
    s.expect("Summary of 6 student(s)" in out, f"the summary is on stdout:\n{out}")


# Folder names a student controls, each aimed at the instructor's screen or spreadsheet.
HOSTILE_NAMES = (
    "mallory\x1b[2J\x1b[H\x1b]52;c;cm0gLXJmIH4K\x07\n[2 of 2] alice: passed 15 of 15",
    "trudy\u202eevil",
    '=HYPERLINK("x.example","y")',
    "+1",
    "@SUM(1)",
    "-x",
)
# Cells a spreadsheet would take for a formula: exported with a leading apostrophe.
FORMULA_NAMES = ('=HYPERLINK("x.example","y")', "+1", "@SUM(1)", "-x")


def make_hostile_class(s: Suite) -> Path:
    folder = s.scratch / "class"
    for student in ("alice", *HOSTILE_NAMES):
        (folder / student).mkdir(parents=True)
        (folder / student / "ex1.py").write_text(
            (s.source / "templates" / "python" / "ex1.py").read_text())
    return folder


def forged(text: str) -> list[str]:
    """Lines that begin with the progress line a folder name tried to forge."""
    return [line for line in text.split("\n") if line.lstrip("\r").startswith("[2 of 2]")]


def scenario_names(s: Suite) -> None:
    make_hostile_class(s)
    proc = s.run("batch", "class", "--jobs", "2", "--exercises", "ex1", cwd=s.scratch)
    log = proc.stderr
    s.expect("\x1b" not in log and "\x07" not in log, f"no raw escape in the log:\n{log!r}")
    s.expect("\u202e" not in log, f"no raw bidi override in the log:\n{log!r}")
    s.expect(not forged(log), f"no forged progress line:\n{log}")
    lines = [line for line in log.splitlines() if line.startswith("[")]
    s.expect(len(lines) == len(HOSTILE_NAMES) + 1 and len(log.splitlines()) == len(lines),
             f"one log line per grading:\n{log}")
    s.expect(any("mallory\\x1b[2J" in line and "[2 of 2] alice" in line for line in lines),
             f"the escaped name is shown on its line:\n{log}")
    s.expect("\x1b" not in proc.stdout, f"no raw escape in the summary:\n{proc.stdout!r}")

    summary = s.run("summary", "--exercises", "ex1", cwd=s.scratch)
    s.expect("\x1b" not in summary.stdout and "\u202e" not in summary.stdout,
             f"grade summary shows nothing raw:\n{summary.stdout!r}")

    text = s.run("export", "csv", "--exercises", "ex1", cwd=s.scratch).stdout
    table = read_csv(text)
    for name in FORMULA_NAMES:
        s.expect("'" + name in table, f"the CSV cell of {name!r} starts with ': {sorted(table)}")
    s.expect(not any(cell[:1] in "=+-@\t\r" for cell in table if cell),
             f"no CSV cell starts a formula: {sorted(table)}")
    for name in ("alice", HOSTILE_NAMES[0], HOSTILE_NAMES[1]):
        s.expect(name in table, f"the id {name!r} is exported as it is, for the LMS to match")
    s.expect(all(row["ex1"].isdigit() and row["total"].isdigit() for row in table.values()),
             f"scores stay numbers: {list(table.values())}")

    junit = s.run("export", "junit", cwd=s.scratch).stdout
    s.expect("\u202e" not in junit and "\x1b" not in junit,
             f"no raw bidi override or escape in the class's JUnit XML:\n{junit[:2000]}")


def scenario_names_terminal(s: Suite) -> None:
    make_hostile_class(s)
    code, text, _ = on_terminal(s, "batch", "class", "--exercises", "ex1", "--id-pattern",
                                "([a-z]+)")
    shown = text.replace("\r\x1b[K", "")  # the progress line's own rewriting
    s.expect(code == 0, f"exit {code}")
    s.expect("\x1b" not in shown and "\x07" not in shown,
             f"no escape sequence but the progress line's:\n{text!r}")
    s.expect(not forged(text), f"no forged progress line:\n{text!r}")
    message = [line for line in shown.split("\n") if "skipped" in line]
    s.expect(len(message) == 1 and "mallory" in message[0] and "[2 of 2] alice" in message[0]
             and "HYPERLINK" in message[0] and "trudy\\u202eevil" in message[0],
             f"the skipped folders are named on one line, escaped:\n{text!r}")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def scenario_permissions(s: Suite) -> None:
    os.umask(0o022)  # what most accounts have: files 0644 unless the program says otherwise
    s.make_class(s.scratch / "class", 4, kinds=("correct", "hang"))
    db = s.scratch / "gradebook.sqlite"
    sidecars = {Path(f"{db}-wal"): set(), Path(f"{db}-shm"): set()}
    proc = s.start("batch", "class", "--jobs", "2", "--exercises", "ex1",
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The -wal and -shm files live as long as the batch has the gradebook open.
    while proc.poll() is None:
        for path, modes in sidecars.items():
            try:
                modes.add(mode(path))
            except FileNotFoundError:
                pass
        time.sleep(0.01)
    s.expect(proc.returncode == 0, f"batch exit {proc.returncode}")
    s.expect(mode(db) == 0o600, f"gradebook.sqlite is {mode(db):04o}")
    for path, modes in sidecars.items():
        s.expect(modes == {0o600}, f"{path.name} was {sorted(f'{m:04o}' for m in modes)}")

    exports = {"csv": s.scratch / "grades.csv", "jsonl": s.scratch / "grades.jsonl",
               "junit": s.scratch / "grades.xml"}
    exports["csv"].write_text("an earlier export, left readable\n")
    exports["csv"].chmod(0o644)
    for kind, path in exports.items():
        s.run("export", kind, "-o", str(path), cwd=s.scratch)
        s.expect(mode(path) == 0o600, f"export {kind} -o: {path.name} is {mode(path):04o}")
    s.expect(exports["csv"].read_text().startswith("student_id,"), "the export replaced the file")

    report = s.scratch / "report.json"
    s.run("ex1", str(s.source / "solutions" / "python" / "ex1.py"), "--repeat", "1",
          "--format", "json", "--output", str(report), cwd=s.scratch)
    s.expect(mode(report) == 0o600, f"grade --output: report.json is {mode(report):04o}")

    s.run("batch", "class", "--exercises", "ex1", "--shard", "1/2", cwd=s.scratch, expect=None)
    shard = s.scratch / "gradebook-1-of-2.sqlite"
    s.expect(mode(shard) == 0o600, f"{shard.name} is {mode(shard):04o}")
    s.run("merge", "merged.sqlite", str(shard), cwd=s.scratch)
    merged = s.scratch / "merged.sqlite"
    s.expect(mode(merged) == 0o600, f"merged.sqlite is {mode(merged):04o}")

    # A gradebook made readable by someone (or by an earlier version): tightened, and said.
    db.chmod(0o644)
    again = s.run("batch", "class", "--exercises", "ex1", cwd=s.scratch, expect=None)
    s.expect(mode(db) == 0o600, f"a 0644 gradebook is {mode(db):04o} after a batch")
    s.expect("0644" in again.stderr and "0600" in again.stderr,
             f"the batch says it tightened the gradebook:\n{again.stderr}")


SCENARIOS = {
    "class": scenario_class,
    "resume": scenario_resume,
    "interrupt": scenario_interrupt,
    "worker-killed": scenario_worker_killed,
    "incremental": scenario_incremental,
    "shards": scenario_shards,
    "disk-full": scenario_disk_full,
    "terminal": scenario_terminal,
    "slurm": scenario_slurm,
    "kubernetes": scenario_kubernetes,
    "names": scenario_names,
    "names-terminal": scenario_names_terminal,
    "permissions": scenario_permissions,
}


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()

    # Orphans of a killed batch become this driver's children, so the test can see them.
    make_subreaper()
    # The run users must reach the submissions' folders.
    scratch = make_scratch(f"grade-batch-{args.scenario}-", shared=True, own_cache=False)
    suite = Suite(args.grade.resolve(), args.source.resolve(), scratch)
    suite.make_course()

    def run_scenario() -> None:
        try:
            SCENARIOS[args.scenario](suite)
        finally:
            reap_zombie_children()

    return suite.conclude(run_scenario, args.keep, skip_code=True)


if __name__ == "__main__":
    sys.exit(main())

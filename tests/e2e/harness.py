"""What every end-to-end driver of tests/e2e needs: running `grade` and other commands, the
driver's own descendants (it is a child subreaper), expectations counted in a Suite, scratch
folders, JSON reports validated against docs/result.schema.json, and the driver's start and end.

Each driver (run_cases.py, hostile.py, batch.py, ...) is one script that CTest runs with
/usr/bin/python3; they import this module from their own folder. Standard library only (the
schema check runs tests/tools/validate_json.py, which needs python3-jsonschema).
"""

from __future__ import annotations

import argparse
import ctypes
import fcntl
import json
import os
import pty
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import struct
import sys
import tempfile
import termios
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

EXERCISES = ("ex1", "ex2", "ex3")
EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_SKIPPED = 77  # CTest's SKIP_RETURN_CODE for the drivers that may skip everything
IS_ROOT = os.geteuid() == 0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36

# Environment variables that change how grade or the graded programs behave; scenarios set
# them explicitly when they need them.
SCRUBBED_ENV = ("PYTHONUNBUFFERED", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
                "GRADE_COURSE", "COLUMNS", "GRADE_NO_HISTORY")

RUN_TIMEOUT = 180  # seconds for one command of run(); the CTest TIMEOUT bounds the test
# How long a grade started by start_grade() may take before the driver kills it (and what the
# run left behind), so that a hang is reported before CTest's TIMEOUT.
HARD_TIMEOUT = 15.0
# A process killed with SIGKILL needs a moment to be gone; a survivor is one still alive after.
SETTLE_SECONDS = 1.0

# The limits of the tiny course tests/fixtures/hostile/course.yaml.
WALL_LIMIT = 3.0
OUTPUT_LIMIT = 64 * 1024
MEMORY_LIMIT = 256 * 1024 * 1024
OPEN_FILES_LIMIT = 64

# The uids runs take one each when grade is root (its default --run-uids).
RUN_UIDS = range(60500, 60999 + 1)


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update(extra)
    return env


# --------------------------------------------------------------------------------------------
# What a command did


@dataclass
class Outcome:
    argv: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    timeout: float | None = None  # what the driver gave it before killing it
    cwd: str | None = None
    env_note: str = ""
    # Set by finish_grade(): grade's own PID and resource usage, and when it ran.
    pid: int = 0
    max_rss_bytes: int = 0
    started_ticks: int = 0
    ended_ticks: int = 0

    @property
    def text(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        lines = [f"  command:   {shlex.join(self.argv)}"]
        if self.cwd:
            lines.append(f"  in:        {self.cwd}")
        if self.env_note:
            lines.append(f"  env:       {self.env_note}")
        ending = (f"killed by the test after {self.timeout:.0f} s" if self.timed_out
                  else f"exit code {self.returncode}")
        lines.append(f"  ended:     {ending} after {self.seconds:.2f} s")
        for name, data in (("stdout", self.stdout), ("stderr", self.stderr)):
            if data:
                shown = data if len(data) <= 6000 else data[:6000] + "\n[... cut ...]"
                lines.append(f"  {name}:")
                lines.append(textwrap.indent(shown.rstrip("\n"), "    | ", lambda _: True))
            else:
                lines.append(f"  {name}:    (empty)")
        return "\n".join(lines)


def decoded(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", "replace")


def run(argv, *, cwd=None, env=None, env_note="", timeout=RUN_TIMEOUT) -> Outcome:
    """Runs to its end with stdin closed and the output on pipes; killed after `timeout`."""
    argv = [str(a) for a in argv]
    started = time.monotonic()
    common = dict(argv=argv, cwd=cwd and str(cwd), env_note=env_note, timeout=timeout)
    try:
        done = subprocess.run(argv, cwd=cwd, env=env if env is not None else base_env(),
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        return Outcome(returncode=done.returncode, stdout=decoded(done.stdout),
                       stderr=decoded(done.stderr), seconds=time.monotonic() - started, **common)
    except subprocess.TimeoutExpired as expired:
        return Outcome(returncode=None, stdout=decoded(expired.stdout),
                       stderr=decoded(expired.stderr), seconds=time.monotonic() - started,
                       timed_out=True, **common)


def run_on_terminal(argv, *, env, env_note="", timeout=RUN_TIMEOUT, cwd=None,
                    columns: int | None = None) -> Outcome:
    """Runs with stdin, stdout and stderr on a fresh pseudo-terminal (`columns` wide, 24 rows,
    when given); returns what it showed."""
    master, slave = pty.openpty()
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    started = time.monotonic()
    proc = subprocess.Popen([str(a) for a in argv], stdin=slave, stdout=slave, stderr=slave,
                            env=env, cwd=cwd, start_new_session=True)
    os.close(slave)
    chunks: list[bytes] = []
    timed_out = False
    while True:
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([master], [], [], min(left, 1.0))
        if not ready:
            if proc.poll() is not None and not select.select([master], [], [], 0.2)[0]:
                break
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every holder of the terminal has closed it
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait()
    output = decoded(b"".join(chunks)).replace("\r\n", "\n")
    return Outcome([str(a) for a in argv], None if timed_out else proc.returncode, output, "",
                   time.monotonic() - started, timed_out, timeout,
                   env_note=env_note + " (on a pseudo-terminal)")


def read_terminal(master: int) -> bytes:
    """All a pseudo-terminal shows until its last writer closes it."""
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


# --------------------------------------------------------------------------------------------
# grade started and waited for with wait4, for its own resource usage


@dataclass
class Running:
    """A grade started by start_grade(), not yet waited for."""
    argv: list[str]
    proc: subprocess.Popen
    out: object
    err: object
    started: float
    started_ticks: int


def uptime_ticks() -> int:
    return int(float(Path("/proc/uptime").read_text().split()[0]) * CLOCK_TICKS)


def start_grade(argv: list, scratch: Path) -> Running:
    argv = [str(a) for a in argv]
    out = tempfile.TemporaryFile(dir=scratch)
    err = tempfile.TemporaryFile(dir=scratch)
    started_ticks = uptime_ticks()
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                            env=base_env())
    return Running(argv, proc, out, err, started, started_ticks)


def still_running(running: Running) -> bool:
    """Whether grade has not exited yet; never reaps it (finish_grade does)."""
    info = os.waitid(os.P_PID, running.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    return info is None


def finish_grade(running: Running, timeout: float = HARD_TIMEOUT) -> Outcome:
    """Waits for grade with wait4 (its own resource usage: grade and what it reaped), and
    never for longer than `timeout` after it started."""
    proc, started = running.proc, running.started
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        if time.monotonic() - started > timeout:
            timed_out = True
            os.kill(proc.pid, signal.SIGKILL)  # our own child: cannot be a reused PID
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits again
    ended_ticks = uptime_ticks()
    with running.out as out, running.err as err:
        out.seek(0)
        err.seek(0)
        return Outcome(running.argv, None if timed_out else proc.returncode, decoded(out.read()),
                       decoded(err.read()), seconds, timed_out, timeout, pid=proc.pid,
                       max_rss_bytes=usage.ru_maxrss * 1024,
                       started_ticks=running.started_ticks, ended_ticks=ended_ticks)


def run_grade(argv: list, scratch: Path, timeout: float = HARD_TIMEOUT) -> Outcome:
    """Runs grade to its end (see finish_grade)."""
    return finish_grade(start_grade(argv, scratch), timeout)


# --------------------------------------------------------------------------------------------
# Processes: /proc, the subreaper, our own descendants


def make_subreaper() -> bool:
    """Makes this driver a child subreaper: orphans of the programs it starts become its
    children, so it sees what survived, and must reap it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_zombie_children() -> None:
    """Reaps every child of ours that has ended, without waiting for running ones."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


@dataclass
class ProcStat:
    pid: int
    state: str
    ppid: int
    start_ticks: int
    uid: int | None


def read_stat(pid: int) -> ProcStat | None:
    """/proc/<pid>/stat (works for a TID too); None when the task does not exist."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None
    # The command name is in parentheses and may itself hold spaces or parentheses.
    rest = raw[raw.rindex(")") + 2:].split()
    # rest[0] is field 3 (state); field 4 is ppid, field 22 the start time in clock ticks.
    return ProcStat(pid, rest[0], int(rest[1]), int(rest[19]), uid)


def cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return shlex.join(os.fsdecode(a) for a in raw.split(b"\0") if a) or "?"


def all_stats() -> dict[int, ProcStat]:
    stats = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = read_stat(int(entry.name))
            if stat is not None:
                stats[stat.pid] = stat
    return stats


def is_descendant(pid: int, stats: dict[int, ProcStat], ancestor: int) -> bool:
    seen = set()
    while pid > 1 and pid not in seen:
        seen.add(pid)
        stat = stats.get(pid) or read_stat(pid)
        if stat is None:
            return False
        if stat.ppid == ancestor:
            return True
        pid = stat.ppid
    return False


def live_descendants() -> list[ProcStat]:
    """Processes below this driver that are not zombies (zombies are dead)."""
    stats = all_stats()
    me = os.getpid()
    return [s for s in stats.values()
            if s.state not in ("Z", "X") and is_descendant(s.pid, stats, me)]


def is_run_of(pid: int, program: str) -> bool:
    """Whether `pid` runs `program` as a run (not the compile check, which has -c)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [os.fsdecode(a) for a in args if a]
    return len(args) == 2 and args[1] == program


def find_run_pid(running: Running, program: str) -> int | None:
    """The PID the run wrote to run.pid in its folder, once that is a live process of ours
    running `program`. The file is read through /proc/<pid>/cwd: the run may see its folder
    in a mount namespace of its own."""
    deadline = time.monotonic() + WALL_LIMIT + 5
    while time.monotonic() < deadline and still_running(running):
        for stat in live_descendants():
            if not is_run_of(stat.pid, program):
                continue
            try:
                pid = int(Path(f"/proc/{stat.pid}/cwd/run.pid").read_text())
            except (OSError, ValueError):
                continue
            if pid == stat.pid:
                return pid
        time.sleep(0.02)
    return None


def accepted_connection(listener: socket.socket) -> bool:
    """Whether someone connected to a non-blocking listener of the test."""
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


# --------------------------------------------------------------------------------------------
# Reading reports


def run_of(document: dict | None) -> dict:
    """The first run of a report ({} when there is none)."""
    return ((document or {}).get("runs") or [{}])[0]


def checks_of(document: dict | None) -> list[dict]:
    checks = (document or {}).get("checks")
    return checks if isinstance(checks, list) else []


def listed_tasks(document: dict | None) -> list[dict]:
    tasks = []
    for run in (document or {}).get("runs") or []:
        tasks += (run.get("observation") or {}).get("tasks") or []
    return tasks


def in_place(document: dict | None, name: str) -> bool:
    """Whether the report lists the protection `name` as in place."""
    return any(p.get("name") == name and p.get("in_place")
               for p in (document or {}).get("protections") or [])


def run_summary(document: dict | None) -> str:
    """A report's status, each run's ending and output, and its checks, for a failure."""
    if document is None:
        return "(no document)"
    lines = [f"status={document.get('status')!r} score={document.get('score')}/"
             f"{document.get('max_score')} notes={document.get('notes')}"]
    for run in document.get("runs") or []:
        obs = run.get("observation") or {}
        lines.append(
            f"run {run.get('index')}: verdict={run.get('verdict')} exit_code="
            f"{run.get('exit_code')} signal={run.get('signal_name')} timed_out="
            f"{run.get('timed_out')} output_limit_hit={run.get('output_limit_hit')} "
            f"task_limit_hit={run.get('task_limit_hit')} wall={run.get('wall_seconds')} "
            f"observation={obs.get('state')} tasks={len(obs.get('tasks') or [])}")
        for stream in ("stdout", "stderr"):
            capture = run.get(stream) or {}
            data = capture.get("data", "")
            shown = data if len(data) <= 1500 else data[:700] + " [...] " + data[-700:]
            lines.append(f"  {stream} (truncated={capture.get('truncated')}): {shown!r}")
    for check in document.get("checks") or []:
        lines.append(f"[{check.get('status')}] {check.get('id')}: {check.get('message', '')}")
    if document.get("error"):
        lines.append(f"error: {document['error']}")
    return "\n".join(lines)


def spec_check_ids(spec: Path) -> list[str]:
    """The check ids of an exercise spec, read without a YAML parser (`  - id: name` lines)."""
    return re.findall(r"^\s*-\s+id:\s*([A-Za-z0-9_.-]+)\s*$",
                      spec.read_text(encoding="utf-8"), re.M)


def validate_json(source: Path, paths: list, schema: Path | None = None,
                  timeout: float = 60) -> Outcome:
    """tests/tools/validate_json.py on `paths`, against docs/result.schema.json unless
    `schema` is given."""
    tool = source / "tests" / "tools" / "validate_json.py"
    schema = schema or source / "docs" / "result.schema.json"
    return run([sys.executable, tool, "--schema", schema, *paths], timeout=timeout)


# --------------------------------------------------------------------------------------------
# Courses


def course_exercise_ids(source: Path) -> list[str]:
    """The exercises course.yaml lists (EXERCISES and the ones beyond the module's three)."""
    match = re.search(r"(?m)^exercises: \[(.*)\]$", (source / "course.yaml").read_text())
    assert match, "course.yaml: one 'exercises: [...]' line"
    return [e.strip() for e in match.group(1).split(",")]


def make_short_course(source: Path, folder: Path) -> Path:
    """The bundled course's EXERCISES in folder/course, with short limits and one run per
    grading (the batch tests hand in one file per exercise of EXERCISES)."""
    course = folder / "course"
    (course / "exercises").mkdir(parents=True)
    for exercise in EXERCISES:
        shutil.copy(source / "exercises" / f"{exercise}.yaml", course / "exercises")
    text = (source / "course.yaml").read_text()
    text, listed = re.subn(r"(?m)^exercises: \[.*\]$", f"exercises: [{', '.join(EXERCISES)}]", text)
    assert listed == 1, "course.yaml: one 'exercises: [...]' line"
    text = text.replace("repeat: 3", "repeat: 1")
    text = text.replace("wall_time: 10s", "wall_time: 3s")
    text = text.replace("output_bytes: 1MiB", "output_bytes: 64KiB")
    text = text.replace("tasks: 256 ", "tasks: 64  ")
    assert "repeat: 1" in text and "wall_time: 3s" in text and "tasks: 64" in text
    (course / "course.yaml").write_text(text)
    return course


# --------------------------------------------------------------------------------------------
# Bookkeeping


class Failure(Exception):
    """A failed expectation after which the scenario cannot go on."""


class Skipped(Exception):
    """The scenario cannot run on this machine."""


@dataclass
class Suite:
    """Expectations counted, scratch folders and the JSON reports written into them."""
    grade: Path
    source: Path
    scratch: Path
    subreaper: bool = False
    passed: int = 0
    failed: int = 0
    skipped: list[str] = field(default_factory=list)
    documents: list[tuple[Path, Outcome]] = field(default_factory=list)
    # The driver's parsed command line, for scenarios with options of their own.
    args: argparse.Namespace | None = None
    timings: list[tuple[str, float]] = field(default_factory=list)
    _counter: int = 0

    # ---- expectations

    def expect(self, condition: bool, what: str, outcome: Outcome | None = None,
               detail: str = "") -> bool:
        if condition:
            self.passed += 1
            return True
        self.failed += 1
        print(f"FAIL: {what}")
        if detail:
            print(textwrap.indent(detail.rstrip("\n"), "  "))
        if outcome is not None:
            print(outcome.describe())
        print(flush=True)
        return False

    def note(self, message: str) -> None:
        print(message, flush=True)

    def skip(self, what: str) -> None:
        self.skipped.append(what)
        print(f"SKIP: {what}", flush=True)

    # ---- paths

    def fresh_path(self, stem: str, suffix: str = ".json") -> Path:
        self._counter += 1
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem)
        return self.scratch / f"{self._counter:03d}-{safe}{suffix}"

    def fresh_dir(self, stem: str) -> Path:
        path = self.fresh_path(stem, "")
        path.mkdir()
        return path

    def solution(self, exercise: str) -> Path:
        return self.source / "solutions" / "python" / f"{exercise}.py"

    def template(self, exercise: str) -> Path:
        return self.source / "templates" / "python" / f"{exercise}.py"

    @property
    def fixtures(self) -> Path:
        return self.source / "tests" / "fixtures" / "submissions"

    def near_miss(self, file: str) -> Path:
        """A near miss named as cases.json names it, "ex1/two_processes.py": in the course's
        exercises/ex1/wrong/ (those `grade selftest` checks), else in tests/fixtures/submissions/
        (failed builds, a build that passes)."""
        exercise, name = file.split("/", 1)
        in_course = self.source / "exercises" / exercise / "wrong" / name
        return in_course if in_course.exists() else self.fixtures / file

    @property
    def hostile(self) -> Path:
        return self.source / "tests" / "fixtures" / "hostile"

    def copy_hostile_course(self, stem: str) -> Path:
        """The hostile course in a folder of its own, readable by everyone (so that a run as
        a run uid can find and read it, and attack it for real) and writable by us only."""
        course = self.fresh_dir(stem)
        shutil.copyfile(self.hostile / "course.yaml", course / "course.yaml")
        shutil.copytree(self.hostile / "exercises", course / "exercises")
        for path in [course, *course.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return course

    # ---- grade

    def grade_cmd(self, *args) -> list[str]:
        return [str(self.grade), *[str(a) for a in args]]

    def grade_json(self, exercise: str, submission: Path | None, *extra: str,
                   course: Path | None = None, cwd: Path | None = None,
                   env: dict[str, str] | None = None, env_note: str = "",
                   timeout: float = RUN_TIMEOUT, required: bool = True):
        """Grades with --format json (run()); returns (outcome, document or None)."""
        output = self.fresh_path(f"{exercise}-{submission.stem if submission else 'default'}")
        args = [exercise] + ([str(submission)] if submission else [])
        args += ["--course", str(course or self.source), *extra,
                 "--format", "json", "--output", str(output)]
        outcome = run(self.grade_cmd(*args), cwd=cwd, env=env, env_note=env_note,
                      timeout=timeout)
        return outcome, self.read_report(f"grade {exercise}", output, outcome, required)

    def start_json(self, label: str, exercise: str, submission: Path, course: Path,
                   *extra: str) -> tuple[Path, Running]:
        """Starts grade --format json (start_grade()); finish_json() waits for it."""
        output = self.fresh_dir(f"{label}-report") / "result.json"
        return output, start_grade([self.grade, exercise, submission, "--course", course,
                                    *extra, "--format", "json", "--output", output],
                                   self.scratch)

    def finish_json(self, label: str, output: Path, running: Running,
                    required: bool = True) -> tuple[Outcome, dict | None, Path]:
        outcome = finish_grade(running)
        self.timings.append((label, outcome.seconds))
        return outcome, self.read_report(label, output, outcome, required), output

    def watch_json(self, label: str, exercise: str, submission: Path, course: Path,
                   *extra: str, required: bool = True) -> tuple[Outcome, dict | None, Path]:
        """start_json() and finish_json()."""
        output, running = self.start_json(label, exercise, submission, course, *extra)
        return self.finish_json(label, output, running, required)

    def read_report(self, label: str, output: Path, outcome: Outcome,
                    required: bool = True) -> dict | None:
        """The JSON report grade wrote to `output`, kept for validate_documents(); a missing
        report is a failure unless `required` is false (a case that may kill grade itself),
        an unreadable one always."""
        if outcome.timed_out:
            self.expect(False, f"{label}: grade finished (killed after {outcome.timeout:.0f} s)",
                        outcome)
            return None
        if not output.exists():
            self.expect(not required, f"{label}: grade wrote the JSON result to {output}",
                        outcome)
            return None
        try:
            document = json.loads(output.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            self.expect(False, f"{label}: the JSON result {output} parses", outcome, str(error))
            return None
        self.documents.append((output, outcome))
        return document

    def keep_jsonl(self, label: str, text: str, outcome: Outcome | None) -> list[dict]:
        """The documents of `grade export jsonl`, each kept in a file of its own for
        validate_documents()."""
        documents = []
        folder = self.fresh_dir(f"{label}-jsonl")
        for n, line in enumerate(text.splitlines()):
            path = folder / f"{n:03d}.json"
            path.write_text(line + "\n", encoding="utf-8")
            self.documents.append((path, outcome))
            documents.append(json.loads(line))
        return documents

    # ---- schema

    def validate(self, paths: list, schema: Path | None = None, timeout: float = 60) -> Outcome:
        return validate_json(self.source, paths, schema, timeout)

    def validate_documents(self) -> None:
        """Validates every JSON report read so far against docs/result.schema.json."""
        if not self.documents:
            return
        paths = [p for p, _ in self.documents]
        if self.validate(paths, timeout=300).returncode == 0:
            self.passed += len(paths)
            self.note(f"schema: {len(paths)} result document(s) valid (validate_json.py)")
            return
        # Find the culprits one by one, so each is reported with the command behind it.
        for path, outcome in self.documents:
            single = self.validate([path])
            self.expect(single.returncode == 0, f"{path} matches result.schema.json", outcome,
                        f"validator says:\n{single.text}")

    # ---- the end

    def leave_scratch(self, keep: bool) -> None:
        """Removes the scratch folder, unless asked to keep it or something failed."""
        if keep or self.failed:
            print(f"scratch folder kept: {self.scratch}")
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def conclude(self, body: Callable[[], None], keep: bool, skip_code: bool = False) -> int:
        """Runs the scenarios in `body`, validates the reports, leaves the scratch folder and
        prints the tally; returns the exit status: 1 on a failure, else 0, or EXIT_SKIPPED
        with `skip_code` when all was skipped."""
        started = time.monotonic()
        try:
            body()
            self.validate_documents()
        except Failure as failure:
            self.expect(False, str(failure))
        except Skipped as why:
            self.skip(str(why))
        finally:
            self.leave_scratch(keep)
        print(f"took {time.monotonic() - started:.1f} s")
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        print(f"{self.passed} passed, {self.failed} failed{skipped}")
        if self.failed:
            return 1
        return EXIT_SKIPPED if skip_code and self.skipped and not self.passed else 0


# --------------------------------------------------------------------------------------------
# Survivors and leftovers of a grading


def is_run_uid(uid: int | None) -> bool:
    """Whether a process of `uid` may be a run's: one of RUN_UIDS as root, else ourselves."""
    return uid in RUN_UIDS if IS_ROOT else uid == os.getuid()


def check_no_survivors(suite: Suite, label: str, outcome: Outcome,
                       document: dict | None) -> None:
    """No process of the run outlives grade: with the driver a subreaper, none is left below
    it; every task the report lists is gone, or a reused number."""
    # Our only child was grade, and it has been waited for: any other process below us now
    # was created by the run and outlived grade.
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        reap_zombie_children()
        alive = live_descendants()
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    stats = all_stats()
    me = os.getpid()
    tasks = listed_tasks(document)
    listed = {t.get("tid") for t in tasks} | {t.get("pid") for t in tasks}
    survivors: dict[int, str] = {}
    for stat in alive:
        survivors[stat.pid] = ("listed in the report" if stat.pid in listed
                               else "NOT listed in runs[].observation.tasks")
    for tid in sorted(t for t in listed if isinstance(t, int)):
        stat = read_stat(tid)
        if stat is None or stat.state in ("Z", "X") or tid in survivors:
            continue  # gone, dead, or already counted
        if suite.subreaper:
            if is_descendant(tid, stats, me):
                survivors[tid] = "listed in the report"
            # else: the number was reused by a process that is not the run's
        elif (outcome.started_ticks <= stat.start_ticks <= outcome.ended_ticks
              and is_run_uid(stat.uid)):
            survivors[tid] = "listed; started during the grading, as the run user"
    if not suite.expect(not survivors,
                        f"{label}: no process of the run outlives grade "
                        f"({len(tasks)} task(s) listed)", outcome,
                        "\n".join(f"still alive: {pid} ({why}): {cmdline(pid)}"
                                  for pid, why in sorted(survivors.items()))):
        kill_survivors(alive)


def kill_survivors(alive: list[ProcStat]) -> None:
    """Kills leftovers below this driver by PID (checking the start time first), and reaps."""
    for stat in alive:
        again = read_stat(stat.pid)
        if again is not None and again.start_ticks == stat.start_ticks:
            try:
                os.kill(stat.pid, signal.SIGKILL)
                print(f"  killed survivor {stat.pid}")
            except OSError:
                pass
    time.sleep(0.2)
    reap_zombie_children()


# --------------------------------------------------------------------------------------------
# The driver's start


def arguments(description: str, *, required: bool = True) -> argparse.ArgumentParser:
    """--grade, --source and --keep, which every driver takes (`required`: unless it is only
    asked for its --list)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--grade", type=Path, required=required, help="the built grade binary")
    parser.add_argument("--source", type=Path, required=required, help="the source folder")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser


def is_executable(grade: Path) -> bool:
    if os.access(grade, os.X_OK):
        return True
    print(f"FAIL: {grade} is not an executable file")
    return False


def make_scratch(prefix: str, *, shared: bool = False, own_cache: bool = True) -> Path:
    """A fresh scratch folder; `shared`: others may enter it (run users, the normal user);
    `own_cache`: grade caches resolved interpreters and builds there, so that no test depends
    on what an earlier one (or the developer's own use) left behind."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    if shared:
        scratch.chmod(0o755)
    if own_cache:
        os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")
    return scratch


def scenario_main(doc: str, scenarios: dict[str, Callable[[Suite], None]], name: str,
                  options: Callable[[argparse.ArgumentParser], None] | None = None) -> int:
    """The main of a driver whose command line is `--grade G --source S [--keep] SCENARIO`
    (plus its `options`): runs one scenario in a fresh scratch folder; the exit status
    (EXIT_SKIPPED when the scenario raised Skipped before any expectation)."""
    parser = arguments(doc.split("\n\n")[0])
    if options is not None:
        options(parser)
    parser.add_argument("scenario", choices=sorted(scenarios))
    args = parser.parse_args()
    grade = args.grade.resolve()
    if not is_executable(grade):
        return 1
    suite = Suite(grade=grade, source=args.source.resolve(), args=args,
                  scratch=make_scratch(f"grade-e2e-{name}-{args.scenario}-"))
    return suite.conclude(lambda: scenarios[args.scenario](suite), args.keep, skip_code=True)

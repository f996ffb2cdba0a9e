#!/usr/bin/env python3
"""Hostile submissions against the real `grade` binary.

    hostile.py --grade PATH/TO/grade --source SOURCE_DIR NAME [NAME ...] [--keep]
    hostile.py --list

NAME is a case (e.g. fork-bomb) or a group of cases (e.g. processes); the groups are the
CTest entries of tests/e2e/CMakeLists.txt. Each case grades one program of
tests/fixtures/hostile/programs/ against the tiny course tests/fixtures/hostile/ (tight
limits: wall 3 s, CPU 1 s, memory 256 MiB, 64 tasks, 64 KiB of output, 1 MiB files, 64 open
files), copied into a scratch folder first so that no run can damage the repository. The cases
and what each attacks are listed in docs/hostile-tests.md.

For every grading it asserts that
  - grade finished within the case's bound, with the expected exit code (1: failed);
  - it wrote a JSON report that matches docs/result.schema.json
    (validated with tests/tools/validate_json.py, as run_cases.py does);
  - the run's verdict is the expected one, plus what the case checks on top;
  - no process of the run survives grade. The driver makes itself a child subreaper
    (PR_SET_CHILD_SUBREAPER), so every process the run created that outlives grade, whichever
    session or group it moved to, is re-parented to this driver (or to one of its own
    descendants) and cannot escape. After grade exits, the driver's process tree must hold no
    live process, and every PID/TID listed in runs[].observation.tasks must be gone, a zombie,
    or (PID reuse) a process that is not a descendant of the driver.

Should something survive, it is reported and then killed by PID: only processes that are
descendants of this driver (so provably the run's), after checking their start time again.
Nothing is ever killed by name.

Runs with /usr/bin/python3: standard library only (the schema check needs python3-jsonschema,
through tests/tools/validate_json.py). On a failure it prints the grade command line, its exit
code and output, and keeps the scratch folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from harness import (EXIT_FAILED, EXIT_PASSED, IS_ROOT, MEMORY_LIMIT, OPEN_FILES_LIMIT,
                     OUTPUT_LIMIT, WALL_LIMIT, Outcome, Suite, accepted_connection, arguments,
                     check_no_survivors, find_run_pid, finish_grade, in_place, is_executable,
                     is_run_of, listed_tasks, live_descendants, make_scratch, make_subreaper,
                     run_grade, run_of, run_summary, start_grade, still_running)

# How long grade may take for one case: the wall limit plus start-up (interpreter resolution,
# compile check) and the killing, with room for a loaded machine and a Debug build. A case
# whose grade takes longer fails; the driver gives up on grade at HARD_TIMEOUT (harness.py)
# and kills it (and what the run left behind), so that a hang is reported before CTest's
# TIMEOUT.
DEFAULT_BOUND = WALL_LIMIT + 5.0
GRADE_MAX_RSS = 200 * 1024 * 1024


# --------------------------------------------------------------------------------------------
# Nothing left in the cgroup trees


def unescape_mountinfo(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def own_cgroup_dirs() -> list[Path]:
    """This driver's cgroup folders, one per mounted hierarchy: grade, its child, makes the
    cgroup of each run below its own (docs/limits.md), so in these."""
    mounts = []  # (cgroup path of the mount's root, mount point, v2?, mount options)
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        tail = fields[fields.index("-") + 1:]
        if tail[0] in ("cgroup", "cgroup2"):
            mounts.append((unescape_mountinfo(fields[3]), unescape_mountinfo(fields[4]),
                           tail[0] == "cgroup2", set(tail[2].split(","))))
    dirs = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        hierarchy, controllers, path = line.split(":", 2)
        for root, point, v2, options in mounts:
            if v2 != (hierarchy == "0") or (not v2 and not set(controllers.split(",")) & options):
                continue
            relative = os.path.relpath(path, root)
            if not relative.startswith(".."):
                dirs.append(Path(point) / relative)
                break
    return dirs


def check_no_cgroups(suite: Suite, label: str, outcome: Outcome) -> None:
    left = [str(p) for d in own_cgroup_dirs() for p in d.glob(f"grade-run-{outcome.pid}-*")]
    suite.expect(not left, f"{label}: no cgroup of a run is left", outcome, "\n".join(left))


# --------------------------------------------------------------------------------------------
# The cases


@dataclass
class Context:
    suite: Suite
    case: "Case"
    label: str
    course: Path
    submission: Path
    outcome: Outcome
    document: dict | None
    state: dict = field(default_factory=dict)

    @property
    def run(self) -> dict:
        runs = (self.document or {}).get("runs") or [{}]
        return runs[0]

    @property
    def stdout(self) -> str:
        return (self.run.get("stdout") or {}).get("data", "")

    @property
    def stderr(self) -> str:
        return (self.run.get("stderr") or {}).get("data", "")

    def expect(self, condition: bool, what: str, detail: str = "") -> bool:
        return self.suite.expect(condition, f"{self.label}: {what}", self.outcome,
                                 detail or run_summary(self.document))

    def processes(self) -> list[dict]:
        return [t for t in listed_tasks(self.document) if t.get("kind") == "process"]


@dataclass
class Case:
    name: str
    program: str
    attacks: str
    verdict: str
    exercise: str = "plain"
    grade_exit: int = EXIT_FAILED
    bound: float = DEFAULT_BOUND
    check: Callable[[Context], None] | None = None
    # (submission folder, state) -> submission path, for programs the test fills in
    prepare: Callable[[Suite, Path, dict], Path] | None = None
    cleanup: Callable[[dict], None] | None = None
    # When set, the case's verdict and checks need root (a uid per run, no network); as a
    # normal user they are skipped with this note (the no-survivor check still runs).
    needs_root: str | None = None
    # When set, the whole case needs root and is skipped otherwise, with this note.
    root_only: str | None = None
    # When set, the case is skipped unless it returns None, else with the note it returns.
    skip_unless: Callable[[], str | None] | None = None
    # When set, the expected verdict depends on what the run saw: called instead of `verdict`.
    expected: Callable[["Context"], str] | None = None
    # The verdict needs memory limited per run (a cgroup per run). Root must have it; as a
    # normal user without a delegated cgroup the report says why, and the verdict and checks
    # are skipped (the no-survivor check still runs).
    needs_totals: bool = False
    flags: tuple[str, ...] = ()  # more grade options, e.g. --no-observe


def observed(ctx: Context) -> bool:
    return (ctx.run.get("observation") or {}).get("state") == "observed"


# ---- per-case checks


def check_hello(ctx: Context) -> None:
    ctx.expect("hello, world" in ctx.stdout, "stdout holds 'hello, world'")
    if observed(ctx):
        ctx.expect(len(listed_tasks(ctx.document)) == 1, "exactly one task observed")


def check_nonzero(ctx: Context) -> None:
    ctx.expect(ctx.run.get("exit_code") == 3, "exit_code is 3")


def check_segv(ctx: Context) -> None:
    ctx.expect(ctx.run.get("signal") == signal.SIGSEGV and
               ctx.run.get("signal_name") == "SIGSEGV", "ended by SIGSEGV")


def check_cpu(ctx: Context) -> None:
    ctx.expect(ctx.run.get("signal_name") in ("SIGXCPU", "SIGKILL"),
               "ended by SIGXCPU (or SIGKILL a second later)")
    ctx.expect(not ctx.run.get("timed_out"), "not a wall time-out")


def check_at_wall_limit(ctx: Context) -> None:
    wall = ctx.run.get("wall_seconds") or 0
    ctx.expect(ctx.run.get("timed_out") is True, "timed_out is true")
    ctx.expect(WALL_LIMIT - 0.05 <= wall <= WALL_LIMIT + 1.5,
               f"stopped at the {WALL_LIMIT:.0f} s limit, not much later (wall {wall:.2f} s)")


def check_ignore_sigterm(ctx: Context) -> None:
    check_at_wall_limit(ctx)
    if observed(ctx):
        ctx.expect(len(ctx.processes()) >= 2, "both processes (main and child) observed")


def check_grandchild(ctx: Context) -> None:
    wall = ctx.run.get("wall_seconds") or 0
    ctx.expect(not ctx.run.get("timed_out") and wall < 2.0,
               f"the run ended soon after the main process exited (wall {wall:.2f} s), "
               "not at the wall limit")
    ctx.expect("main process done" in ctx.stdout, "the main process's line was captured")
    if observed(ctx):
        ctx.expect(len(ctx.processes()) >= 3, "child and grandchild observed")


def check_daemon(ctx: Context) -> None:
    ctx.expect("daemon started" in ctx.stdout, "the main process's line was captured")
    if observed(ctx):
        ctx.expect(len(ctx.processes()) >= 3, "the daemon (second fork) was observed")


def check_task_limit(ctx: Context) -> None:
    wall = ctx.run.get("wall_seconds") or 0
    ctx.expect(ctx.run.get("task_limit_hit") is True, "task_limit_hit is true")
    ctx.expect(not ctx.run.get("timed_out") and wall < WALL_LIMIT,
               f"ended by the task limit before the wall limit (wall {wall:.2f} s)")


def check_default_stack_threads(ctx: Context) -> None:
    # docs/limits.md: Python's "can't start new thread" (pthread_create failing under
    # RLIMIT_DATA: no room for another 8 MiB stack) is a failed allocation, so memory_limit.
    ctx.expect("can't start new thread" in ctx.stderr,
               "thread creation failed ('can't start new thread' on stderr)")
    ctx.expect(not ctx.run.get("task_limit_hit"),
               "the memory limit stopped it before the task limit")


def check_memory_error(ctx: Context) -> None:
    ctx.expect("MemoryError" in ctx.stderr, "MemoryError on stderr")
    ctx.expect(not ctx.run.get("timed_out"), "not a wall time-out")


def check_totals_per_run(ctx: Context) -> None:
    """A run that ended by the memory cgroup's limit, not by RLIMIT_DATA: the 2 GiB were
    never all used."""
    ctx.expect(not ctx.run.get("timed_out"), "not a wall time-out")
    ctx.expect(not re.search(r"^(touched|wrote) ", ctx.stdout, re.M),
               "the program did not get its 2 GiB (no 'touched'/'wrote' line)")
    totals = (ctx.document or {}).get("totals") or {}
    ctx.expect("memory" in (totals.get("per_run") or []),
               f"the report says memory was limited per run (totals: {totals})")


def shm_size(ctx: Context) -> int | None:
    match = re.search(r"^shm-size (\d+)$", ctx.stdout, re.M)
    return int(match.group(1)) if match else None


def expected_dev_shm(ctx: Context) -> str:
    """memory_limit, unless the run had a /dev/shm of its own smaller than the memory limit:
    then the write fails first (ENOSPC) and the program exits with its traceback."""
    size = shm_size(ctx)
    return "nonzero_exit" if size is not None and size < MEMORY_LIMIT else "memory_limit"


def check_dev_shm(ctx: Context) -> None:
    if expected_dev_shm(ctx) == "nonzero_exit":
        ctx.expect("[Errno 28]" in ctx.stderr, "the run's own /dev/shm was full (ENOSPC)")
        ctx.expect(not re.search(r"^wrote ", ctx.stdout, re.M), "it did not get its 2 GiB")
    else:
        check_totals_per_run(ctx)


def dev_shm_is_tmpfs() -> str | None:
    for line in Path("/proc/self/mounts").read_text().splitlines():
        fields = line.split()
        if fields[1] == "/dev/shm":
            return None if fields[2] == "tmpfs" else f"/dev/shm is {fields[2]}, not tmpfs"
    return "there is no /dev/shm mount"


def prepare_dev_shm(suite: Suite, folder: Path, state: dict) -> Path:
    state["shm_before"] = set(Path("/dev/shm").glob("grade-hostile-*"))
    submission = folder / "dev_shm_2gib.py"
    shutil.copyfile(suite.hostile / "programs" / "dev_shm_2gib.py", submission)
    submission.chmod(0o644)
    return submission


def remove_dev_shm_files(state: dict) -> None:
    """Files a run left in a /dev/shm shared with the machine outlive it (docs/limits.md);
    they hold memory, so the test removes them."""
    left = set(Path("/dev/shm").glob("grade-hostile-*")) - state.get("shm_before", set())
    for path in left:
        path.unlink(missing_ok=True)
    if left:
        print(f"dev-shm: removed {len(left)} file(s) the run left in /dev/shm", flush=True)


def check_output_limit(streams: tuple[str, ...]) -> Callable[[Context], None]:
    def check(ctx: Context) -> None:
        ctx.expect(ctx.run.get("output_limit_hit") is True, "output_limit_hit is true")
        ctx.expect(not ctx.run.get("timed_out"), "stopped before the wall limit")
        flags = {s: (ctx.run.get(s) or {}).get("truncated") for s in ("stdout", "stderr")}
        ctx.expect(any(flags[s] for s in streams),
                   f"{' or '.join(streams)} marked truncated (flags: {flags})")
        kept = len(ctx.stdout.encode()) + len(ctx.stderr.encode())
        ctx.expect(0 < kept <= OUTPUT_LIMIT,
                   f"at most {OUTPUT_LIMIT} bytes kept of both streams together (kept {kept})")
    return check


def check_big_line(ctx: Context) -> None:
    check_output_limit(("stdout",))(ctx)
    rss = ctx.outcome.max_rss_bytes
    print(f"{ctx.label}: grade's peak resident memory (with what it reaped): "
          f"{rss / 2**20:.1f} MiB", flush=True)
    ctx.expect(rss < GRADE_MAX_RSS,
               f"grade's peak memory stays bounded: {rss / 2**20:.0f} MiB "
               f"< {GRADE_MAX_RSS / 2**20:.0f} MiB")


def check_big_file(ctx: Context) -> None:
    ctx.expect("[Errno 27]" in ctx.stderr, "OSError [Errno 27] File too large on stderr")


def check_closed_stdout(ctx: Context) -> None:
    ctx.expect(ctx.run.get("exit_code") not in (None, 0), "exited with a non-zero status")
    ctx.expect("Bad file descriptor" in ctx.stderr or "Errno 9" in ctx.stderr,
               "the failed print is on stderr (EBADF)")


def check_stdin(ctx: Context) -> None:
    wall = ctx.run.get("wall_seconds") or 0
    ctx.expect("EOFError" in ctx.stderr, "EOFError on stderr")
    ctx.expect(not ctx.run.get("timed_out") and wall < 2.0,
               f"input() met end of file at once (wall {wall:.2f} s)")


def check_open_files(ctx: Context) -> None:
    ctx.expect("[Errno 24]" in ctx.stderr, "OSError [Errno 24] Too many open files on stderr")
    match = re.search(r"opened (\d+)", ctx.stdout)
    count = int(match.group(1)) if match else -1
    ctx.expect(OPEN_FILES_LIMIT - 16 <= count < OPEN_FILES_LIMIT,
               f"open() failed just below the open_files limit of {OPEN_FILES_LIMIT} "
               f"(opened {count})")


def prepare_network(suite: Suite, folder: Path, state: dict) -> Path:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    state["listener"] = listener
    port = listener.getsockname()[1]
    text = (suite.hostile / "programs" / "network_connect.py").read_text(encoding="utf-8")
    assert "PORT = 0  #" in text
    target = folder / "network_connect.py"
    target.write_text(text.replace("PORT = 0  #", f"PORT = {port}  #", 1), encoding="utf-8")
    return target


def check_network(ctx: Context) -> None:
    listener = ctx.state["listener"]
    notes = " ".join(ctx.document.get("notes") or []) if ctx.document else ""
    if "network could not be cut" in notes:
        ctx.suite.skip(f"{ctx.label}: the grader says the network could not be cut here "
                       f"({notes!r}); the connect is not expected to fail")
        accepted_connection(listener)
        return
    ctx.expect(ctx.run.get("exit_code") == 3 and "blocked" in ctx.stdout,
               "connect to the test's listener on 127.0.0.1 failed")
    ctx.expect("ENETUNREACH" in ctx.stdout, "... with ENETUNREACH (an empty network namespace)")
    ctx.expect(not accepted_connection(listener), "the test's listener saw no connection")


def close_listener(state: dict) -> None:
    if "listener" in state:
        state["listener"].close()


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every path below `folder`: mode and content hash (folders: mode only)."""
    result = {}
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        digest = "" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        result[str(path.relative_to(folder))] = (info.st_mode, digest)
    return result


def prepare_rewrite(suite: Suite, folder: Path, state: dict) -> Path:
    program = (suite.hostile / "programs" / "rewrite_course.py").read_text()
    submission = folder / "rewrite_course.py"
    submission.write_text(program.replace("KNOWN_COURSE = None",
                                          f"KNOWN_COURSE = {str(state['course'])!r}"))
    submission.chmod(0o644)
    return submission


def check_rewrite(ctx: Context) -> None:
    if in_place(ctx.document, "private_view"):
        ctx.expect("course not visible:" in ctx.stdout,
                   "in its private view the run cannot even see the course folder")
    else:
        ctx.expect("course found:" in ctx.stdout,
                   "the program found the course folder (so the attack really happened)")
        ctx.expect("CHANGED" not in ctx.stdout and "denied:" in ctx.stdout,
                   "every attempt to change the course was denied")
    after = snapshot(ctx.course)
    before = ctx.state["snapshot"]
    changes = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    ctx.expect(not changes, "the course files are byte-identical afterwards (and modes, "
               "and no file added or removed)", "changed: " + ", ".join(changes))


def check_spoof(ctx: Context) -> None:
    checks = {c.get("id"): c for c in (ctx.document or {}).get("checks") or []}
    ctx.expect(ctx.document.get("status") == "failed" and ctx.document.get("score") == 1,
               "graded failed with score 1/10 by the real checks")
    ctx.expect((checks.get("says-done") or {}).get("status") == "fail",
               "the count check of 'hostile: done' lines failed")
    ctx.expect("Score: 10/10" in ctx.stdout, "the spoofed lines are in the JSON stdout")
    # The text report of the same submission.
    text = run_grade([ctx.suite.grade, ctx.case.exercise, ctx.submission, "--course",
                      ctx.course, "--format", "text"], ctx.suite.scratch)
    ctx.suite.timings.append((f"{ctx.label} (text report)", text.seconds))
    ok = ctx.suite.expect(text.returncode == EXIT_FAILED,
                          f"{ctx.label}: text report: grade exits 1 (failed)", text)
    check_no_survivors(ctx.suite, f"{ctx.label} (text report)", text, None)
    report = text.stdout
    ctx.suite.expect("\x1b" not in text.text and "\r" not in text.text,
                     f"{ctx.label}: text report holds no raw ESC or carriage return", text)
    ctx.suite.expect(r"\x1b[32m" in report and r"\r" in report,
                     f"{ctx.label}: text report shows the escapes escaped (\\x1b[32m, \\r)",
                     text)
    markers = ("SPOOF", "Score: 10/10", '"status": "passed"', "10/10")
    stray = [line for line in report.splitlines()
             if any(m in line for m in markers) and not line.startswith("  | ")]
    ctx.suite.expect(not stray, f"{ctx.label}: the spoofed text appears only in the output "
                     "excerpt (lines starting with '  | ')", text,
                     "outside the excerpt:\n" + "\n".join(stray))
    last = [line for line in report.splitlines() if line.strip()][-1:] or [""]
    ctx.suite.expect(ok and last[0].startswith("Score: 1/10") and "failed" in last[0],
                     f"{ctx.label}: the report's own last line is the real score, "
                     f"'Score: 1/10 ... failed' (saw {last[0]!r})", text)


def check_sigkill_self(ctx: Context) -> None:
    ctx.expect(ctx.run.get("signal") == signal.SIGKILL and ctx.run.get("outside_signal") is None,
               f"killed by its own SIGKILL, not from outside ({ctx.run.get('outside_signal')})")


def prepare_shared_program(suite: Suite, folder: Path, state: dict) -> Path:
    """The case's program from tests/fixtures/programs/, which the unit tests run too."""
    program = state["program"]
    shutil.copyfile(suite.source / "tests" / "fixtures" / "programs" / program, folder / program)
    (folder / program).chmod(0o644)
    return folder / program


def shared_program(program: str) -> Callable[[Suite, Path, dict], Path]:
    def prepare(suite: Suite, folder: Path, state: dict) -> Path:
        state["program"] = program
        return prepare_shared_program(suite, folder, state)
    return prepare


def check_sigkill_child(ctx: Context) -> None:
    ctx.expect("child killed by SIGKILL" in ctx.stdout and
               ctx.run.get("outside_signal") is None, "its child was killed by its own SIGKILL")


def check_kill_parent(ctx: Context) -> None:
    ctx.expect("denied: kill parent" in ctx.stdout and "denied: kill parent's group" in ctx.stdout,
               "both kill attempts on the grader were denied (EPERM)")


CASES = [
    Case("hello", "hello.py", "nothing: the baseline", "ok", grade_exit=EXIT_PASSED,
         check=check_hello),
    Case("nonzero-exit", "nonzero_exit.py", "a failing exit status", "nonzero_exit",
         check=check_nonzero),
    Case("segv-kill", "segv_kill.py", "os.kill(getpid(), SIGSEGV)", "signal", check=check_segv),
    Case("segv-ctypes", "segv_ctypes.py", "a real invalid read via ctypes", "signal",
         check=check_segv),
    Case("busy-loop", "busy_loop.py", "CPU time (endless busy loop)", "cpu_limit",
         check=check_cpu),
    Case("sleep", "sleep_forever.py", "wall time (sleeps an hour)", "wall_timeout",
         check=check_at_wall_limit),
    Case("self-sigstop", "self_stop.py", "a stopped process that never exits",
         "wall_timeout", check=check_at_wall_limit),
    Case("ignore-sigterm", "ignore_sigterm.py", "SIGTERM ignored by main and child",
         "wall_timeout", check=check_ignore_sigterm),
    Case("grandchild-stdout", "grandchild_stdout.py",
         "a grandchild holding stdout open after main exits", "ok", grade_exit=EXIT_PASSED,
         check=check_grandchild),
    Case("daemon", "daemon.py", "setsid + double fork daemon running on", "ok",
         grade_exit=EXIT_PASSED, check=check_daemon),
    Case("daemon-unobserved", "daemon.py", "setsid + double fork daemon, not traced", "ok",
         grade_exit=EXIT_PASSED, check=check_daemon, flags=("--no-observe",),
         root_only="as a normal user an untraced daemon that left the process group escapes "
                   "(docs/limits.md); as root the run's uid is swept"),
    Case("fork-bomb", "fork_bomb.py", "fork bomb", "task_limit", check=check_task_limit),
    Case("fork-bomb-setsid", "fork_bomb_setsid.py", "fork bomb leaving the group (setsid)",
         "task_limit", check=check_task_limit),
    Case("threads", "many_threads.py", "3000 threads with 64 KiB stacks", "task_limit",
         check=check_task_limit),
    Case("threads-default-stack", "many_threads_default_stack.py",
         "3000 threads with 8 MiB stacks (memory runs out first)", "memory_limit",
         check=check_default_stack_threads),
    Case("alloc-2gib", "alloc_2gib.py", "one 2 GiB allocation", "memory_limit",
         check=check_memory_error),
    Case("slow-leak", "slow_leak.py", "memory leaking 4 MiB at a time", "memory_limit",
         check=check_memory_error),
    Case("shared-mmap", "shared_mmap_2gib.py", "2 GiB of MAP_SHARED anonymous memory, touched",
         "memory_limit", check=check_totals_per_run, needs_totals=True),
    Case("memfd", "memfd_2gib.py", "2 GiB in memfd_create files written in 1000 KiB pieces",
         "memory_limit", check=check_totals_per_run, needs_totals=True),
    Case("dev-shm", "dev_shm_2gib.py", "2 GiB of files written into /dev/shm (tmpfs)",
         "memory_limit", check=check_dev_shm, prepare=prepare_dev_shm,
         cleanup=remove_dev_shm_files, skip_unless=dev_shm_is_tmpfs, expected=expected_dev_shm,
         needs_totals=True),
    Case("stdout-flood", "stdout_flood.py", "endless stdout", "output_limit",
         check=check_output_limit(("stdout",))),
    Case("stderr-flood", "stderr_flood.py", "endless stderr", "output_limit",
         check=check_output_limit(("stderr",))),
    Case("both-flood", "both_flood.py", "endless stdout and stderr from two processes",
         "output_limit", check=check_output_limit(("stdout", "stderr"))),
    Case("big-line", "big_line.py", "one 100 MiB line (grader memory)", "output_limit",
         check=check_big_line),
    Case("big-file", "big_file.py", "a 16 MiB file", "file_size_limit", check=check_big_file),
    Case("closed-stdout", "closed_stdout.py", "os.close(1) then print", "nonzero_exit",
         check=check_closed_stdout),
    Case("stdin", "wait_stdin.py", "input() waiting for a line", "nonzero_exit",
         check=check_stdin),
    Case("open-files", "open_files.py", "opening files without end", "nonzero_exit",
         check=check_open_files),
    Case("network", "network_connect.py", "TCP connect to a listener on 127.0.0.1",
         "nonzero_exit", check=check_network, prepare=prepare_network, cleanup=close_listener,
         needs_root="as a normal user the network is not cut off (docs/limits.md)"),
    Case("rewrite-course", "rewrite_course.py", "writing course.yaml and the specs", "ok",
         grade_exit=EXIT_PASSED, check=check_rewrite, prepare=prepare_rewrite,
         needs_root="as a normal user the run may write the user's own files "
                    "(docs/limits.md: not protected)"),
    Case("spoof-verdict", "spoof_verdict.py", "printing fake verdicts, ANSI escapes", "ok",
         exercise="counted", check=check_spoof),
    Case("kill-parent", "kill_parent.py", "SIGKILL to the grader and its group",
         "nonzero_exit", check=check_kill_parent,
         needs_root="as a normal user the run may kill the grader, its own user's process"),
    Case("sigkill-self", "sigkill_self.py", "SIGKILL to itself (its own doing)", "signal",
         check=check_sigkill_self),
    Case("sigkill-child", "sigkill_child.py", "SIGKILL to its own child, SIGTERM to itself",
         "ok", grade_exit=EXIT_PASSED, check=check_sigkill_child,
         prepare=shared_program("sigkill_child.py")),
]
CASES_BY_NAME = {case.name: case for case in CASES}

GROUPS = {
    "basic": ["hello", "nonzero-exit", "segv-kill", "segv-ctypes", "closed-stdout", "stdin"],
    "time": ["busy-loop", "sleep", "self-sigstop", "ignore-sigterm"],
    "processes": ["grandchild-stdout", "daemon", "daemon-unobserved", "fork-bomb", "fork-bomb-setsid", "threads",
                  "threads-default-stack"],
    "memory": ["alloc-2gib", "slow-leak", "shared-mmap", "memfd", "dev-shm"],
    "output": ["stdout-flood", "stderr-flood", "both-flood", "big-line", "big-file",
               "open-files"],
    "isolation": ["network", "rewrite-course", "spoof-verdict", "kill-parent",
                  "kill-everyone-concurrent"],
    "churn": ["fork-churn-10x", "fork-storm"],
    "signals": ["sigkill-self", "sigkill-child", "outside-sigterm", "outside-sigkill",
                "outside-kill-batch"],
}
# Cases of more than one grading, each with its own driver function.
SPECIAL_CASES: dict[str, Callable[[Suite], None]] = {}



def run_case(suite: Suite, case: Case) -> None:
    label = case.name
    if case.root_only and not IS_ROOT:
        suite.skip(f"{label}: {case.root_only}")
        return
    if case.skip_unless and (why := case.skip_unless()):
        suite.skip(f"{label}: {why}")
        return
    started = time.monotonic()
    course = suite.copy_hostile_course(f"{case.name}-course")
    folder = suite.fresh_dir(f"{case.name}-submission")
    folder.chmod(0o755)
    state: dict = {"course": course}
    try:
        if case.prepare:
            submission = case.prepare(suite, folder, state)
        else:
            submission = folder / case.program
            shutil.copyfile(suite.hostile / "programs" / case.program, submission)
            submission.chmod(0o644)
        state["snapshot"] = snapshot(course)
        privileged_ok = IS_ROOT or case.needs_root is None
        outcome, document, _ = suite.watch_json(label, case.exercise, submission, course,
                                                *case.flags, required=privileged_ok)
        ctx = Context(suite, case, label, course, submission, outcome, document, state)
        if not privileged_ok:
            suite.skip(f"{label}: verdict and checks not asserted: {case.needs_root}")
        elif case.needs_totals and not IS_ROOT and document is not None:
            totals = document.get("totals") or {}
            if "memory" not in (totals.get("per_run") or []):
                suite.skip(f"{label}: verdict and checks not asserted: memory is not limited "
                           f"per run here ({totals.get('reason')})")
                privileged_ok = False
        suite.expect(outcome.timed_out or outcome.seconds <= case.bound,
                     f"{label}: grade finished within {case.bound:.0f} s "
                     f"(took {outcome.seconds:.2f} s)", outcome)
        if document is not None and privileged_ok:
            runs = document.get("runs") or []
            suite.expect(len(runs) == 1, f"{label}: one run was made", outcome,
                         run_summary(document))
            verdict = ctx.run.get("verdict")
            wanted_verdict = case.expected(ctx) if case.expected else case.verdict
            suite.expect(verdict == wanted_verdict,
                         f"{label}: verdict {wanted_verdict!r} (saw {verdict!r})", outcome,
                         run_summary(document))
            status = "passed" if case.grade_exit == EXIT_PASSED else "failed"
            suite.expect(outcome.returncode == case.grade_exit and
                         document.get("status") == status,
                         f"{label}: grade exits {case.grade_exit} with status {status!r}",
                         outcome, run_summary(document))
            exit_check = next((c for c in document.get("checks") or []
                               if c.get("id") == "exits-cleanly"), {})
            wanted = "pass" if wanted_verdict == "ok" else "fail"
            suite.expect(exit_check.get("status") == wanted,
                         f"{label}: the exit check is {wanted}ed", outcome,
                         run_summary(document))
            if case.check:
                case.check(ctx)
        check_no_survivors(suite, label, outcome, document)
        check_no_cgroups(suite, label, outcome)
    finally:
        if case.cleanup:
            case.cleanup(state)
    print(f"case {label}: verdict {ctx.run.get('verdict') if document else None!r}, "
          f"grade {outcome.seconds:.2f} s (case {time.monotonic() - started:.2f} s)",
          flush=True)


# --------------------------------------------------------------------------------------------
# Two gradings at once


def run_kill_everyone_concurrent(suite: Suite) -> None:
    """One grading sleeps (verdict wall_timeout); while it runs, another grading's program
    calls kill(-1, SIGKILL). With a uid per run the sleeper is out of its reach and must end at
    its own wall limit, not by SIGKILL."""
    label = "kill-everyone-concurrent"
    if not IS_ROOT:
        suite.skip(f"{label}: as a normal user every run is the user's own and kill(-1) "
                   "reaches them all (docs/limits.md)")
        return
    started = time.monotonic()
    course = suite.copy_hostile_course(f"{label}-course")
    folder = suite.fresh_dir(f"{label}-submissions")
    folder.chmod(0o755)
    for program in ("sleep_forever.py", "kill_everyone.py"):
        shutil.copyfile(suite.hostile / "programs" / program, folder / program)
        (folder / program).chmod(0o644)
    output, running = suite.start_json(f"{label}-sleeper", "plain",
                                       folder / "sleep_forever.py", course)
    # The killer must fire while the sleeper's run is alive.
    deadline = time.monotonic() + WALL_LIMIT
    while not any(is_run_of(s.pid, "sleep_forever.py") for s in live_descendants()):
        if time.monotonic() > deadline or not still_running(running):
            break
        time.sleep(0.02)
    killer, killer_doc, _ = suite.watch_json(f"{label}-killer", "plain",
                                             folder / "kill_everyone.py", course)
    sleeper_running = still_running(running)
    sleeper, sleeper_doc, _ = suite.finish_json(f"{label}-sleeper", output, running)
    suite.expect(sleeper_running, f"{label}: the sleeper was still running when kill(-1) "
                 "had been sent", sleeper)
    killer_run = run_of(killer_doc)
    sleeper_run = run_of(sleeper_doc)
    suite.expect(killer_run.get("verdict") == "ok" and
                 "kill(-1): sent" in (killer_run.get("stdout") or {}).get("data", ""),
                 f"{label}: the killer sent kill(-1) and exited 0 (verdict "
                 f"{killer_run.get('verdict')!r})", killer, run_summary(killer_doc))
    suite.expect(sleeper_run.get("verdict") == "wall_timeout" and
                 sleeper_run.get("timed_out") is True,
                 f"{label}: the sleeper ended at its own wall limit (verdict "
                 f"{sleeper_run.get('verdict')!r})", sleeper, run_summary(sleeper_doc))
    check_no_survivors(suite, f"{label} (both gradings)", sleeper, sleeper_doc)
    print(f"case {label}: verdicts {killer_run.get('verdict')!r} and "
          f"{sleeper_run.get('verdict')!r} (case {time.monotonic() - started:.2f} s)",
          flush=True)


SPECIAL_CASES["kill-everyone-concurrent"] = run_kill_everyone_concurrent


# --------------------------------------------------------------------------------------------
# Many short-lived processes; signals from outside the run

# The cap of runs[].observation.tasks (Observation::kMaxListedTasks).
MAX_LISTED_TASKS = 1024


def grade_program(suite: Suite, label: str, program: str,
                  prepare: Callable[[Suite, Path, dict], Path] | None = None
                  ) -> tuple[Outcome, dict | None, Path]:
    course = suite.copy_hostile_course(f"{label}-course")
    folder = suite.fresh_dir(f"{label}-submission")
    folder.chmod(0o755)
    if prepare:
        submission = prepare(suite, folder, {})
    else:
        submission = folder / program
        shutil.copyfile(suite.hostile / "programs" / program, submission)
        submission.chmod(0o644)
    return suite.watch_json(label, "plain", submission, course)


def run_fork_churn_10x(suite: Suite) -> None:
    """Three processes each forking short-lived children one at a time, never more than six
    alive at once: ten gradings in a row all pass, none ends at the task limit (64)."""
    verdicts = []
    for i in range(1, 11):
        label = f"fork-churn#{i}"
        outcome, document, _ = grade_program(suite, label, "fork_churn.py",
                                             shared_program("fork_churn.py"))
        run = run_of(document)
        verdicts.append(run.get("verdict"))
        suite.expect(outcome.returncode == EXIT_PASSED and run.get("verdict") == "ok",
                     f"{label}: passes (exit {outcome.returncode}, verdict "
                     f"{run.get('verdict')!r})", outcome, run_summary(document))
        check_no_survivors(suite, label, outcome, document)
    print(f"case fork-churn-10x: verdicts {verdicts}", flush=True)


def run_fork_storm(suite: Suite) -> None:
    """Thousands of short-lived processes in 2 s: the report lists the first ones, counts the
    rest, and stays far below the 1.1 MB such a run used to make."""
    label = "fork-storm"
    outcome, document, output = grade_program(suite, label, "fork_storm.py")
    run = run_of(document)
    observation = run.get("observation") or {}
    tasks = observation.get("tasks") or []
    omitted = (observation.get("omitted") or {}).get("processes", 0)
    size = output.stat().st_size if output.exists() else 0
    suite.expect(outcome.returncode == EXIT_PASSED and run.get("verdict") == "ok",
                 f"{label}: passes (verdict {run.get('verdict')!r})", outcome,
                 run_summary(document))
    suite.expect(len(tasks) == MAX_LISTED_TASKS and omitted > 0,
                 f"{label}: {MAX_LISTED_TASKS} tasks listed and the rest counted (listed "
                 f"{len(tasks)}, omitted {omitted})", outcome)
    # About 460 bytes a task listed (pid, parent, times, CPU, how it ended, whether it outlived
    # its process, where it stood at a timeout), and who wrote each stretch of the output.
    suite.expect(0 < size < 700_000, f"{label}: the report is under 700 kB ({size} bytes)",
                 outcome)
    check_no_survivors(suite, label, outcome, document)
    print(f"case {label}: {len(tasks)} listed, {omitted} more counted, report {size} bytes",
          flush=True)


def outside_case(sig: signal.Signals) -> Callable[[Suite], None]:
    def run_outside(suite: Suite) -> None:
        """The driver, not part of the run, signals the run's program: the grading is the
        grader's error (exit 3, status error, verdict outside_signal), never the student's,
        and for a signal other than SIGKILL the report names the driver as the sender."""
        label = f"outside-{sig.name.lower()}"
        program = "wait_to_be_killed.py"
        course = suite.copy_hostile_course(f"{label}-course")
        folder = suite.fresh_dir(f"{label}-submission")
        folder.chmod(0o755)
        shutil.copyfile(suite.hostile / "programs" / program, folder / program)
        (folder / program).chmod(0o644)
        output = suite.fresh_dir(f"{label}-report") / "result.json"
        running = start_grade([suite.grade, "plain", folder / program, "--course", course,
                               "--format", "json", "--output", output], suite.scratch)
        pid = find_run_pid(running, program)
        suite.expect(pid is not None, f"{label}: the run wrote its PID")
        if pid is not None:
            os.kill(pid, sig)
        outcome, document, _ = suite.finish_json(label, output, running)
        run = run_of(document)
        outside = run.get("outside_signal") or {}
        suite.expect(outcome.returncode == 3 and (document or {}).get("status") == "error",
                     f"{label}: grade exits 3 with status 'error' (exit {outcome.returncode})",
                     outcome, run_summary(document))
        suite.expect(run.get("verdict") == "outside_signal" and outside.get("signal") == sig
                     and outside.get("target_pid") == pid,
                     f"{label}: verdict outside_signal for {sig.name} to PID {pid} (verdict "
                     f"{run.get('verdict')!r}, outside_signal {outside})", outcome,
                     run_summary(document))
        sender = None if sig == signal.SIGKILL else os.getpid()
        suite.expect(outside.get("sender_pid") == sender,
                     f"{label}: the sender is {sender} (saw {outside.get('sender_pid')})",
                     outcome)
        error = (document or {}).get("error") or ""
        named = f"from PID {os.getpid()}" if sender else "from outside the run"
        suite.expect(named in error, f"{label}: the error says {named!r}: {error!r}", outcome)
        check_no_survivors(suite, label, outcome, document)
        print(f"case {label}: exit {outcome.returncode}, {error!r}", flush=True)
    return run_outside


def run_outside_kill_batch(suite: Suite) -> None:
    """In `grade batch`, a run killed from outside is an attempt in error, which the next
    batch grades again (and, left alone this time, passes)."""
    label = "outside-kill-batch"
    program = "wait_to_be_killed.py"
    course = suite.copy_hostile_course(f"{label}-course")
    work = suite.fresh_dir(f"{label}-work")
    work.chmod(0o755)
    student = work / "class" / "s1"
    student.mkdir(parents=True)
    shutil.copyfile(suite.hostile / "programs" / program, student / "plain.py")
    for path in (work / "class", student, student / "plain.py"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    db = work / "gradebook.sqlite"
    argv = [suite.grade, "--course", course, "batch", work / "class", "--exercises", "plain",
            "--jobs", "1", "--db", db]
    running = start_grade(argv, suite.scratch)
    pid = find_run_pid(running, "plain.py")
    suite.expect(pid is not None, f"{label}: the run wrote its PID")
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
    first = finish_grade(running)
    rows = gradebook_rows(db)
    suite.expect(first.returncode == 3 and [r[0] for r in rows] == ["error"] and
                 "outside" in (rows[0][1] if rows else ""),
                 f"{label}: the first batch exits 3 with an attempt in error (exit "
                 f"{first.returncode}, attempts {rows})", first)
    check_no_survivors(suite, f"{label} (first batch)", first, None)
    second = run_grade([*argv], suite.scratch)
    rows = gradebook_rows(db)
    suite.expect(second.returncode == 0 and [r[0] for r in rows] == ["error", "passed"],
                 f"{label}: the next batch grades it again, and it passes (exit "
                 f"{second.returncode}, attempts {rows})", second)
    check_no_survivors(suite, f"{label} (second batch)", second, None)
    print(f"case {label}: attempts {[r[0] for r in rows]}", flush=True)


def gradebook_rows(db: Path) -> list[tuple[str, str]]:
    """(status, error) of every attempt, oldest first."""
    import sqlite3
    if not db.exists():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [(status, error or "") for status, error in conn.execute(
            "SELECT status, error FROM attempts ORDER BY started_at, rowid")]


SPECIAL_CASES["fork-churn-10x"] = run_fork_churn_10x
SPECIAL_CASES["fork-storm"] = run_fork_storm
SPECIAL_CASES["outside-sigterm"] = outside_case(signal.SIGTERM)
SPECIAL_CASES["outside-sigkill"] = outside_case(signal.SIGKILL)
SPECIAL_CASES["outside-kill-batch"] = run_outside_kill_batch
assert sorted(sum(GROUPS.values(), [])) == sorted([*CASES_BY_NAME, *SPECIAL_CASES]), \
    "every case in one group"


# --------------------------------------------------------------------------------------------
# Reference solutions, many times


def run_solutions(suite: Suite, exercise: str, times: int) -> None:
    solution = suite.source / "solutions" / "python" / f"{exercise}.py"
    passes = 0
    for i in range(1, times + 1):
        label = f"solution-{exercise}#{i}"
        outcome, document, _ = suite.watch_json(label, exercise, solution, suite.source)
        good = (outcome.returncode == EXIT_PASSED and document is not None and
                document.get("status") == "passed")
        passes += good
        suite.expect(good, f"{label}: the reference solution passes", outcome,
                     run_summary(document))
        check_no_survivors(suite, label, outcome, document)
        check_no_cgroups(suite, label, outcome)
    total = sum(s for name, s in suite.timings if name.startswith(f"solution-{exercise}#"))
    print(f"solutions {exercise}: {passes}/{times} passed, {total:.1f} s of grading",
          flush=True)


# --------------------------------------------------------------------------------------------


def expand(names: list[str]) -> list[str]:
    chosen = []
    for name in names:
        if name in GROUPS:
            chosen += GROUPS[name]
        elif name in CASES_BY_NAME or name in SPECIAL_CASES or re.fullmatch(r"solutions-ex[0-9]+", name):
            chosen.append(name)
        else:
            raise SystemExit(f"unknown case or group {name!r}; see --list")
    return list(dict.fromkeys(chosen))


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0], required=False)
    parser.add_argument("--times", type=int, default=20,
                        help="solutions-exN: how many gradings in a row (default 20)")
    parser.add_argument("--list", action="store_true", help="list the cases and groups")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="cases, groups, or solutions-exN (the reference solution of exN "
                             "graded --times times with the real course)")
    args = parser.parse_args()
    if args.list:
        for group, names in GROUPS.items():
            print(f"{group}:")
            for name in names:
                if name in SPECIAL_CASES:
                    doc = " ".join((SPECIAL_CASES[name].__doc__ or "").split())
                    print(f"  {name:24} {'(special)':16} {doc.split(': ')[0].split('. ')[0]}")
                    continue
                case = CASES_BY_NAME[name]
                print(f"  {name:24} {case.verdict:16} {case.attacks}")
        print("solutions-ex1, solutions-ex2, solutions-ex3: reference solution, --times runs")
        return 0
    if not args.grade or not args.source or not args.names:
        parser.error("--grade, --source and at least one NAME are needed (or --list)")
    chosen = expand(args.names)
    grade = args.grade.resolve()
    source = args.source.resolve()
    if not is_executable(grade):
        return 1

    subreaper = make_subreaper()
    # The run user must reach the course copy to attack it.
    scratch = make_scratch("grade-hostile-", shared=True)
    suite = Suite(grade=grade, source=source, scratch=scratch, subreaper=subreaper)
    print(f"hostile {' '.join(args.names)}: grade={grade} source={source} "
          f"{'root' if IS_ROOT else 'not root'}, subreaper={'yes' if subreaper else 'NO'}",
          flush=True)
    if not subreaper:
        print("note: PR_SET_CHILD_SUBREAPER failed; survivors are detected by start time and "
              "user only")

    def run_chosen() -> None:
        for name in chosen:
            match = re.fullmatch(r"solutions-(ex[0-9]+)", name)
            if match:
                run_solutions(suite, match.group(1), args.times)
            elif name in SPECIAL_CASES:
                SPECIAL_CASES[name](suite)
            else:
                run_case(suite, CASES_BY_NAME[name])

    return suite.conclude(run_chosen, args.keep)


if __name__ == "__main__":
    sys.exit(main())

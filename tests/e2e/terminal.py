#!/usr/bin/env python3
"""End-to-end tests of `grade EXERCISE` as a student sees it on a terminal (issue 15, items 2 and
7): the report's width, the progress line, Ctrl-C.

    terminal.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    wrap       ex2 with a wrong-format near miss, at 80 and 120 columns, on a pipe (COLUMNS) and
               on a pseudo-terminal of that width: every line of the report's own fits, the
               expected format and each near-miss line the report quotes stay whole on one line,
               and 120 columns are used where the text needs them
    progress   ex2's solution on a pseudo-terminal: "Run 1 of 5 of ex2.py…" shown, and erased
               ("\\r\\x1b[K", or spaces with NO_COLOR) before the report; on a pipe, not a
               byte of it
    interrupt  SIGINT to grade's process group while a run of ex1 sleeps with two children, on
               a terminal and on pipes: exit 130, one line naming the run, nothing of the run
               left alive

Runs with /usr/bin/python3 and the standard library.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from four_ways import flat, four_ways, expect_fits
from harness import (Outcome, Suite, base_env, check_no_survivors, decoded, is_run_of,
                     live_descendants, make_subreaper, read_terminal, run, run_on_terminal,
                     scenario_main)

ERASE = "\r\x1b[K"
ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# ex1 with a run that would outlast the test: two children and the parent sleeping.
SLEEPER = """\
import os
import time

if __name__ == "__main__":
    for _ in range(2):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
    time.sleep(60)
"""


def visible_lines(text: str) -> list[str]:
    """The lines as a terminal leaves them: escapes dropped, a progress line erased."""
    return [ESCAPES.sub("", line).split("\r")[-1] for line in text.split("\n")]


def scenario_wrap(suite: Suite) -> None:
    folder = suite.fresh_dir("wrap")
    (folder / "ex2.py").write_bytes(suite.near_miss("ex2/wrong_format.py").read_bytes())
    argv = suite.grade_cmd("ex2", "ex2.py", "--course", suite.source)
    widest = {}
    for shown in four_ways(suite, argv, cwd=folder, env=base_env()):
        suite.expect(shown.outcome.returncode == 1, f"{shown}: graded, failed (exit 1)",
                     shown.outcome)
        lines = visible_lines(shown.text)
        expected = '"Thread name: <name>, Process ID: <pid>"'
        suite.expect(any(expected in line for line in lines),
                     f"{shown}: the expected format {expected} whole on one line",
                     shown.outcome)
        near = [m.group(0) for m in re.finditer(r"'Thread: Thread-\d \(worker\), PID: \d+'",
                                                flat(shown.text))]
        suite.expect(len(near) >= 3, f"{shown}: the near-miss lines are quoted", shown.outcome)
        for quoted in near:
            suite.expect(any(quoted in line for line in lines),
                         f"{shown}: the near-miss line {quoted} whole on one line", shown.outcome)
        expect_fits(suite, shown)
        own = [line for line in lines if not line.lstrip().startswith("|")]
        widest[shown.columns] = max(widest.get(shown.columns, 0), max(map(len, own)))
    suite.expect(widest.get(120, 0) > 100,
                 f"at 120 columns the report uses the width (widest line {widest.get(120)})")


def scenario_progress(suite: Suite) -> None:
    folder = suite.fresh_dir("progress")
    (folder / "ex2.py").write_bytes(suite.solution("ex2").read_bytes())
    argv = suite.grade_cmd("ex2", "ex2.py", "--course", suite.source)
    env = base_env(TERM="xterm-256color")
    on_terminal = run_on_terminal(argv, env=env, cwd=folder, columns=80)
    text = on_terminal.stdout
    suite.expect(on_terminal.returncode == 0, "terminal: ex2's solution passes", on_terminal)
    suite.expect("Run 1 of 5 of ex2.py…" in text and "Run 5 of 5 of ex2.py…" in text,
                 "terminal: the progress line names each run", on_terminal)
    last_erase = text.rfind(ERASE)
    report_start = text.find("Processes and threads")
    suite.expect(0 <= last_erase < report_start,
                 "terminal: the progress line is erased before the report", on_terminal)
    suite.expect("Run 5 of 5" not in text[last_erase:],
                 "terminal: nothing of the progress line is left", on_terminal)

    plain = run_on_terminal(argv, env=base_env(NO_COLOR="1", TERM="xterm-256color"),
                            cwd=folder, columns=80, env_note="NO_COLOR=1")
    suite.expect("Run 5 of 5 of ex2.py…" in plain.stdout and "\x1b" not in plain.stdout,
                 "terminal with NO_COLOR: the progress line without an escape byte", plain)
    suite.expect(visible_lines(plain.stdout)[0].startswith("Processes"),
                 "terminal with NO_COLOR: the progress line overwritten before the report",
                 plain)

    piped = run(argv, cwd=folder, env=env)
    suite.expect(piped.returncode == 0, "pipe: ex2's solution passes", piped)
    suite.expect("Run 1 of" not in piped.text and "\x1b[" not in piped.text
                 and "\r" not in piped.text, "pipe: no progress line, no escapes", piped)


def start(argv: list, folder: Path, terminal: bool) -> tuple[subprocess.Popen, int | None]:
    """grade, leader of its own process group, with its three streams on a fresh
    pseudo-terminal (returned: its master end) or stdin closed and the output on pipes."""
    if not terminal:
        return subprocess.Popen([str(a) for a in argv], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=base_env(),
                                cwd=folder, start_new_session=True), None
    import pty  # only here: the other scenarios need no terminal of their own

    master, slave = pty.openpty()
    proc = subprocess.Popen([str(a) for a in argv], stdin=slave, stdout=slave, stderr=slave,
                            env=base_env(), cwd=folder, start_new_session=True)
    os.close(slave)
    return proc, master


def wait_for_run(program: str, proc: subprocess.Popen, timeout: float) -> bool:
    """Whether a run of `program` with both children alive shows up before `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        # The program and its two forked children, all three "python3 ex1.py".
        if sum(1 for s in live_descendants() if is_run_of(s.pid, program)) >= 3:
            return True
        time.sleep(0.02)
    return False


def interrupt_a_run(suite: Suite, terminal: bool) -> None:
    """SIGINT to grade's process group (what Ctrl-C on its terminal sends) once a run of ex1
    and its two children are alive."""
    where = "terminal" if terminal else "pipe"
    folder = suite.fresh_dir(f"interrupt-{where}")
    (folder / "ex1.py").write_text(SLEEPER)
    argv = suite.grade_cmd("ex1", "ex1.py", "--course", suite.source)
    started = time.monotonic()
    proc, master = start(argv, folder, terminal)
    try:
        running = wait_for_run("ex1.py", proc, 10)
        sent = time.monotonic()
        if running:
            os.killpg(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=4)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        ended = time.monotonic()
        if master is not None:
            out, err = read_terminal(master), b""
    finally:
        if master is not None:
            os.close(master)
    outcome = Outcome([str(a) for a in argv], proc.returncode,
                      decoded(out).replace("\r\n", "\n"), decoded(err), ended - started,
                      cwd=str(folder), env_note=f"on a {where}, SIGINT to its process group")
    if not suite.expect(running, f"{where}: the run of ex1.py and its two children started",
                        outcome):
        return
    suite.expect(proc.returncode == 130, f"{where}: Ctrl-C: exit status 130", outcome)
    suite.expect(ended - sent < 3, f"{where}: grade ended at once ({ended - sent:.1f} s)",
                 outcome)
    # On a terminal the line follows the erased progress line; on a pipe it is all of stderr.
    lines = [line for line in visible_lines(outcome.text) if line.strip()]
    expected = "Interrupted during run 1 of 5 of ex1; everything it started was stopped."
    suite.expect(lines == [expected], f"{where}: one line, {expected!r}", outcome)
    if not terminal:
        suite.expect(outcome.stdout == "" and outcome.stderr == expected + "\n",
                     "pipe: the line on stderr, nothing else", outcome)
    check_no_survivors(suite, f"{where}: Ctrl-C", outcome, None)


def scenario_interrupt(suite: Suite) -> None:
    suite.subreaper = make_subreaper()
    if not suite.subreaper:
        suite.skip("cannot become a child subreaper: survivors would not be seen")
        return
    for terminal in (True, False):
        interrupt_a_run(suite, terminal)


SCENARIOS = {"wrap": scenario_wrap, "progress": scenario_progress,
             "interrupt": scenario_interrupt}


if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "terminal"))

#!/usr/bin/env python3
"""End-to-end tests of "what the grader saw" in the text report, each with the submission
that provokes it, read as a student reads it: at 80 and 120 columns, on a pipe and on a
terminal (four_ways.py).

    grader_saw.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    daemon-threads   ex2 with daemon threads never joined: the threads still running when the
                     main program ended are counted, not the exceptions hint
    child-outlived   ex1 with a child still asleep when the main program ended: the count's
                     hint names it instead of the format
    slow             every process computing when the time limit hit: too slow, not stuck, and
                     no format hint for lines never reached
    stuck            the main program waiting for a child that reads a queue nobody fills
    input            input() with no input: the grader gives none
    pool             a Pool whose workers did several tasks: named, not start() vs run()
    parent-pid       the main program printing os.getppid(): the grader's own PID

Runs with /usr/bin/python3 and the standard library; one run per grading, in a copy of the
course with a 2 s time limit, so each scenario takes seconds.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from four_ways import flat, four_ways
from harness import EXIT_FAILED, Suite, base_env, scenario_main

SUBMISSIONS = {
    "daemon-threads": ("ex2", """\
import os
import threading
import time


def work():
    time.sleep(1)
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")


for _ in range(5):
    threading.Thread(target=work, daemon=True).start()
print("main program done")
"""),
    "child-outlived": ("ex1", """\
import os
import time

for n in range(3):
    pid = os.fork()
    if pid == 0:
        if n == 2:
            time.sleep(1)
        print(f"Process ID: {os.getpid()}", flush=True)
        os._exit(0)
    if n < 2:
        os.waitpid(pid, 0)
"""),
    "slow": ("ex1", """\
import multiprocessing
import os


def work():
    total = 0
    for i in range(10**10):
        total += i
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    workers = [multiprocessing.Process(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    work()
"""),
    "stuck": ("ex1", """\
import multiprocessing
import os


def work(queue):
    print(f"Process ID: {os.getpid()}", flush=True)
    queue.get()


if __name__ == "__main__":
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=work, args=(queue,)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
"""),
    "input": ("ex1", """\
count = int(input("How many processes? "))
print(count)
"""),
    "pool": ("ex1", """\
import multiprocessing
import os


def work(n):
    print(f"Process ID: {os.getpid()}", flush=True)
    return n


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        pool.map(work, range(3))
"""),
    "parent-pid": ("ex1", """\
import os

for _ in range(3):
    print(f"Process ID: {os.getppid()}")
"""),
}

# What each scenario's report must say (found in the flattened text), and must not.
SAYS = {
    "daemon-threads": [r"When your main program ended, 5 of its threads were still running and "
                       r"were stopped with it, before they printed anything\. join\(\) every "
                       r"thread you start before the program ends \(a daemon thread ends with "
                       r"the program\)\."],
    "child-outlived": [r"Hint: When your main program ended, process (\d+) was still running "
                       r"and was stopped by the grader, so whatever it would still have printed "
                       r"is lost: join\(\) your processes"],
    "slow": [r"When the time limit hit \(after [0-9.]+ s\), your main program and processes "
             r"\d+ and \d+ were all computing: the program is too slow \(or loops without "
             r"end\), not stuck waiting\.",
             r"Hint: Your program was still computing when the time limit hit",
             r"Hint: The run was stopped by its time limit before it printed the missing "
             r"lines, so their format is not what failed"],
    "stuck": [r"When the time limit hit \(after [0-9.]+ s\), your main program was waiting "
              r"for a process to end \(join or wait\); process(es)? [0-9, and]+ (was|were) "
              r"waiting to read from a pipe, queue or socket",
              r"Nothing was computing: the program was stuck waiting, not slow\."],
    "input": [r"input\(\) found no input: the grader gives your program none \(its stdin is "
              r"empty\), and this exercise needs none\. Remove the input\(\) call"],
    "pool": [r"Hint: PID (\d+) is a process your program created, and it is on [23] of the "
             r"lines: one worker process did several of the tasks, as the workers of a Pool "
             r"do \(a Pool reuses its workers\)\. Create the processes with "
             r"multiprocessing\.Process, one per task"],
    "parent-pid": [r"saw 1: (\d+) \(3 times\); \1 is the PID of the grader that started your "
                   r"program, not of a process you created"],
}
NOT_SAYS = {
    "daemon-threads": ["Exception in thread"],
    "child-outlived": ["Check the capital letters"],
    "slow": ["It may be waiting forever", "look for a wait that can never end",
             "Check the capital letters"],
    "stuck": ["It may be waiting forever"],
    "input": [],
    "pool": ["call start() rather than run()"],
    "parent-pid": [],
}


def short_course(suite: Suite) -> Path:
    """ex1 and ex2 of the bundled course, with a 2 s time limit."""
    course = suite.fresh_dir("course")
    text = (suite.source / "course.yaml").read_text()
    text, listed = re.subn(r"(?m)^exercises: \[.*\]$", "exercises: [ex1, ex2]", text)
    assert listed == 1, "course.yaml: one 'exercises: [...]' line"
    (course / "course.yaml").write_text(text)
    (course / "exercises").mkdir()
    for exercise in ("ex1", "ex2"):
        spec = (suite.source / "exercises" / f"{exercise}.yaml").read_text()
        spec, changed = re.subn(r"(?m)^  wall_time: 5s", "  wall_time: 2s", spec)
        assert changed == 1, f"{exercise}.yaml: one 'wall_time: 5s'"
        (course / "exercises" / f"{exercise}.yaml").write_text(spec)
    return course


def scenario(suite: Suite, name: str) -> None:
    exercise, source = SUBMISSIONS[name]
    course = short_course(suite)
    folder = suite.fresh_dir(name)
    (folder / f"{exercise}.py").write_text(source)
    argv = suite.grade_cmd(exercise, f"{exercise}.py", "--course", course, "--repeat", "1")
    for shown in four_ways(suite, argv, cwd=folder, env=base_env()):
        text = flat(shown.text)
        suite.expect(shown.outcome.returncode == EXIT_FAILED, f"{name}, {shown}: failed (exit 1)",
                     shown.outcome)
        for pattern in SAYS[name]:
            suite.expect(re.search(pattern, text) is not None,
                         f"{name}, {shown}: says /{pattern}/", shown.outcome)
        for words in NOT_SAYS[name]:
            suite.expect(words not in text, f"{name}, {shown}: does not say {words!r}",
                         shown.outcome)


if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, {name: lambda suite, name=name: scenario(suite, name)
                                     for name in SUBMISSIONS}, "saw"))

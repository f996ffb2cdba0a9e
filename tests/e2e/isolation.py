#!/usr/bin/env python3
"""What a run can reach on the machine: regression tests of the findings of a security review.

    isolation.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [SCENARIO ...] [--keep]
    isolation.py --list

Every scenario drives the real `grade` binary, as root and, where it says so, also as a normal
user (uid 65534 through setpriv: its own scratch folders, HOME and cache, and the course copy
readable by it). Courses are copies (tests/fixtures/hostile/ with its tight limits, or the
bundled course with short limits) in a scratch folder; every JSON report, and every line of a
batch's `grade export jsonl`, is validated against docs/result.schema.json with
tests/tools/validate_json.py; no process of a run may outlive grade (this driver is a child
subreaper, as in hostile.py).

    symlink      a submission that is a symbolic link to a root-only file is refused (exit 1,
                 the message says so) and the file's text is nowhere in the text or JSON
                 report; in a batch, a link to a classmate's file, a student folder that is a
                 link to a classmate's, and a link out of the class get no score of another's,
                 and neither the secret nor the classmate's text is in the export (root)
    classmates   a class unpacked with modes 0777/0666: a run that rewrites a classmate's file
                 by its absolute path and lists the class folder finds neither; the
                 classmate's file is byte-identical and passes (root batch; normal user: a
                 file of the same user at a known path)
    gradebook    a run in a batch cannot see the gradebook nor its -wal (root)
    ptys         a run that opens every pty it can gets at most 16, while a grading started a
                 moment later passes, and the machine's /dev/ptmx still works (root)
    leftovers    files in /tmp, /var/tmp, /dev/shm and System V shared memory and a message
                 queue (a fixed key) do not outlive the run, and the next run cannot see them
                 (root, normal user)
    many-files   a run creating files and folders with odd names as fast as it can until the
                 wall limit: they never land in its folder in TMPDIR on the machine's disk
                 (looked at halfway), grade ends within the limit plus about a second and
                 leaves nothing in TMPDIR (root, normal user)
    network      a listener of the test on 127.0.0.1 cannot be reached from a run; with
                 --allow-network it can, so the test would see a hole (root, normal user)
    cant-see     during a batch, a run cannot list or read the course, the class, the
                 gradebook, nor the folder of a concurrent grading's run (root, normal user)
    protections  the report says private_view, network and landlock are in place, own_uid as
                 root only (root, normal user)

Nothing is ever killed by name: only grade's own processes and survivors below this driver,
by PID. Files and System V objects a run leaves on the machine are removed by the test.

Runs with /usr/bin/python3: standard library only (the schema check needs python3-jsonschema,
through tests/tools/validate_json.py). Exit status 77 when every check was skipped.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import harness
from harness import (EXIT_FAILED, EXIT_PASSED, EXIT_SKIPPED, WALL_LIMIT, Outcome, Running,
                     accepted_connection, arguments, check_no_survivors, find_run_pid,
                     finish_grade, in_place, is_run_of, live_descendants, make_scratch,
                     make_short_course, make_subreaper, run_of, run_summary, start_grade,
                     still_running)

NOBODY = 65534
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
# How long grade may take past the wall limit, besides what it takes to start a run (measured
# per scenario): killing the run and removing what it left.
TEARDOWN_SECONDS = 1.0
PTY_CAP = 16  # devpts max= of a private view
IPC_RMID = 0


# --------------------------------------------------------------------------------------------
# Who runs grade


@dataclass
class Who:
    """The user grade runs as: root (this driver) or the normal user through setpriv."""
    name: str
    uid: int
    home: Path
    # Set: how to become this user instead of setpriv (a launcher that does it itself).
    launcher: list[str] | None = None

    @property
    def is_root(self) -> bool:
        return self.uid == 0

    def argv(self, grade: Path, *args, env: dict[str, str] | None = None) -> list[str]:
        settings = {"HOME": str(self.home), "XDG_CACHE_HOME": str(self.home / "cache"),
                    **(env or {})}
        prefix = [] if self.is_root else self.launcher or [
            "setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--"]
        if not self.is_root:
            settings["PATH"] = SAFE_PATH  # root's PATH may hold a pyenv under /root
        return [*prefix, "env", *(f"{k}={v}" for k, v in settings.items()), str(grade),
                *map(str, args)]

    def own(self, *paths: Path) -> None:
        """Hands scratch folders grade writes in (reports, gradebooks, TMPDIR) to this user."""
        for path in paths:
            os.chown(path, self.uid, self.uid)


class Suite(harness.Suite):
    """harness.Suite (expectations, scratch folders, hostile course copies, schema checks)
    with gradings as either user and batches."""

    def folder(self, who: Who, stem: str) -> Path:
        path = self.fresh_dir(f"{who.name}-{stem}")
        path.chmod(0o755)
        who.own(path)
        return path

    def start_as(self, who: Who, label: str, *args, env: dict[str, str] | None = None
                 ) -> tuple[Path, Running]:
        """grade ARGS --format json --output FILE as `who`."""
        output = self.folder(who, f"{label}-report") / "result.json"
        argv = who.argv(self.grade, *args, "--format", "json", "--output", output, env=env)
        return output, start_grade(argv, self.scratch)

    def grade_as(self, who: Who, label: str, *args, env: dict[str, str] | None = None,
                 alone: bool = True) -> tuple[Outcome, dict | None]:
        """The JSON report of one grading; `alone`: no other grading runs, so no process
        may be left once it is over."""
        output, running = self.start_as(who, label, *args, env=env)
        outcome, document, _ = self.finish_json(label, output, running)
        if alone:
            check_no_survivors(self, label, outcome, document)
        return outcome, document

    def text_as(self, who: Who, *args) -> Outcome:
        return finish_grade(start_grade(who.argv(self.grade, *args), self.scratch))

    def batch_as(self, who: Who, label: str, course: Path, class_dir: Path, db: Path,
                 exercises: str, alone: bool = True) -> tuple[Outcome, list[dict]]:
        """`grade batch`, then its `grade export jsonl`: the documents, each validated."""
        argv = who.argv(self.grade, "--course", course, "batch", class_dir, "--exercises",
                        exercises, "--jobs", 1, "--db", db)
        outcome = finish_grade(start_grade(argv, self.scratch), timeout=60)
        if alone:
            check_no_survivors(self, label, outcome, None)
        exported = finish_grade(start_grade(
            who.argv(self.grade, "--course", course, "export", "jsonl", "--db", db),
            self.scratch))
        self.expect(exported.returncode == 0, f"{label}: grade export jsonl works", exported)
        return outcome, self.keep_jsonl(label, exported.stdout, outcome)

    def hostile_course(self, stem: str, wall: str | None = None, **limits: str) -> Path:
        course = self.copy_hostile_course(stem)
        text = (course / "course.yaml").read_text()
        for key, value in ({"wall_time": wall} if wall else {}).items() | limits.items():
            text, n = re.subn(rf"^(  {key}: )\S+", rf"\g<1>{value}", text, flags=re.M)
            assert n == 1, f"{key} in the hostile course"
        (course / "course.yaml").write_text(text)
        return course

    def bundled_course(self, stem: str) -> Path:
        """The bundled course with short limits (wall 3 s, one run per grading)."""
        folder = self.fresh_dir(stem)
        folder.chmod(0o755)
        make_short_course(self.source, folder)
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return folder / "course"


def program(folder: Path, name: str, text: str, **values) -> Path:
    """Writes a program, with each NAME = None line replaced by the value (as a literal)."""
    for key, value in values.items():
        line = f"{key} = None"
        assert line in text, f"{line!r} in the program"
        text = text.replace(line, f"{key} = {value!r}", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    return path


def stdout_of(document: dict | None) -> str:
    return (run_of(document).get("stdout") or {}).get("data", "")


def by_student(documents: list[dict]) -> dict[tuple[str, str], dict]:
    return {((d.get("student") or {}).get("id"), d.get("exercise", {}).get("id")
             if isinstance(d.get("exercise"), dict) else d.get("exercise")): d
            for d in documents}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# A program's report of what it could reach: one line per name, "NAME: ok ..." or
# "NAME: ENOENT" (the errno's name).
PROBE = r'''
import errno, os
PATHS = None
for name, path in PATHS:
    try:
        if os.path.isdir(path):
            found = f"ok, lists {len(os.listdir(path))} entries"
        else:
            with open(path, "rb") as f:
                found = f"ok, read {len(f.read())} bytes"
    except OSError as e:
        found = errno.errorcode.get(e.errno, str(e.errno))
    print(f"{name}: {found}", flush=True)
'''


def probed(stdout: str) -> dict[str, str]:
    return dict(re.findall(r"^([\w./-]+): (.*)$", stdout, re.M))


def expect_unseen(suite: Suite, label: str, outcome: Outcome, document: dict | None,
                  names: list[str], stdout: str | None = None) -> None:
    """Each name of a PROBE must have met ENOENT: not denied, not there at all."""
    seen = probed(stdout_of(document) if stdout is None else stdout)
    for name in names:
        suite.expect(seen.get(name) == "ENOENT",
                     f"{label}: the run cannot see {name} (ENOENT; saw {seen.get(name)!r})",
                     outcome, run_summary(document))


# --------------------------------------------------------------------------------------------
# 1. symlink


def scenario_symlink(suite: Suite, users: list[Who]) -> None:
    root = users[0]
    token = f"SECRET{uuid.uuid4().hex}"
    vault = suite.fresh_dir("vault")
    vault.chmod(0o700)
    secret = vault / "shadow"
    secret.write_text(f"root:{token}:19000:0:99999:7:::\n")
    secret.chmod(0o600)
    course = suite.bundled_course("symlink-course")

    # One grading: ex1.py -> the root-only file.
    folder = suite.fresh_dir("symlink-student")
    folder.chmod(0o755)
    (folder / "ex1.py").symlink_to(secret)
    label = "symlink-single"
    outcome, document = suite.grade_as(root, label, "ex1", folder / "ex1.py", "--course", course)
    error = (document or {}).get("error") or ""
    suite.expect(outcome.returncode == EXIT_FAILED and "symbolic link" in error,
                 f"{label}: refused with exit 1 and a message naming the symbolic link "
                 f"(exit {outcome.returncode}, error {error!r})", outcome, run_summary(document))
    report = json.dumps(document) if document else ""
    suite.expect(token not in report and token not in outcome.text,
                 f"{label}: the secret is nowhere in the JSON report", outcome)
    single = outcome.returncode
    text = suite.text_as(root, "ex1", folder / "ex1.py", "--course", course, "--format", "text")
    suite.expect(text.returncode == EXIT_FAILED and "symbolic link" in text.text,
                 f"{label}: the text report fails it and names the symbolic link", text)
    suite.expect(token not in text.text, f"{label}: the secret is nowhere in the text report",
                 text)

    # A batch: mallory links to alice's file and to the secret, eve's folder is alice's.
    label = "symlink-batch"
    work = suite.fresh_dir("symlink-batch")
    work.chmod(0o755)
    class_dir = work / "class"
    (class_dir / "alice").mkdir(parents=True)
    (class_dir / "mallory").mkdir()
    alice_token = f"ALICE{uuid.uuid4().hex}"
    for exercise in ("ex1", "ex2"):
        solution = (suite.source / "solutions" / "python" / f"{exercise}.py").read_text()
        (class_dir / "alice" / f"{exercise}.py").write_text(
            f"import sys\nprint('handed in by {alice_token}', file=sys.stderr)\n{solution}")
    (class_dir / "mallory" / "ex1.py").symlink_to(secret)
    (class_dir / "mallory" / "ex2.py").symlink_to("../alice/ex2.py")
    (class_dir / "eve").symlink_to("alice")
    for path in [class_dir, *class_dir.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    outcome, documents = suite.batch_as(root, label, course, class_dir,
                                        work / "gradebook.sqlite", "ex1,ex2")
    rows = by_student(documents)
    summary = {k: (d.get("status"), d.get("score")) for k, d in rows.items()}
    for exercise in ("ex1", "ex2"):
        alice = rows.get(("alice", exercise)) or {}
        suite.expect(alice.get("status") == "passed",
                     f"{label}: alice's own {exercise} passes ({summary})", outcome)
        for thief in ("mallory", "eve"):
            got = rows.get((thief, exercise))
            suite.expect(got is None or (got.get("status") != "passed" and
                                         got.get("score") != alice.get("score")),
                         f"{label}: {thief} does not get alice's score for {exercise} "
                         f"({summary})", outcome)
    for (student, exercise), document in rows.items():
        line = json.dumps(document)
        suite.expect(token not in line,
                     f"{label}: the secret is not in the export ({student}/{exercise})", outcome)
        if student != "alice":
            suite.expect(alice_token not in line,
                         f"{label}: alice's text is not in {student}/{exercise}'s export line",
                         outcome)
    print(f"symlink: single grading exit {single}; batch {summary}", flush=True)


# --------------------------------------------------------------------------------------------
# 2. classmates


ATTACKER = r'''
import errno, os
TARGET = None
CLASS = None
def attempt(what, action):
    try:
        print(f"{what}: done {action()!r}", flush=True)
    except OSError as e:
        print(f"{what}: {errno.errorcode.get(e.errno, e.errno)}", flush=True)
def rewrite():
    with open(TARGET, "w") as f:
        return f.write("print('rewritten by a classmate')\n")
attempt("rewrite", rewrite)
attempt("list", lambda: sorted(os.listdir(CLASS)))
'''


def scenario_classmates(suite: Suite, users: list[Who]) -> None:
    course = suite.bundled_course("classmates-course")
    solution = (suite.source / "solutions" / "python" / "ex1.py").read_text()
    for who in users:
        label = f"classmates-{who.name}"
        work = suite.folder(who, "classmates")
        if who.is_root:
            # A class unpacked with permissive modes, graded in a batch.
            class_dir = work / "class"
            victim = class_dir / "victim" / "ex1.py"
            victim.parent.mkdir(parents=True)
            victim.write_text(f"# victim's own\n{solution}")
            (class_dir / "mallory").mkdir()
            program(class_dir / "mallory", "ex1.py", ATTACKER, TARGET=str(victim),
                    CLASS=str(class_dir))
            for path in [class_dir, *class_dir.rglob("*")]:
                path.chmod(0o777 if path.is_dir() else 0o666)
            before = sha256(victim)
            outcome, documents = suite.batch_as(who, label, course, class_dir,
                                                work / "gradebook.sqlite", "ex1")
            rows = by_student(documents)
            graded = rows.get(("victim", "ex1")) or {}
            suite.expect(graded.get("status") == "passed",
                         f"{label}: the victim is graded normally and passes (status "
                         f"{graded.get('status')!r})", outcome, run_summary(graded))
            attacker = rows.get(("mallory", "ex1"))
        else:
            # The normal user's own file at a known path, and the attacker graded as them.
            victim = work / "victim" / "ex1.py"
            victim.parent.mkdir()
            victim.write_text(f"# victim's own\n{solution}")
            who.own(victim.parent, victim)
            folder = suite.folder(who, "classmates-attacker")
            submission = program(folder, "ex1.py", ATTACKER, TARGET=str(victim),
                                 CLASS=str(victim.parent))
            before = sha256(victim)
            outcome, attacker = suite.grade_as(who, label, "ex1", submission, "--course", course)
        suite.expect(sha256(victim) == before,
                     f"{label}: the victim's file is byte-identical afterwards", outcome,
                     victim.read_text(errors="replace")[:200])
        out = stdout_of(attacker)
        suite.expect("rewrite: ENOENT" in out and "list: ENOENT" in out,
                     f"{label}: for the attacker the victim's file and the class folder do not "
                     f"exist ({out!r})", outcome, run_summary(attacker))
        print(f"{label}: attacker saw {out!r}", flush=True)


# --------------------------------------------------------------------------------------------
# 3. gradebook


def scenario_gradebook(suite: Suite, users: list[Who]) -> None:
    root = users[0]
    label = "gradebook"
    course = suite.hostile_course("gradebook-course")
    work = suite.fresh_dir("gradebook")
    work.chmod(0o755)
    db = work / "gradebook.sqlite"
    class_dir = work / "class"
    for student in ("s1", "s2"):
        (class_dir / student).mkdir(parents=True)
        program(class_dir / student, "plain.py", PROBE,
                PATHS=[("gradebook", str(db)), ("gradebook-wal", f"{db}-wal")])
    for path in [class_dir, *class_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    outcome, documents = suite.batch_as(root, label, course, class_dir, db, "plain")
    suite.expect(len(documents) == 2, f"{label}: both students graded", outcome)
    for document in documents:
        expect_unseen(suite, f"{label} ({document.get('student', {}).get('id')})", outcome,
                      document, ["gradebook", "gradebook-wal"])


# --------------------------------------------------------------------------------------------
# 4. ptys


PTY_HOG = r'''
import errno, os, time
HOLD = None
fds, why = [], "stopped at 4096"
while len(fds) < 4096:
    try:
        fds.append(os.open("/dev/ptmx", os.O_RDWR | os.O_NOCTTY))
    except OSError as e:
        why = errno.errorcode.get(e.errno, str(e.errno))
        break
print(f"ptys: {len(fds)} ({why})", flush=True)
time.sleep(HOLD)
'''


def scenario_ptys(suite: Suite, users: list[Who]) -> None:
    root = users[0]
    label = "ptys"
    course = suite.hostile_course("ptys-course", open_files="1024")
    folder = suite.fresh_dir("ptys-submissions")
    folder.chmod(0o755)
    hog = program(folder, "pty_hog.py", PTY_HOG, HOLD=2.0)
    hello = folder / "plain.py"
    shutil.copyfile(suite.hostile / "programs" / "hello.py", hello)
    hello.chmod(0o644)
    output, running = suite.start_as(root, f"{label}-hog", "plain", hog, "--course", course)
    deadline = time.monotonic() + 10
    while not any(is_run_of(s.pid, "pty_hog.py") for s in live_descendants()):
        if time.monotonic() > deadline or not still_running(running):
            break
        time.sleep(0.02)
    time.sleep(0.5)  # the hog has opened what it can by now, and holds it
    hog_alive = still_running(running)
    normal, normal_doc = suite.grade_as(root, f"{label}-normal", "plain", hello, "--course",
                                        course, alone=False)
    hog_outcome, hog_doc, _ = suite.finish_json(f"{label}-hog", output, running)
    check_no_survivors(suite, f"{label}-hog", hog_outcome, hog_doc)
    suite.expect(hog_alive, f"{label}: the hog was still running when the other grading "
                 "started", hog_outcome)
    suite.expect(normal.returncode == EXIT_PASSED and (normal_doc or {}).get("status") ==
                 "passed", f"{label}: the concurrent grading passes", normal,
                 run_summary(normal_doc))
    match = re.search(r"^ptys: (\d+) \((\w+)\)", stdout_of(hog_doc), re.M)
    count = int(match.group(1)) if match else -1
    suite.expect(0 <= count <= PTY_CAP,
                 f"{label}: the hog got at most {PTY_CAP} ptys (got {count}, "
                 f"{match.group(2) if match else 'no count printed'})", hog_outcome,
                 run_summary(hog_doc))
    try:
        master, slave = os.openpty()
        os.close(master)
        os.close(slave)
        works = True
    except OSError as error:
        works = False
        print(f"openpty: {error}")
    suite.expect(works, f"{label}: the machine's /dev/ptmx still works afterwards")
    print(f"{label}: the hog got {count} ptys; concurrent grading exit {normal.returncode}",
          flush=True)


# --------------------------------------------------------------------------------------------
# 5. leftovers


LEAVER = r'''
import ctypes, os
NAME = None
KEY = None
for folder in ("/tmp", "/var/tmp", "/dev/shm"):
    with open(os.path.join(folder, NAME), "w") as f:
        f.write("left behind\n")
libc = ctypes.CDLL(None, use_errno=True)
shm = libc.shmget(KEY, 4096, 0o1000 | 0o600)
msg = libc.msgget(KEY, 0o1000 | 0o600)
print(f"made: shm {shm} msg {msg}", flush=True)
'''

LOOKER = r'''
import ctypes, errno, os
NAME = None
KEY = None
for folder in ("/tmp", "/var/tmp", "/dev/shm"):
    print(f"{folder}: {'seen' if os.path.exists(os.path.join(folder, NAME)) else 'absent'}")
libc = ctypes.CDLL(None, use_errno=True)
for kind, get in (("shm", lambda: libc.shmget(KEY, 0, 0)), ("msg", lambda: libc.msgget(KEY, 0))):
    found = get()
    print(f"{kind}: {'seen' if found >= 0 else 'absent'} {errno.errorcode.get(ctypes.get_errno())}")
'''


def sysv_ids(kind: str, key: int) -> list[int]:
    """The ids of the machine's System V objects (shm or msg) with this key."""
    lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
    return [int(f[1]) for f in (line.split() for line in lines) if int(f[0]) == key]


def free_key() -> int:
    while True:
        key = 0x67720000 | int.from_bytes(os.urandom(2), "big")
        if not sysv_ids("shm", key) and not sysv_ids("msg", key):
            return key


def remove_leftovers(name: str, key: int) -> list[str]:
    """Removes what a run left on the machine (this driver is root); says what it found."""
    found = []
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        path = Path(folder) / name
        if path.exists():
            found.append(str(path))
            path.unlink()
    libc = ctypes.CDLL(None, use_errno=True)
    for kind, ctl in (("shm", libc.shmctl), ("msg", libc.msgctl)):
        for ident in sysv_ids(kind, key):
            found.append(f"System V {kind} key {key:#x} (id {ident})")
            ctl(ident, IPC_RMID, None)
    return found


def scenario_leftovers(suite: Suite, users: list[Who]) -> None:
    course = suite.hostile_course("leftovers-course")
    for who in users:
        label = f"leftovers-{who.name}"
        name = f"grade-isolation-{uuid.uuid4().hex}"
        key = free_key()
        folder = suite.folder(who, "leftovers")
        leaver = program(folder, "plain.py", LEAVER, NAME=name, KEY=key)
        try:
            outcome, document = suite.grade_as(who, f"{label}-first", "plain", leaver,
                                               "--course", course)
            suite.expect("made: shm" in stdout_of(document) and
                         not re.search(r"(shm|msg) -1", stdout_of(document)),
                         f"{label}: the run made its files and System V objects",
                         outcome, run_summary(document))
            left = [what for what in (f"{d}/{name}" for d in ("/tmp", "/var/tmp", "/dev/shm"))
                    if os.path.exists(what)]
            left += [f"System V {k} key {key:#x}" for k in ("shm", "msg") if sysv_ids(k, key)]
            suite.expect(not left, f"{label}: nothing the run made is left on the machine",
                         outcome, "left: " + ", ".join(left))
            looker = program(suite.folder(who, "leftovers-looker"), "plain.py", LOOKER,
                             NAME=name, KEY=key)
            outcome, document = suite.grade_as(who, f"{label}-second", "plain", looker,
                                               "--course", course)
            seen = [line for line in stdout_of(document).splitlines() if ": seen" in line]
            suite.expect("shm: absent" in stdout_of(document) and not seen,
                         f"{label}: the next run sees nothing of the first", outcome,
                         run_summary(document))
        finally:
            removed = remove_leftovers(name, key)
            if removed:
                print(f"{label}: removed what the run left: {', '.join(removed)}", flush=True)


# --------------------------------------------------------------------------------------------
# 6. many-files


MANY_FILES = r'''
import os
NAMES = ["new\nline", "esc\x1b[31m", "back\\slash", "tab\t", " lead", "-dash", "\u202eflip",
         "star*?", "..dots", "quote'\"", "\r"]
with open("small", "wb") as f:
    f.write(b"x")
i = made = 0
while True:
    # A small file in a folder of its own, both with odd names: the folder is what costs the
    # most to remove, the file a hard link of the first (a file of its own where that fails).
    i += 1
    folder = os.fsencode(NAMES[i % len(NAMES)]) + b"\xff" + str(i).encode()
    name = folder + b"/" + os.fsencode(NAMES[(i + 5) % len(NAMES)])
    try:
        os.mkdir(folder)
        try:
            os.link("small", name)
        except OSError:
            with open(name, "wb") as f:
                f.write(b"x")
        made += 1
    except OSError:
        pass
    if i % 4096 == 0:
        print(f"made {made} of {i}", flush=True)
'''


def entries_midway(running: Running, tmpdir: Path, name: str, after: float
                   ) -> int | None:
    """Entries in the run folders under `tmpdir` (on the machine's disk), `after` seconds
    into the run of `name`; None when the run was not seen."""
    deadline = time.monotonic() + 10
    while not any(is_run_of(s.pid, name) for s in live_descendants()):
        if time.monotonic() > deadline or not still_running(running):
            return None
        time.sleep(0.02)
    time.sleep(after)
    # grade-python-*: the grader's own folder of Python's start-up module, not a run's.
    return sum(len(os.listdir(d)) for d in tmpdir.iterdir()
               if d.is_dir() and not d.name.startswith("grade-python-"))


def scenario_many_files(suite: Suite, users: list[Who]) -> None:
    wall = WALL_LIMIT
    course = suite.hostile_course("many-files-course", cpu_time="10s")
    for who in users:
        label = f"many-files-{who.name}"
        folder = suite.folder(who, "many-files")
        submission = program(folder, "plain.py", MANY_FILES)
        tmpdir = suite.folder(who, "many-files-tmpdir")
        # How long grade takes besides the run: the same grading of a program that exits.
        quick = program(suite.folder(who, "many-files-quick"), "plain.py", "pass\n")
        baseline, base_doc = suite.grade_as(who, f"{label}-baseline", "plain", quick,
                                            "--course", course, env={"TMPDIR": str(tmpdir)})
        overhead = baseline.seconds - (run_of(base_doc).get("wall_seconds") or 0)
        output, running = suite.start_as(who, label, "plain", submission, "--course", course,
                                         env={"TMPDIR": str(tmpdir)})
        on_disk = entries_midway(running, tmpdir, "plain.py", wall / 2)
        outcome, document, _ = suite.finish_json(label, output, running)
        check_no_survivors(suite, label, outcome, document)
        run = run_of(document)
        suite.expect(on_disk is not None and on_disk <= 1,
                     f"{label}: halfway through the run, its folder in TMPDIR holds only the "
                     f"submission, not what the run writes (saw {on_disk} entries)", outcome)
        bound = wall + TEARDOWN_SECONDS + overhead
        suite.expect(run.get("verdict") == "wall_timeout",
                     f"{label}: the run ended at its wall limit (verdict {run.get('verdict')!r})",
                     outcome, run_summary(document))
        suite.expect(outcome.seconds <= bound,
                     f"{label}: grade ended within the {wall:.0f} s wall limit + "
                     f"{TEARDOWN_SECONDS:.0f} s (+ {overhead:.2f} s to start, as a program "
                     f"that exits at once): took {outcome.seconds:.2f} s", outcome)
        made = [int(n) for n in re.findall(r"^made (\d+) of", stdout_of(document), re.M)]
        suite.expect(bool(made) and made[-1] >= 4096,
                     f"{label}: the run made thousands of files (made {made[-1:]})", outcome,
                     run_summary(document))
        left = sorted(os.listdir(tmpdir))
        suite.expect(not left, f"{label}: nothing left in TMPDIR", outcome,
                     f"left: {left[:10]}")
        # What a run left may be deeper than PATH_MAX: rm walks it by file descriptors.
        subprocess.run(["rm", "-rf", "--one-file-system", "--", *(str(tmpdir / n) for n in left)],
                       check=False)
        print(f"{label}: {made[-1:]} files made, {on_disk} entries on disk halfway, grade took "
              f"{outcome.seconds:.2f} s (run {run.get('wall_seconds')} s, start-up "
              f"{overhead:.2f} s)", flush=True)


# --------------------------------------------------------------------------------------------
# 7. network


def scenario_network(suite: Suite, users: list[Who]) -> None:
    course = suite.hostile_course("network-course")
    text = (suite.hostile / "programs" / "network_connect.py").read_text(encoding="utf-8")
    assert "PORT = 0  #" in text
    for who in users:
        for allow in (False, True):
            label = f"network-{who.name}{'-allowed' if allow else ''}"
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
                listener.bind(("127.0.0.1", 0))
                listener.listen(8)
                listener.setblocking(False)
                port = listener.getsockname()[1]
                folder = suite.folder(who, label)
                submission = folder / "plain.py"
                submission.write_text(text.replace("PORT = 0  #", f"PORT = {port}  #", 1))
                submission.chmod(0o644)
                flags = ["--allow-network"] if allow else []
                outcome, document = suite.grade_as(who, label, "plain", submission, "--course",
                                                   course, *flags)
                reached = accepted_connection(listener)
            out = stdout_of(document)
            if allow:
                suite.expect(reached and "connected" in out,
                             f"{label}: with --allow-network the run reaches the listener "
                             f"(control; run printed {out!r})", outcome, run_summary(document))
            else:
                suite.expect(not reached and "blocked" in out,
                             f"{label}: the run cannot reach the test's listener on 127.0.0.1 "
                             f"(run printed {out!r}; listener got a connection: {reached})",
                             outcome, run_summary(document))
            print(f"{label}: run printed {out.strip()!r}, listener reached: {reached}",
                  flush=True)


# --------------------------------------------------------------------------------------------
# 8. cant-see


HOLDER = r'''
import os, time
MARKER = None
with open("run.pid", "w") as f:
    f.write(str(os.getpid()))
with open(MARKER, "w") as f:
    f.write("the holder's own\n")
deadline = time.monotonic() + 6
while time.monotonic() < deadline and not os.path.exists("stop"):
    time.sleep(0.02)
print("stopped" if os.path.exists("stop") else "not stopped", flush=True)
'''


def scenario_cant_see(suite: Suite, users: list[Who]) -> None:
    course = suite.hostile_course("cant-see-course", wall="8s")
    for who in users:
        label = f"cant-see-{who.name}"
        marker = f"marker-{uuid.uuid4().hex}"
        holder = program(suite.folder(who, "cant-see-holder"), "holder.py", HOLDER,
                         MARKER=marker)
        output, running = suite.start_as(who, f"{label}-holder", "plain", holder, "--course",
                                         course)
        pid = find_run_pid(running, "holder.py")
        suite.expect(pid is not None, f"{label}: the holder's run started")
        try:
            other = os.readlink(f"/proc/{pid}/cwd") if pid else "/nonexistent"
            work = suite.folder(who, "cant-see-batch")
            class_dir = work / "class"
            db = work / "gradebook.sqlite"
            (class_dir / "prober").mkdir(parents=True)
            program(class_dir / "prober", "plain.py", PROBE, PATHS=[
                ("course", str(course)), ("course.yaml", str(course / "course.yaml")),
                ("class", str(class_dir)), ("own-file", str(class_dir / "prober" / "plain.py")),
                ("gradebook", str(db)), ("gradebook-wal", f"{db}-wal"),
                ("other-run", other), ("other-marker", f"{other}/{marker}")])
            for path in [class_dir, *class_dir.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
            outcome, documents = suite.batch_as(who, label, course, class_dir, db, "plain",
                                                alone=False)
        finally:
            if pid:
                try:
                    Path(f"/proc/{pid}/cwd/stop").write_text("stop\n")
                except OSError:
                    pass
        holder_outcome, holder_doc, _ = suite.finish_json(f"{label}-holder", output, running)
        check_no_survivors(suite, f"{label}-holder", holder_outcome, holder_doc)
        suite.expect("stopped" in stdout_of(holder_doc) and
                     run_of(holder_doc).get("verdict") == "ok",
                     f"{label}: the holder ran alongside the whole batch", holder_outcome,
                     run_summary(holder_doc))
        prober = (documents or [None])[0]
        expect_unseen(suite, label, outcome, prober,
                      ["course", "course.yaml", "class", "own-file", "gradebook",
                       "gradebook-wal", "other-run", "other-marker"])
        print(f"{label}: the prober saw {probed(stdout_of(prober))}", flush=True)


# --------------------------------------------------------------------------------------------
# 9. protections


def scenario_protections(suite: Suite, users: list[Who]) -> None:
    course = suite.hostile_course("protections-course")
    for who in users:
        label = f"protections-{who.name}"
        submission = suite.folder(who, label) / "plain.py"
        shutil.copyfile(suite.hostile / "programs" / "hello.py", submission)
        submission.chmod(0o644)
        outcome, document = suite.grade_as(who, label, "plain", submission, "--course", course)
        listed = {p.get("name"): p for p in (document or {}).get("protections") or []}
        for name in ("private_view", "network", "landlock"):
            suite.expect(in_place(document, name),
                         f"{label}: protections say {name} is in place ({listed.get(name)})",
                         outcome)
        suite.expect(in_place(document, "own_uid") == who.is_root,
                     f"{label}: own_uid is {'in place' if who.is_root else 'not in place'} "
                     f"({listed.get('own_uid')})", outcome)
        print(f"{label}: " + ", ".join(f"{n}={p.get('in_place')}" for n, p in listed.items()),
              flush=True)


# --------------------------------------------------------------------------------------------
# 10. a kernel that refuses user namespaces


# Runs a command as uid 65534 in a user namespace whose limit of nested user namespaces is 0,
# as on a machine (or container) that forbids them to normal users: the parent maps the ids
# (only a process outside may map more than its own), the child lowers the limit and drops
# to the user.
NO_USERNS_LAUNCHER = r"""
import ctypes, os, sys
CLONE_NEWUSER = 0x10000000
ready_r, ready_w = os.pipe()
go_r, go_w = os.pipe()
pid = os.fork()
if pid == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER) != 0:
        os._exit(90)
    os.write(ready_w, b"u")
    os.read(go_r, 1)
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")
    os.setgroups([])
    os.setresgid(65534, 65534, 65534)
    os.setresuid(65534, 65534, 65534)
    os.execvp(sys.argv[1], sys.argv[1:])
os.read(ready_r, 1)
for name in ("uid_map", "gid_map"):
    with open(f"/proc/{pid}/{name}", "w") as f:
        f.write("0 0 65536")
os.write(go_w, b"g")
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def scenario_no_namespaces(suite: Suite, users: list[Who]) -> None:
    """Where the kernel refuses user namespaces, a normal user's grading goes on without the
    private view and the network cut, and the report says so, as it does for tracing."""
    if not users[0].is_root:
        suite.skip("no-namespaces: needs root to set up a user namespace without nested ones")
        return
    launcher = suite.fresh_dir("no-userns-launcher") / "launch.py"
    launcher.write_text(NO_USERNS_LAUNCHER)
    launcher.parent.chmod(0o755)
    launcher.chmod(0o644)
    normal = next((who for who in users if not who.is_root), None)
    if normal is None:
        suite.skip("no-namespaces: the normal user cannot run grade here")
        return
    who = Who("user-no-userns", normal.uid, normal.home, [sys.executable, str(launcher)])
    course = suite.hostile_course("no-namespaces-course")
    label = "no-namespaces"
    submission = suite.folder(who, label) / "plain.py"
    shutil.copyfile(suite.hostile / "programs" / "hello.py", submission)
    submission.chmod(0o644)
    outcome, document = suite.grade_as(who, label, "plain", submission, "--course", course)
    suite.expect(outcome.returncode == EXIT_PASSED and (document or {}).get("status") == "passed",
                 f"{label}: grading goes on and passes", outcome)
    listed = {p.get("name"): p for p in (document or {}).get("protections") or []}
    for name in ("private_view", "network"):
        entry = listed.get(name) or {}
        suite.expect(entry.get("in_place") is False and "user namespace" in entry.get("detail", ""),
                     f"{label}: protections say {name} is missing and why ({entry})", outcome)
    notes = " ".join((document or {}).get("notes") or [])
    suite.expect("not a private view of their own" in notes and
                 "the network could not be cut off here" in notes,
                 f"{label}: the notes tell the reader what was missing", outcome, notes)


# --------------------------------------------------------------------------------------------
# 11. an interpreter outside the system folders


def scenario_interpreter(suite: Suite, users: list[Who]) -> None:
    """An interpreter linked from the user's ~/bin (or lying straight in a folder) shows the
    run nothing of the folders around it: only a real installation or virtualenv is bound."""
    course = suite.hostile_course("interpreter-course")
    for who in users:
        label = f"interpreter-{who.name}"
        home = suite.folder(who, f"{label}-home")
        (home / "bin").mkdir()
        (home / "bin" / "python3").symlink_to("/usr/bin/python3")
        (home / ".ssh").mkdir()
        secret = home / ".ssh" / "id_ed25519"
        secret.write_text("SECRET-KEY-" + uuid.uuid4().hex + "\n")
        secret.chmod(0o600)
        for path in (home / "bin", home / ".ssh", secret):
            os.lchown(path, who.uid, who.uid)
        submission = program(suite.folder(who, label), "plain.py", f"""
import os
for top, _, files in os.walk({str(home)!r}):
    for name in files:
        try:
            print(os.path.join(top, name), open(os.path.join(top, name)).read())
        except OSError as e:
            print(os.path.join(top, name), e.strerror)
print("hello")
""")
        outcome, document = suite.grade_as(who, label, "plain", submission, "--course", course,
                                           "--interpreter", home / "bin" / "python3")
        out = stdout_of(document)
        suite.expect(outcome.returncode == EXIT_PASSED, f"{label}: the run works", outcome)
        suite.expect("SECRET-KEY" not in out and str(secret) not in out,
                     f"{label}: nothing of the interpreter's home is in the run's view", outcome,
                     out[:400])


# --------------------------------------------------------------------------------------------

# name -> (the function, whether it runs as the normal user too)
SCENARIOS: dict[str, tuple[Callable[[Suite, list[Who]], None], bool]] = {
    "symlink": (scenario_symlink, False),
    "classmates": (scenario_classmates, True),
    "gradebook": (scenario_gradebook, False),
    "ptys": (scenario_ptys, False),
    "leftovers": (scenario_leftovers, True),
    "many-files": (scenario_many_files, True),
    "network": (scenario_network, True),
    "cant-see": (scenario_cant_see, True),
    "protections": (scenario_protections, True),
    "no-namespaces": (scenario_no_namespaces, True),
    "interpreter": (scenario_interpreter, True),
}


def normal_user(suite: Suite) -> tuple[Who | None, str]:
    """The normal user, once grade runs for them (a copy of the binary where the build folder
    is closed to them); else None and why."""
    if shutil.which("setpriv") is None:
        return None, "setpriv is not installed"
    home = suite.fresh_dir("normal-user-home")
    os.chown(home, NOBODY, NOBODY)
    who = Who("user", NOBODY, home)
    for grade in (suite.grade, suite.scratch / "bin" / "grade"):
        if grade != suite.grade:
            grade.parent.mkdir(exist_ok=True)
            grade.parent.chmod(0o755)
            shutil.copy2(suite.grade, grade)
            grade.chmod(0o755)
        check = subprocess.run(who.argv(grade, "--version"), capture_output=True, text=True,
                               timeout=30)
        if check.returncode == 0:
            suite.grade = grade
            return who, ""
        why = (check.stderr or check.stdout).strip()
    return None, f"grade does not start as uid {NOBODY}: {why}"


def main() -> int:
    parser = arguments(__doc__.split("\n\n")[0], required=False)
    parser.add_argument("--list", action="store_true", help="list the scenarios")
    parser.add_argument("names", nargs="*", metavar="SCENARIO")
    args = parser.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    if not args.grade or not args.source or not args.names:
        parser.error("--grade, --source and at least one SCENARIO are needed (or --list)")
    unknown = [n for n in args.names if n not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; see --list")
    if os.geteuid() != 0:
        print("SKIP: these scenarios run grade as root and as a normal user: run as root")
        return EXIT_SKIPPED

    subreaper = make_subreaper()
    # The run users and the normal user must reach their folders.
    scratch = make_scratch("grade-isolation-", shared=True, own_cache=False)
    suite = Suite(grade=args.grade.resolve(), source=args.source.resolve(), scratch=scratch,
                  subreaper=subreaper)

    def run_chosen() -> None:
        user, why = normal_user(suite)
        print(f"isolation {' '.join(args.names)}: grade={suite.grade}, normal user: "
              f"{'uid %d' % NOBODY if user else why}", flush=True)
        root = Who("root", 0, suite.fresh_dir("root-home"))
        for name in args.names:
            function, both = SCENARIOS[name]
            users = [root]
            if both and user:
                users.append(user)
            elif both:
                suite.skip(f"{name}: not run as a normal user: {why}")
            function(suite, users)

    return suite.conclude(run_chosen, args.keep, skip_code=True)


if __name__ == "__main__":
    sys.exit(main())

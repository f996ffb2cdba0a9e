#!/usr/bin/env python3
"""A submission must not reach the terminal grade runs in.

grade is started on a fresh pseudo-terminal that is its controlling terminal (pty.fork), and
grades tests/fixtures/hostile/programs/open_tty.py, which tries to open /dev/tty. Control: the
same program started directly from that terminal does open it, so the check can fail.

Usage: controlling_tty.py --grade GRADE --source SOURCE
"""
import argparse
import json
import os
import pty
import sys
import tempfile

from harness import read_terminal


def on_a_terminal(argv):
    """Runs argv as the session leader of a new pseudo-terminal; returns (status, output)."""
    pid, master = pty.fork()
    if pid == 0:
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    output = read_terminal(master)
    _, status = os.waitpid(pid, 0)
    os.close(master)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", required=True)
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    course = os.path.join(args.source, "tests", "fixtures", "hostile")
    program = os.path.join(course, "programs", "open_tty.py")

    code, direct = on_a_terminal(["/usr/bin/python3", program])
    if "terminal opened" not in direct:
        sys.exit(f"control failed: run directly on a terminal the program should open /dev/tty "
                 f"(exit {code}): {direct!r}")

    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "result.json")
        code, shown = on_a_terminal([os.path.abspath(args.grade), "plain", program,
                                     "--course", course, "--format", "json", "--output", report])
        if not os.path.exists(report):
            sys.exit(f"grade wrote no report (exit {code}): {shown}")
        with open(report, encoding="utf-8") as f:
            document = json.load(f)
    out = (document.get("runs") or [{}])[-1].get("stdout", {}).get("data", "")
    if "no terminal" not in out or "terminal opened" in out:
        sys.exit(f"the submission reached grade's terminal: stdout {out!r}")
    print(f"ok: directly {direct.strip()!r}; under grade {out.strip()!r}")


if __name__ == "__main__":
    main()

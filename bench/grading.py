"""What the grading benchmarks share: timing one grade command, and the JSON report of one."""
import json
import os
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(argv, cwd):
    """Wall seconds, exit code and stderr of one command (stdout thrown away)."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=cwd)
    return time.perf_counter() - start, proc.returncode, proc.stderr


def report_of(base, cwd):
    """Grades once (`base` is the grade command) with a JSON report: the document, or None."""
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "result.json")
        subprocess.run(base + ["--format", "json", "--output", report], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        if not os.path.exists(report):
            return None
        with open(report, encoding="utf-8") as f:
            return json.load(f)

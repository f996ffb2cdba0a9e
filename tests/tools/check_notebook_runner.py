#!/usr/bin/python3
"""grader/check/notebook_runner.py is Python, and survives being built into the grader.

CMake's configure_file puts the runner's text into a C++ raw string literal
(grader/check/notebook_runner.cc.in): an '@' could be read as a CMake variable, and
')grade_runner"' would end the literal early. Exits 1 naming each problem.

Usage: /usr/bin/python3 check_notebook_runner.py [RUNNER]
"""

import ast
import sys
from pathlib import Path

DEFAULT_RUNNER = Path(__file__).resolve().parents[2] / "grader" / "check" / "notebook_runner.py"


def problems(path):
    text = path.read_text(encoding="utf-8")
    found = []
    try:
        ast.parse(text, filename=str(path))
    except SyntaxError as error:
        found.append(f"line {error.lineno}: not Python: {error.msg}")
    for number, line in enumerate(text.splitlines(), 1):
        if "@" in line:
            found.append(f"line {number}: '@' (configure_file could replace it)")
        if ')grade_runner"' in line:
            found.append(f"line {number}: ')grade_runner\"' ends the C++ raw string")
    return found


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RUNNER
    found = problems(path)
    for problem in found:
        print(f"{path}: {problem}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""The notebook runner (grader/check/notebook_runner.py) runs cells as Jupyter shows them.

IPython's display() and clear_output() print str() and terminal escapes outside a kernel, which
no notebook shows: the runner makes them the stand-ins whether IPython is missing (a module of
its own) or installed (patched when imported). Both cases run here whatever this machine has:
`python3 -S` leaves the installed packages out, and a small IPython of the same shape as the
real one (IPython.display re-exporting IPython.core.display_functions) is put on PYTHONPATH.

Usage: /usr/bin/python3 test_notebook_runner.py [RUNNER]
"""

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

RUNNER = Path(__file__).resolve().parents[2] / "grader" / "check" / "notebook_runner.py"

# What IPython 8 does outside a kernel (IPython/core/display_functions.py).
FAKE_IPYTHON = {
    "IPython/__init__.py": "",
    "IPython/core/__init__.py": "",
    "IPython/core/display_functions.py": (
        "import sys\n"
        "def display(*objs, **kwargs):\n"
        "    print(*objs)\n"
        "def clear_output(wait=False):\n"
        "    print('\\033[2K\\r', end='')\n"
        "    print('\\033[2K\\r', end='', file=sys.stderr)\n"
    ),
    "IPython/display.py": "from IPython.core.display_functions import *\n",
}

CELL = (
    "from IPython.display import display, clear_output\n"
    "clear_output()\n"
    "display('shown')\n"
    "clear_output(wait=True)\n"
    "print('Process ID: 42')\n"
)


def run(runner, cells, ipython_folder=None):
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "ex1.py"
        table = "".join(f"    ({n}, 'code', {source!r}, '', None),\n" for n, source in cells)
        program.write_text(
            runner.read_text(encoding="utf-8")
            + f"\n_grade_cells = [\n{table}]\n"
            + "if __name__ == '__main__':\n    _grade_nb.main(_grade_cells)\n",
            encoding="utf-8",
        )
        env = {"PATH": "/usr/bin:/bin"}
        if ipython_folder:
            env["PYTHONPATH"] = ipython_folder
        return subprocess.run(
            [sys.executable, "-S", str(program)],
            capture_output=True, text=True, env=env, cwd=folder, timeout=60, check=False)


class IPythonDisplay(unittest.TestCase):
    runner = RUNNER

    def expect_as_in_a_notebook(self, done):
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "'shown'\nProcess ID: 42\n")
        self.assertEqual(done.stderr, "")

    def test_without_ipython_the_stand_ins_answer(self):
        self.expect_as_in_a_notebook(run(self.runner, [(1, CELL)]))

    def test_an_installed_ipython_is_patched_when_imported(self):
        with tempfile.TemporaryDirectory() as folder:
            for name, text in FAKE_IPYTHON.items():
                path = Path(folder) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            self.expect_as_in_a_notebook(run(self.runner, [(1, CELL)], folder))
            # The same module imported straight, in a later cell, is patched too.
            later = "import IPython.core.display_functions as f\nf.clear_output()\nprint('x')\n"
            done = run(self.runner, [(1, "pass\n"), (2, later)], folder)
            self.assertEqual((done.stdout, done.stderr), ("x\n", ""))

    def test_a_notebook_without_ipython_imports_leaves_it_unloaded(self):
        check = "import sys\nprint('IPython' in sys.modules)\n"
        self.assertEqual(run(self.runner, [(1, check)]).stdout, "True\n")  # the stand-in
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "IPython").mkdir()
            (Path(folder) / "IPython" / "__init__.py").write_text("", encoding="utf-8")
            self.assertEqual(run(self.runner, [(1, check)], folder).stdout, "False\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        IPythonDisplay.runner = Path(sys.argv.pop(1))
    unittest.main(verbosity=1)

#!/usr/bin/python3
"""The analyzer of source checks (grader/check/source_facts.py) over small programs.

Runs it as the grader does (python3 -I -S SCRIPT --file PROGRAM | --cells CELLS.json) and
compares the facts it prints; also checks that its text survives being built into the grader
(configure_file reads '@', and ')grade_facts"' would end the C++ raw string).

Usage: /usr/bin/python3 test_source_facts.py [SCRIPT]
"""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "grader" / "check" / "source_facts.py"


def analyse(program=None, cells=None):
    with tempfile.TemporaryDirectory() as folder:
        if cells is None:
            path = Path(folder) / "ex1.py"
            path.write_text(program, encoding="utf-8")
            args = ["--file", str(path)]
        else:
            path = Path(folder) / "cells.json"
            path.write_text(json.dumps(cells), encoding="utf-8")
            args = ["--cells", str(path)]
        done = subprocess.run([sys.executable, "-I", "-S", str(SCRIPT), *args],
                              capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    return json.loads(done.stdout)


def named(facts, kind):
    return sorted((f["name"], f["line"]) for f in facts[kind])


class Aliases(unittest.TestCase):
    def test_calls_resolve_through_every_kind_of_import(self):
        facts = analyse("import threading as t\n"
                        "from threading import Lock as L\n"
                        "import os.path\n"
                        "a = t.Lock()\n"
                        "b = L()\n"
                        "os.path.join('x')\n"
                        "Lock()\n")  # a bare name imported from nowhere: not a call of anything
        self.assertEqual(named(facts, "calls"),
                         [("os.path.join", 6), ("threading.Lock", 4), ("threading.Lock", 5)])
        self.assertEqual(named(facts, "imports"),
                         [("os.path", 3), ("threading", 1), ("threading", 2)])

    def test_methods_of_bound_values_anywhere_in_the_file(self):
        facts = analyse("import threading\n"
                        "def work():\n"
                        "    lock.acquire()\n"  # bound below: flow-insensitive
                        "lock = threading.Lock()\n"
                        "threading.RLock().release()\n")
        self.assertIn(("threading.Lock.acquire", 3), named(facts, "calls"))
        self.assertIn(("threading.RLock.release", 5), named(facts, "calls"))

    def test_self_attributes_and_with(self):
        facts = analyse("import threading\n"
                        "import multiprocessing as mp\n"
                        "class Counter:\n"
                        "    def __init__(self):\n"
                        "        self.lock = threading.Lock()\n"
                        "    def add(self):\n"
                        "        with self.lock:\n"
                        "            pass\n"
                        "with mp.Pool(2) as pool:\n"
                        "    pool.map(str, [1])\n")
        self.assertEqual(named(facts, "with"), [("multiprocessing.Pool", 9), ("threading.Lock", 7)])
        self.assertIn(("multiprocessing.Pool.map", 10), named(facts, "calls"))

    def test_main_guard_at_the_top_level_only(self):
        facts = analyse("def f():\n"
                        "    if __name__ == '__main__':\n"
                        "        pass\n"
                        "if '__main__' == __name__:\n"
                        "    f()\n")
        self.assertEqual(facts["main_guard"], [{"line": 4}])
        self.assertEqual(analyse("if __name__ != '__main__':\n    pass\n")["main_guard"], [])

    def test_a_syntax_error_is_a_fact_with_its_line(self):
        facts = analyse("import os\n\ndef f(:\n    pass\n")
        self.assertEqual(facts["syntax_error"]["line"], 3)
        self.assertNotIn("calls", facts)

    def test_deep_nesting_that_compiles_is_analysed(self):
        # Deeper than Python's recursion limit: ast.walk does not recurse.
        facts = analyse("import time\nx = " + "+".join(["time.time()"] * 1500) + "\n")
        self.assertEqual(len(facts["calls"]), 1000)  # capped
        self.assertEqual(facts["dropped"], 500)

    def test_names_bound_from_each_other_stay_bounded(self):
        # Each round doubles what a and b may stand for: m.f.g.h.g..., m.f.h.g.h...
        facts = analyse("import m\na = m.f()\nb = a.g()\nb = a.h()\na = b.g()\na = b.h()\n"
                        "a.close()\n")
        closes = [f for f in facts["calls"] if f["line"] == 7]
        self.assertEqual(len(closes), 32)  # what `a` stands for, capped
        self.assertIn(("m.f", 2), named(facts, "calls"))

    def test_what_compile_refuses_is_a_syntax_error(self):
        facts = analyse("x = " + "+".join(["1"] * 20000) + "\n")
        self.assertEqual(facts["syntax_error"]["line"], 0)
        self.assertIn("RecursionError", facts["syntax_error"]["message"])


class Notebooks(unittest.TestCase):
    def test_cells_share_their_names_and_keep_their_numbers(self):
        facts = analyse(cells=[[2, "import threading\nlock = threading.Lock()\n"],
                               [5, "with lock:\n    await work()\n"]])  # top-level await
        self.assertEqual(facts["with"], [{"line": 1, "cell": 5, "name": "threading.Lock"}])
        self.assertEqual(facts["imports"], [{"line": 1, "cell": 2, "name": "threading"}])

    def test_a_syntax_error_names_its_cell(self):
        facts = analyse(cells=[[1, "x = 1\n"], [3, "for\n"]])
        self.assertEqual(facts["syntax_error"]["cell"], 3)
        self.assertEqual(facts["syntax_error"]["line"], 1)


class BuiltIn(unittest.TestCase):
    def test_the_text_survives_configure_file_and_the_raw_string(self):
        text = SCRIPT.read_text(encoding="utf-8")
        self.assertNotIn("@", text)
        self.assertNotIn(')grade_facts"', text)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        SCRIPT = Path(sys.argv.pop(1))
    unittest.main()

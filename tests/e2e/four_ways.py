"""A report as a student sees it four ways: 80 and 120 columns, on a pipe (COLUMNS says the
width) and on a pseudo-terminal of that width (COLUMNS unset, the terminal says it).

Drivers of the student-facing feedback import it beside harness.py:

    for shown in four_ways(suite, [grade, "ex1", "ex1.py"], cwd=folder, env=env):
        suite.expect("is your program's own PID" in flat(shown.text), f"{shown}: ...",
                     shown.outcome)
        expect_fits(suite, shown)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness import Outcome, Suite, run, run_on_terminal

WIDTHS = (80, 120)


@dataclass
class Shown:
    columns: int
    terminal: bool
    outcome: Outcome

    @property
    def text(self) -> str:
        """What was shown: stdout and stderr together (a terminal shows both)."""
        return self.outcome.stdout + self.outcome.stderr

    def __str__(self) -> str:
        return f"{'terminal' if self.terminal else 'pipe'}, {self.columns} columns"


def four_ways(suite: Suite, argv: list, *, cwd, env: dict, timeout: float = 60) -> list[Shown]:
    shown = []
    for columns in WIDTHS:
        piped = dict(env, COLUMNS=str(columns))
        shown.append(Shown(columns, False, run(argv, cwd=cwd, env=piped, timeout=timeout,
                                               env_note=f"COLUMNS={columns}")))
        bare = {k: v for k, v in env.items() if k != "COLUMNS"}
        shown.append(Shown(columns, True, run_on_terminal(argv, env=bare, cwd=cwd,
                                                          columns=columns, timeout=timeout,
                                                          env_note=f"{columns} columns")))
    return shown


def flat(text: str) -> str:
    """Text with every run of white space (line breaks and the indent after them included)
    made one space, so that a sentence can be found however it was wrapped."""
    return re.sub(r"\s+", " ", re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text))


def too_wide(shown: Shown) -> list[str]:
    """The report's lines wider than the width, except the program's own output quoted after
    '| ' (kept as it was printed) and lines without a space to break at."""
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", shown.text)
    return [line for line in plain.splitlines()
            if len(line) > shown.columns and not line.lstrip().startswith("|")
            and " " in line.strip()]


def expect_fits(suite: Suite, shown: Shown) -> bool:
    wide = too_wide(shown)
    return suite.expect(not wide, f"{shown}: every line fits in {shown.columns} columns",
                        shown.outcome, "\n".join(wide[:5]))

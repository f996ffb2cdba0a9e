#!/usr/bin/env python3
"""Writes the notebook variants of the Python starter files and reference solutions.

templates/python/exN.py and solutions/python/exN.py are the one source; the notebooks
templates/notebook/exN.ipynb and solutions/notebook/exN.ipynb are made from them:
- the module docstring becomes the first cell, a markdown cell headed by its first line;
- each `# %%` section becomes a code cell, each `# %% [markdown]` section a markdown cell
  made of its `# `-prefixed lines. Other text on a `# %%` line is a note for readers of the
  .py file (a title, a hint about cells) and stays out of the notebook;
- the last section must be the `if __name__ == "__main__":` guard; the notebook calls main()
  directly instead (see notebook_entry).
The output is deterministic (cell ids "ex1-cell-3" count every cell from 1, as grade does;
no outputs, no execution counts), so regenerating gives the same bytes.

Needs nbformat (Debian: python3-nbformat). Run with /usr/bin/python3.

Usage: make_notebooks.py [--check] [--source DIR]
  default  write the notebooks
  --check  write nothing; exit 1 naming each notebook that is missing, differs or is stale
"""
import argparse
import ast
import difflib
import io
import re
import sys
import textwrap
import tokenize
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KINDS = ("templates", "solutions")
MARKER = re.compile(r"# %%(?:\s+(?P<note>.*))?")
GUARD = 'if __name__ == "__main__":'
METADATA = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}
DIFF_LINES = 30  # of each differing notebook, in --check


class SourceError(Exception):
    """A .py source that cannot be split into cells; the message names the file and line."""


def marker_lines(text):
    """1-based numbers of the `# %%` lines: comments at column 0, never text inside a string."""
    return {token.start[0]: MARKER.fullmatch(token.string)
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type == tokenize.COMMENT and token.start[1] == 0
            and MARKER.fullmatch(token.string)}


def trimmed(lines):
    """The lines without blank lines at either end."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def split_sections(path, text):
    """The module docstring and the (kind, first line number, lines) of each `# %%` section."""
    tree = ast.parse(text, filename=str(path))
    docstring = ast.get_docstring(tree, clean=True)
    if not docstring:
        raise SourceError(f"{path}: no module docstring (it becomes the notebook's first cell)")
    markers = marker_lines(text)
    lines = text.splitlines()
    sections = []
    for number in range(tree.body[0].end_lineno + 1, len(lines) + 1):
        line = lines[number - 1]
        if number in markers:
            note = (markers[number]["note"] or "").split()
            sections.append(("markdown" if "[markdown]" in note else "code", number, []))
        elif sections:
            sections[-1][2].append(line)
        elif line.strip():
            raise SourceError(f"{path}, line {number}: code before the first `# %%` line")
    if not sections:
        raise SourceError(f"{path}: no `# %%` line, so no code cell")
    return docstring, [(kind, number, trimmed(body)) for kind, number, body in sections]


def markdown_text(path, number, lines):
    """A `# %% [markdown]` section without its comment prefixes."""
    text = []
    for offset, line in enumerate(lines, start=1):
        if line != "#" and not line.startswith("# "):
            raise SourceError(f"{path}, line {number + offset}: a markdown cell has only "
                              f"lines starting with '# ' (or a lone '#')")
        text.append(line[2:])
    return "\n".join(text)


def notebook_entry(path, number, lines):
    """The last code cell of the notebook: main() called directly, not through the guard.

    A script needs the guard because a new process may import the script's file again (the
    spawn and forkserver start methods) and must not start processes of its own then. A
    notebook's cells run in the kernel's __main__, which no other process imports, so the
    guard protects nothing there and only puzzles a notebook user, who runs a cell to call
    main(). The comment lines directly above the guard explain the guard and go with it.
    """
    at = lines.index(GUARD) if GUARD in lines else None
    if (at is None or any(not line.startswith("#") for line in lines[:at])
            or any(line.strip() and not line[0].isspace() for line in lines[at + 1:])):
        raise SourceError(f"{path}, line {number}: the last cell must be only the `{GUARD}` "
                          f"guard (comment lines above it allowed)")
    return textwrap.dedent("\n".join(lines[at + 1:])).strip("\n")


def heading(docstring):
    """The docstring as markdown: its summary line becomes the notebook's title."""
    title, _, rest = docstring.partition("\n")
    return f"# {title.strip().rstrip('.')}" + (f"\n{rest}" if rest else "")


def make_notebook(path):
    """The notebook made from the .py file at path, as the bytes to write."""
    exercise = path.stem
    docstring, sections = split_sections(path, path.read_text(encoding="utf-8"))
    sources = [("markdown", heading(docstring))]
    for kind, number, lines in sections[:-1]:
        if not lines:
            raise SourceError(f"{path}, line {number}: an empty cell")
        text = markdown_text(path, number, lines) if kind == "markdown" else "\n".join(lines)
        sources.append((kind, text))
    last_kind, last_number, last_lines = sections[-1]
    if last_kind != "code":
        raise SourceError(f"{path}, line {last_number}: the last cell must be the `{GUARD}` guard")
    sources.append(("code", notebook_entry(path, last_number, last_lines)))

    notebook = new_notebook(metadata=nbformat.from_dict(METADATA))
    for index, (kind, text) in enumerate(sources, start=1):
        make_cell = new_markdown_cell if kind == "markdown" else new_code_cell
        notebook.cells.append(make_cell(text, id=f"{exercise}-cell-{index}"))
    nbformat.validate(notebook)
    text = nbformat.writes(notebook)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def expected_notebooks(source):
    """{notebook path: bytes} for every .py file of templates/python and solutions/python."""
    notebooks = {}
    for kind in KINDS:
        for script in sorted((source / kind / "python").glob("*.py")):
            notebooks[source / kind / "notebook" / f"{script.stem}.ipynb"] = make_notebook(script)
    return notebooks


def differences(source, notebooks):
    """What --check reports: one entry per notebook that is missing, differs or is stale."""
    found = []
    for path, wanted in notebooks.items():
        name = path.relative_to(source)
        if not path.is_file():
            found.append(f"{name}: missing")
            continue
        actual = path.read_bytes()
        if actual == wanted:
            continue
        diff = list(difflib.unified_diff(
            actual.decode("utf-8", errors="replace").splitlines(),
            wanted.decode("utf-8").splitlines(),
            f"{name} (committed)", f"{name} (made from the .py file)", lineterm=""))
        more = f"\n    ... {len(diff) - DIFF_LINES} more diff lines" if len(diff) > DIFF_LINES else ""
        found.append(f"{name}: differs\n" + "\n".join("    " + line for line in diff[:DIFF_LINES])
                     + more)
    for kind in KINDS:
        for path in sorted((source / kind / "notebook").glob("*.ipynb")):
            if path not in notebooks:
                found.append(f"{path.relative_to(source)}: stale (no {kind}/python/{path.stem}.py)")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a committed notebook is not up to date")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository (default: the one this file is in)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    try:
        notebooks = expected_notebooks(source)
    except (SourceError, SyntaxError) as error:
        print(f"make_notebooks: {error}", file=sys.stderr)
        return 2
    if args.check:
        found = differences(source, notebooks)
        if found:
            print(f"{len(found)} notebook(s) out of sync with their .py source:")
            print("\n".join("  " + entry for entry in found))
            print("Regenerate them with /usr/bin/python3 tests/tools/make_notebooks.py"
                  " (a stale notebook is deleted by hand)")
            return 1
        print(f"{len(notebooks)} notebooks in sync with their .py source")
        return 0
    for path, content in notebooks.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
            print(f"wrote {path.relative_to(source)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

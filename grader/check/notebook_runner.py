# The runner of a Jupyter notebook graded as a program (docs/notebooks.md). grade writes this
# text, then the notebook's code cells as a table, into <stem>.py: the cells run in order in
# this module's namespace, as Jupyter's "Run All" runs them in the kernel's, and every position
# in a traceback reads "cell 3, line 2" (cells counted from the top of the notebook, markdown
# included; lines within the cell).
#
# Everything lives in one name, _grade_nb, so the notebook's namespace looks as it does in
# Jupyter. Under the spawn and forkserver start methods, a child process imports this file as
# __mp_main__ without running the cells, so functions defined in cells are not found there,
# as in Jupyter.


def _grade_notebook():
    import linecache
    import re
    import sys
    import traceback
    import types

    runner_file = sys._getframe().f_code.co_filename
    cell_position = re.compile(r'File "cell (\d+)", line (\d+)')

    def positions(text):
        return cell_position.sub(lambda m: f"cell {m[1]}, line {m[2]}", text)

    # Every traceback printed through the traceback module (a multiprocessing child's, one
    # printed by the program itself) names cells the same way.
    print_exception = traceback.print_exception

    def print_with_positions(*args, file=None, **kwargs):
        import io

        text = io.StringIO()
        print_exception(*args, file=text, **kwargs)
        (sys.stderr if file is None else file).write(positions(text.getvalue()))

    traceback.print_exception = print_with_positions

    def thread_excepthook(args):
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        text = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        sys.stderr.write(f"Exception in thread {name}:\n{positions(text)}")
        sys.stderr.flush()

    def students_frames(summary):
        # The traceback starts at the cell, and keeps no frame of the runner: its frames, and
        # asyncio's for a cell that awaits, are not the student's.
        frames = list(summary)
        cells = [i for i, f in enumerate(frames) if f.filename.startswith("cell ")]
        frames = [f for f in (frames[cells[0]:] if cells else frames)
                  if f.filename != runner_file]
        # A compound one-liner under %time runs from a string with the same place as its
        # line: the line's own frame, just above, would show it twice. (Only there: frames of
        # a recursion share their place too.)
        frames = [f for f, below in zip(frames, frames[1:] + [None])
                  if below is None or (f.filename, f.lineno) != (below.filename, below.lineno)
                  or not (f.line or "").startswith("%")]
        return traceback.StackSummary.from_list(frames)

    def report(error):
        sys.stdout.flush()
        if isinstance(error, CellError):
            text = f"{error}\n"
        else:
            shown = traceback.TracebackException(type(error), error, error.__traceback__)
            part, seen = shown, set()
            while part is not None and id(part) not in seen:
                seen.add(id(part))
                part.stack = students_frames(part.stack)
                part = part.__cause__ or part.__context__
            text = "".join(shown.format())
        sys.stderr.write(positions(text))
        sys.stderr.flush()

    class CellError(Exception):
        """A cell that cannot run, told in one line that names it; no traceback."""

    def magic_statement(statement, number, line):
        """A timing magic's statement compiled at its place in the cell; (code, mode)."""
        import ast

        source = "\n" * (line - 1) + statement
        label = f"cell {number}"
        written = linecache.cache.get(label)  # the cell as written, put there by compile_cell
        written = None if written is None else "".join(written[2])
        for mode in ("eval", "exec"):
            try:
                tree = compile(source, label, mode, ast.PyCF_ONLY_AST)
                break
            except SyntaxError as error:
                if mode == "exec":
                    raise as_written(error, written) from None
        # Columns as in the written line ("%time for ..."), for a traceback's ^ markers.
        lines = (written or "").split("\n")
        shift = lines[line - 1].find(statement) if line <= len(lines) else -1
        for node in ast.walk(tree):
            if shift > 0 and getattr(node, "lineno", None) == line:
                node.col_offset += shift
                if node.end_lineno == line and node.end_col_offset is not None:
                    node.end_col_offset += shift
        return compile(tree, label, mode), mode

    def format_time(seconds):
        # As IPython writes times: three significant digits in s, ms, us or ns.
        import math

        units, scale = ["s", "ms", "\u00b5s", "ns"], [1, 1e3, 1e6, 1e9]
        order = min(-int(math.floor(math.log10(seconds)) // 3), 3) if seconds > 0 else 3
        return "%.*g %s" % (3, seconds * scale[order], units[order])

    class Clock:
        """What %time and %timeit print after their statement or cell has run once."""

        def __init__(self):
            import resource
            import time

            self.usage = lambda: resource.getrusage(resource.RUSAGE_SELF)
            self.time = time
            self.cpu, self.wall = self.usage(), time.perf_counter()

        def elapsed(self):
            return self.time.perf_counter() - self.wall

        def print_time(self):
            wall, now = self.elapsed(), self.usage()
            user, system = now.ru_utime - self.cpu.ru_utime, now.ru_stime - self.cpu.ru_stime
            print(
                f"CPU times: user {format_time(user)}, sys: {format_time(system)}, "
                f"total: {format_time(user + system)}"
            )
            print(f"Wall time: {format_time(wall)}")

        def print_timeit(self):
            # Once, not IPython's many loops: a loop of a cell that starts processes would
            # multiply its output; the grading repeats whole runs instead.
            wall = self.elapsed()
            print(f"{format_time(wall)} \u00b1 0 ns per loop (mean \u00b1 std. dev. of 1 run, 1 loop each)")
            return types.SimpleNamespace(
                loops=1, repeat=1, best=wall, worst=wall, average=wall, stdev=0.0,
                all_runs=[wall], timings=[wall], compile_time=0.0,
            )

    def ends_quietly(source):
        # A last expression followed by ";" is not displayed, as in Jupyter.
        import io
        import tokenize

        skip = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.INDENT,
                tokenize.DEDENT, tokenize.ENDMARKER}
        last = None
        try:
            for token in tokenize.generate_tokens(io.StringIO(source).readline):
                if token.type not in skip:
                    last = token
        except (tokenize.TokenError, SyntaxError):
            return False
        return last is not None and last.string == ";"

    def changed_lines(source, shown):
        """{line: (as run, as written)} of the lines a magic became Python."""
        return {
            number: (ran, written)
            for number, (ran, written) in enumerate(
                zip(source.split("\n"), shown.split("\n")), start=1)
            if ran != written
        }

    def as_written(error, shown):
        # A syntax error on a line a magic became shows the line as the student wrote it,
        # without a caret that would point into the translation.
        lines = [] if shown is None else shown.split("\n")
        if error.lineno is not None and 0 < error.lineno <= len(lines):
            written = lines[error.lineno - 1]
            if (error.text or "").rstrip("\n") != written:
                error.text, error.offset, error.end_offset = written, None, None
        return error

    def realign(tree, source, shown):
        # Code on a line a magic became ("%time f()") spans the whole written line: a
        # traceback then shows the student's line without ^ markers that would point into
        # the translation.
        import ast

        widths = {
            number: len(written.encode())
            for number, (_, written) in changed_lines(source, shown).items()
        }
        for node in ast.walk(tree):
            width = widths.get(getattr(node, "lineno", None))
            if width is not None:
                node.col_offset = 0
                if node.end_lineno == node.lineno:
                    node.end_col_offset = width

    last_value = "_grade_last_value"  # where a cell leaves its last expression's value

    def compile_cell(number, source, shown=None):
        """The cell as one code object; its last expression, if shown, is kept in last_value.

        `shown` is the cell as the student wrote it (magics and all), for tracebacks.
        """
        import ast

        label = f"cell {number}"
        text = source if shown is None else shown
        # Lines split at "\n" alone, as Python counts them (splitlines() would split at
        # U+2028 too), and each ends with "\n", as linecache's own do: tracebacks place ^
        # markers by it.
        lines = [line + "\n" for line in text.split("\n")]
        linecache.cache[label] = (len(text), None, lines, label)
        try:
            tree = compile(
                source, label, "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
            )
        except SyntaxError as error:
            raise as_written(error, shown) from None
        if shown is not None:
            realign(tree, source, shown)
        check_magic_statements(tree)
        shown_last = last_expression(tree.body)
        if shown_last is not None and not ends_quietly(source):
            body, last = shown_last
            target = ast.Name(id=last_value, ctx=ast.Store())
            body[-1] = ast.copy_location(ast.Assign(targets=[target], value=last.value), last)
            ast.fix_missing_locations(tree)
        return compile(tree, label, "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)

    def event_loop():
        # The thread's current loop if a cell made one (asyncio.ensure_future does), so that
        # its tasks run when a later cell awaits them; else a new one.
        import asyncio

        try:
            return asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            asyncio.set_event_loop(asyncio.new_event_loop())
            return asyncio.get_event_loop_policy().get_event_loop()

    def is_call_of(node, name):
        """Whether `node` calls _grade_nb.<name>."""
        import ast

        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == name and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "_grade_nb")

    def last_expression(body):
        """(the list, the Expr) whose value Jupyter shows: the cell's last statement, or the
        statement `%time expr` became when it is last; None when there is none."""
        import ast

        last = body[-1] if body else None
        if isinstance(last, ast.Expr):
            return body, last
        if (isinstance(last, ast.With) and len(last.items) == 1 and len(last.body) == 1
                and isinstance(last.body[0], ast.Expr)
                and is_call_of(last.items[0].context_expr, "timing")
                and not any(k.arg == "timeit" and getattr(k.value, "value", False)
                            for k in last.items[0].context_expr.keywords)):
            return last.body, last.body[0]
        return None

    def check_magic_statements(tree):
        # A compound one-liner under %time runs from a string; its syntax is checked here, so
        # that the build reports it where the student wrote it.
        import ast

        for node in ast.walk(tree):
            if is_call_of(node, "time") and len(node.args) >= 3 and all(
                    isinstance(a, ast.Constant) for a in node.args[:3]):
                magic_statement(*(a.value for a in node.args[:3]))

    loop = []  # the one event loop of the cells that await, made when the first does

    def evaluate(code, namespace):
        """Runs a cell; one with a top-level await runs in one event loop kept for all of
        them, as the kernel's is."""
        import inspect

        namespace.pop(last_value, None)
        result = eval(code, namespace)
        if code.co_flags & inspect.CO_COROUTINE:
            if not loop:
                loop.append(event_loop())
            loop[0].run_until_complete(result)
        return namespace.pop(last_value, None)

    class Timing:
        """`with _grade_nb.timing(): statement` is what %time and %timeit become."""

        def __init__(self, timeit):
            self.timeit, self.result = timeit, types.SimpleNamespace()

        def __enter__(self):
            self.clock = Clock()
            return self.result

        def __exit__(self, kind, error, trace):
            if kind is None and self.timeit:
                self.result.__dict__.update(vars(self.clock.print_timeit()))
            elif kind is None:
                self.clock.print_time()
            return False

    class Notebook:
        def timing(self, timeit=False):
            return Timing(timeit)

        def time(self, statement, number, line, timeit=False):
            """%time / %timeit: the statement runs once in the caller's namespace."""
            caller = sys._getframe(1)
            code, mode = magic_statement(statement, number, line)
            clock = Clock()
            value = eval(code, caller.f_globals, caller.f_locals)
            if timeit:
                return clock.print_timeit()
            clock.print_time()
            return value if mode == "eval" else None

        def env(self, argument):
            """%env: sets a variable (NAME=value or NAME value), or shows one or all."""
            import os

            name, _, value = argument.strip().partition("=")
            if not _:
                name, _, value = argument.strip().partition(" ")
            name, value = name.strip(), value.strip()
            if _:
                os.environ[name] = value
                print(f"env: {name}={value}")
            elif name:
                return os.environ.get(name)
            else:
                return dict(os.environ)

        def check(self, cells):
            """The build step: every cell's syntax error, as "cell 3, line 2"."""
            failed = False
            for number, kind, source, _, shown in cells:
                if kind == "writefile":
                    continue  # a file's text, not code
                try:
                    compile_cell(number, source, shown)
                except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
                    text = "".join(traceback.format_exception_only(type(error), error))
                    if not isinstance(error, SyntaxError):
                        # Null bytes, or code nested too deeply for the compiler.
                        text = f"cell {number}: the cell cannot be compiled: {text}"
                    sys.stderr.write(positions(text))
                    failed = True
            return 1 if failed else 0

        def run_code(self, number, source, shown, namespace):
            """The cell's value: that of its last expression, which Jupyter shows."""
            return evaluate(compile_cell(number, source, shown), namespace)

        def capture(self, number, source, shown, namespace, argument):
            """%%capture [--no-stdout] [--no-stderr] [name]: the cell's output is kept from
            the screen, as in Jupyter."""
            import contextlib
            import io

            words = argument.split()
            name = next((w for w in words if not w.startswith("--")), "")
            out = sys.stdout if "--no-stdout" in words else io.StringIO()
            err = sys.stderr if "--no-stderr" in words else io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                value = self.run_code(number, source, shown, namespace)
                if value is not None:
                    print(repr(value))

            def kept(stream):
                return stream.getvalue() if isinstance(stream, io.StringIO) else ""

            def show():
                sys.stdout.write(kept(out))
                sys.stderr.write(kept(err))

            if name:
                namespace[name] = types.SimpleNamespace(
                    stdout=kept(out), stderr=kept(err), outputs=[], show=show
                )

        def write_file(self, number, source, argument):
            """%%writefile [-a] name: the cell's text (after its first line) into a file."""
            append = argument.startswith("-a ") or argument.startswith("--append ")
            name = argument.split(None, 1)[1] if append else argument
            name = name.strip().strip("'\"")
            import os

            exists = os.path.exists(name)
            try:
                with open(name, "a" if append else "w", encoding="utf-8") as f:
                    f.write(source.split("\n", 1)[1] if "\n" in source else "")
            except OSError as error:
                raise CellError(f"cell {number}, line 1: %%writefile cannot write {name}: "
                                f"{error.strerror}") from None
            verb = "Appending to" if append else ("Overwriting" if exists else "Writing")
            print(f"{verb} {name}")

        def run_cell(self, cell, namespace):
            number, kind, source, argument, shown = cell
            if kind == "writefile":
                return self.write_file(number, source, argument)
            if kind == "capture":
                return self.capture(number, source, shown, namespace, argument)
            clock = Clock()
            value = self.run_code(number, source, shown, namespace)
            if kind == "timeit":
                clock.print_timeit()
            elif kind == "time":
                clock.print_time()
            if value is not None:
                print(repr(value))

        def run(self, cells):
            namespace = sys.modules["__main__"].__dict__
            for cell in cells:
                try:
                    self.run_cell(cell, namespace)
                except SystemExit:
                    raise
                except BaseException as error:
                    # As "Run All" does: the notebook stops at the first cell that fails.
                    report(error)
                    return 1
            return 0

        def main(self, cells):
            import threading

            threading.excepthook = thread_excepthook
            if sys.argv[1:] == ["--compile-only"]:
                sys.exit(self.check(cells))
            del sys.argv[1:]
            status = self.run(cells)
            if status:
                sys.exit(status)

    def display(*values, **options):
        """Jupyter's display(): a plain program shows each value's repr."""
        for value in values:
            print(repr(value))

    def quiet_clear_output(wait=False):
        """Jupyter's clear_output() erases the cell's output; in a program it prints nothing."""

    class IPythonPatch:
        """Where IPython is installed, its display() and clear_output() outside a kernel print
        str() and terminal escapes ('\\033[2K\\r') that no notebook shows: once the module that
        defines them is imported (by the notebook, when it does), they become the stand-ins."""

        modules = ("IPython.core.display_functions", "IPython.core.display")

        def find_spec(self, name, path, target=None):
            if name not in self.modules:
                return None
            import importlib.machinery

            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is not None and spec.loader is not None:
                run_module = spec.loader.exec_module

                def exec_module(module):
                    run_module(module)
                    stand_ins = {"display": display, "clear_output": quiet_clear_output}
                    for attr, stand_in in stand_ins.items():
                        if callable(getattr(module, attr, None)):
                            setattr(module, attr, stand_in)

                spec.loader.exec_module = exec_module
            return spec

    def ipython_stand_in():
        # `from IPython.display import display, clear_output`, common in notebooks, works
        # where IPython is not installed: display() shows a repr, clear_output() does nothing.
        import importlib.util

        if importlib.util.find_spec("IPython") is not None:
            sys.meta_path.insert(0, IPythonPatch())
            return
        ipython, shown = types.ModuleType("IPython"), types.ModuleType("IPython.display")
        shown.display, shown.clear_output = display, quiet_clear_output
        ipython.display = shown
        sys.modules.update({"IPython": ipython, "IPython.display": shown})

    ipython_stand_in()
    notebook = Notebook()
    notebook.display = display
    return notebook


_grade_nb = _grade_notebook()
del _grade_notebook
display = _grade_nb.display
__doc__ = None

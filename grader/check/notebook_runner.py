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

    def report(error):
        # The runner's own frames are left out: the student's start at the cell.
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == runner_file:
            tb = tb.tb_next
        text = "".join(traceback.format_exception(type(error), error, tb))
        sys.stdout.flush()
        sys.stderr.write(positions(text))
        sys.stderr.flush()

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

    def compile_cell(number, source):
        import ast

        label = f"cell {number}"
        linecache.cache[label] = (len(source), None, source.splitlines(True), label)
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        tree = compile(source, label, "exec", ast.PyCF_ONLY_AST | flags)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not ends_quietly(source):
            last = compile(ast.Expression(tree.body.pop().value), label, "eval", flags)
        return compile(tree, label, "exec", flags), last

    def evaluate(code, namespace):
        import inspect

        value = eval(code, namespace)
        if code.co_flags & inspect.CO_COROUTINE:
            import asyncio

            value = asyncio.run(value)
        return value

    class Notebook:
        def time(self, statement, number, line, timeit=False):
            """%time / %timeit: the statement runs once in the caller's namespace."""
            caller = sys._getframe(1)
            source = "\n" * (line - 1) + statement
            label = f"cell {number}"
            try:
                code, mode = compile(source, label, "eval"), "eval"
            except SyntaxError:
                code, mode = compile(source, label, "exec"), "exec"
            clock = Clock()
            value = eval(code, caller.f_globals, caller.f_locals)
            if timeit:
                return clock.print_timeit()
            clock.print_time()
            return value if mode == "eval" else None

        def check(self, cells):
            """The build step: every cell's syntax error, as "cell 3, line 2"."""
            failed = False
            for number, _, source in cells:
                try:
                    compile_cell(number, source)
                except (SyntaxError, ValueError) as error:
                    text = "".join(traceback.format_exception_only(type(error), error))
                    if isinstance(error, ValueError):
                        text = f"cell {number}: {text}"
                    sys.stderr.write(positions(text))
                    failed = True
            return 1 if failed else 0

        def run(self, cells):
            namespace = sys.modules["__main__"].__dict__
            for number, kind, source in cells:
                try:
                    code, last = compile_cell(number, source)
                    clock = Clock()
                    evaluate(code, namespace)
                    value = None if last is None else evaluate(last, namespace)
                    if kind == "timeit":
                        clock.print_timeit()
                    elif kind == "time":
                        clock.print_time()
                    if value is not None:
                        print(repr(value))
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

    return Notebook()


def display(*values, **options):
    """Jupyter's display(): a plain program shows each value's repr."""
    for value in values:
        print(repr(value))


_grade_nb = _grade_notebook()
del _grade_notebook
__doc__ = None

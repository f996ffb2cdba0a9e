# What a Python program is made of, for the grader's `source` checks: the facts Python's own
# ast module gives, printed as one JSON object. The grader decides the checks (check/
# source_facts.h); this script only reads. It runs in a run's sandbox, like the build step.
#
#   python3 -I -S source_facts.py --file ex1.py      a program
#   python3 -I -S source_facts.py --cells cells.json  a notebook's code cells, as
#                                                     [[cell number, Python source], ...]
#
# Names are resolved through imports, flow-insensitively (a binding anywhere counts
# everywhere): `import threading as t; t.Lock()` and `from threading import Lock as L; L()`
# are calls of threading.Lock; a name or attribute (self.lock) bound to the result of such a
# call makes its methods calls of threading.Lock.acquire and a `with` over it a with of
# threading.Lock. Nodes are visited by ast.walk, which does not recurse: a deeply nested
# expression that compiles is analysed too.
import ast
import json
import sys

MAX_FACTS = 1000  # per kind: more says nothing more to a check, and keeps the output small
MAX_NAME = 256  # longer dotted names are no module's; they are counted as dropped
# What one name may stand for: names assigned from each other's methods (a = b.f(); b = a.g())
# would otherwise make ever more and longer names, round after round.
MAX_KINDS = 32


def dotted(node):
    """The dotted text of a Name or an Attribute chain over a Name ("self.lock"), else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class Facts:
    def __init__(self, units):
        self.units = units  # [(cell or None, module)]
        self.aliases = {}  # local name -> dotted name it stands for
        self.bound = {}  # dotted text ("lock", "self.lock") -> set of resolved call names
        self.out = {"imports": [], "calls": [], "with": [], "main_guard": []}
        self.dropped = 0

    def add(self, kind, cell, node, name=None):
        if len(self.out[kind]) >= MAX_FACTS or (name is not None and len(name) > MAX_NAME):
            self.dropped += 1
            return
        fact = {"line": node.lineno}
        if cell is not None:
            fact["cell"] = cell
        if name is not None:
            fact["name"] = name
        self.out[kind].append(fact)

    def nodes(self):
        for cell, module in self.units:
            for node in ast.walk(module):
                yield cell, node

    def read_imports(self):
        for cell, node in self.nodes():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.add("imports", cell, node, alias.name)
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:  # import a.b binds a; a.b.f resolves as written
                        top = alias.name.split(".")[0]
                        self.aliases[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                self.add("imports", cell, node, node.module)
                for alias in node.names:
                    if alias.name != "*":
                        self.aliases[alias.asname or alias.name] = node.module + "." + alias.name

    def resolve(self, node):
        """The names an expression stands for: through the aliases, or a bound value's type."""
        text = dotted(node)
        if text is None:
            if isinstance(node, ast.Call):  # the result of a call: threading.Lock()
                return self.resolve_call(node)
            if isinstance(node, ast.Attribute):  # a method of a result: Pool().map
                return {kind + "." + node.attr for kind in self.resolve(node.value)}
            return set()
        if text in self.bound:
            return set(self.bound[text])
        head, _, rest = text.partition(".")
        if head in self.aliases:
            return {self.aliases[head] + ("." + rest if rest else "")}
        # a method of a bound value: lock.acquire, self.pool.map
        owner, _, method = text.rpartition(".")
        if owner in self.bound:
            return {kind + "." + method for kind in self.bound[owner]}
        return set()

    def resolve_call(self, call):
        return self.resolve(call.func)

    def bind(self, target, names):
        targets = [target]
        while targets:
            t = targets.pop()
            if isinstance(t, (ast.Tuple, ast.List)):
                continue  # unpacked values are not the call's result
            text = dotted(t)
            names = {n for n in names if len(n) <= MAX_NAME}
            if text is not None and names:
                known = self.bound.setdefault(text, set())
                for name in sorted(names - known)[:MAX_KINDS - len(known)]:
                    known.add(name)
                    self.changed = True

    def read_bindings(self):
        # Until nothing changes: q = ctx.Queue() needs ctx bound first, wherever it is written.
        self.changed = True
        rounds = 0
        while self.changed and rounds < 10:
            self.changed = False
            rounds += 1
            for _, node in self.nodes():
                if isinstance(node, ast.Assign):
                    self.bind_value(node.targets, node.value)
                elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                    self.bind_value([node.target], node.value)
                elif isinstance(node, (ast.With, ast.AsyncWith)):
                    for item in node.items:
                        if item.optional_vars is not None:
                            # with Pool() as p: Pool's __enter__ gives the pool itself
                            self.bind(item.optional_vars, self.resolve(item.context_expr))

    def bind_value(self, targets, value):
        for target in targets:
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
                for t, v in zip(target.elts, value.elts):
                    if isinstance(v, ast.Call):
                        self.bind(t, self.resolve_call(v))
            elif isinstance(value, ast.Call):
                self.bind(target, self.resolve_call(value))

    def read_uses(self):
        for cell, node in self.nodes():
            if isinstance(node, ast.Call):
                for name in sorted(self.resolve_call(node)):
                    self.add("calls", cell, node, name)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    for name in sorted(self.resolve(item.context_expr)):
                        self.add("with", cell, item.context_expr, name)

    def read_main_guards(self):
        for cell, module in self.units:
            for node in module.body:
                if isinstance(node, ast.If) and is_main_test(node.test):
                    self.add("main_guard", cell, node)

    def result(self):
        self.read_imports()
        self.read_bindings()
        self.read_uses()
        self.read_main_guards()
        self.out["dropped"] = self.dropped
        return self.out


def is_main_test(test):
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    texts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(texts) == 1


# Cells may await at the top level, as IPython allows.
FLAGS = ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)


def syntax_error(cell, line, message):
    fact = {"line": line, "message": message}
    if cell is not None:
        fact["cell"] = cell
    return fact


def parse(units):
    """[(cell, module)], or the first syntax error as a fact."""
    modules = []
    for cell, name, source in units:
        try:
            modules.append((cell, compile(source, name, "exec", flags=FLAGS, dont_inherit=True)))
        except SyntaxError as error:
            return None, syntax_error(cell, error.lineno or 0, error.msg or "invalid syntax")
        except (RecursionError, MemoryError, ValueError) as error:  # what compile() refuses too
            return None, syntax_error(cell, 0, "%s: %s" % (type(error).__name__, error))
    return modules, None


def main(argv):
    if len(argv) != 3 or argv[1] not in ("--file", "--cells"):
        print("usage: source_facts.py --file PROGRAM | --cells CELLS.json", file=sys.stderr)
        return 2
    if argv[1] == "--file":
        with open(argv[2], "rb") as f:
            units = [(None, argv[2], f.read())]
    else:
        with open(argv[2], encoding="utf-8") as f:
            units = [(int(cell), "cell %d" % int(cell), source) for cell, source in json.load(f)]
    modules, error = parse(units)
    if error is not None:
        out = {"syntax_error": error}
    else:
        out = Facts(modules).result()
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

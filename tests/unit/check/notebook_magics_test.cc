// IPython syntax in a code cell, line by line: what runs, what is dropped, what the student
// must change, and what is Python however it looks.
#include "check/notebook_magics.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/contains.h"

namespace grade::check {
namespace {

using testing::contains;

// The Python of a cell that must translate without problems.
std::string python(const std::string& source, int number = 3) {
  const TranslatedCell cell = translate_cell(source, number);
  EXPECT_TRUE(cell.problems.empty()) << source << "\n" << cell.problems.front();
  return cell.python;
}

std::vector<std::string> problems(const std::string& source, int number = 2) {
  return translate_cell(source, number).problems;
}

// The one problem of a one-line cell.
std::string problem(const std::string& source) {
  const std::vector<std::string> found = problems(source);
  EXPECT_EQ(found.size(), 1U) << source;
  return found.empty() ? std::string() : found.front();
}

TEST(TranslateCell, PythonIsLeftAsItIs) {
  const std::string source = "x = 1 % 2\ny = x != 3\nprint(f'{x}%')\n";
  const TranslatedCell cell = translate_cell(source, 1);
  EXPECT_EQ(cell.kind, CellKind::kCode);
  EXPECT_EQ(cell.python, source);
  EXPECT_EQ(python("x = 1"), "x = 1\n");  // every line ends with "\n"
  EXPECT_EQ(python(""), "");
}

TEST(TranslateCell, TimeRunsItsStatementOnceAsCode) {
  // The statement stays code on its line: the build checks its syntax.
  EXPECT_EQ(python("%time f(1)"), "with _grade_nb.timing(timeit=False): f(1)\n");
  EXPECT_EQ(python("a = 1\nx = %time f()", 7),
            "a = 1\nwith _grade_nb.timing(timeit=False): x = f()\n");
  EXPECT_EQ(python("for i in range(2):\n    %time print(\"a\\tb\")\n"),
            "for i in range(2):\n    with _grade_nb.timing(timeit=False): print(\"a\\tb\")\n");
  EXPECT_EQ(python("%time"), "with _grade_nb.timing(timeit=False): pass\n");
}

TEST(TranslateCell, ACompoundOneLinerIsTimedFromAString) {
  // "for ...: f()" cannot follow a `with` on one line; it runs as IPython runs it.
  EXPECT_EQ(python("%time for i in range(3): f(i)"),
            "_grade_nb.time(\"for i in range(3): f(i)\", 3, 1, timeit=False)\n");
  EXPECT_EQ(python("%timeit -n 2 if x: f()"),
            "_grade_nb.time(\"if x: f()\", 3, 1, timeit=True) and None\n");
}

TEST(TranslateCell, TimeitOptionsAreDroppedAndOnlyOGivesAResult) {
  EXPECT_EQ(python("%timeit -n 10 -r 3 -o stmt(1)"),
            "with _grade_nb.timing(timeit=True): stmt(1)\n");
  EXPECT_EQ(python("r = %timeit -o -n10 g()"), "with _grade_nb.timing(timeit=True) as r: g()\n");
  EXPECT_EQ(python("r = %timeit -n 10 -r 3 -q g()"),
            "with _grade_nb.timing(timeit=True): g(); r = None\n");
}

TEST(TranslateCell, CellTimingMagicsTimeTheWholeCell) {
  TranslatedCell cell = translate_cell("%%time\nx = 1\nprint(x)\n", 4);
  EXPECT_EQ(cell.kind, CellKind::kTime);
  EXPECT_EQ(cell.python, "\nx = 1\nprint(x)\n");
  cell = translate_cell("%%timeit\n%time f()\n", 4);
  EXPECT_EQ(cell.kind, CellKind::kTimeit);
  EXPECT_EQ(cell.python, "\nwith _grade_nb.timing(timeit=False): f()\n");
  // What follows %%timeit's options on its line is a setup statement: it runs first.
  cell = translate_cell("%%timeit -n 5 -r 2 import math\nmath.sqrt(2)", 4);
  EXPECT_EQ(cell.kind, CellKind::kTimeit);
  EXPECT_EQ(cell.python, "import math\nmath.sqrt(2)\n");
  // Blank lines may come first, as IPython drops them.
  cell = translate_cell("\n  \n%%time\nx = 1\n", 4);
  EXPECT_EQ(cell.kind, CellKind::kTime);
  EXPECT_TRUE(cell.problems.empty());
  EXPECT_EQ(cell.python, "\n  \n\nx = 1\n");
}

TEST(TranslateCell, CaptureEnvAndWritefile) {
  TranslatedCell cell = translate_cell("%%capture out\nprint(1)\n%time f()\n", 2);
  EXPECT_EQ(cell.kind, CellKind::kCapture);
  EXPECT_EQ(cell.argument, "out");
  EXPECT_EQ(cell.python, "\nprint(1)\nwith _grade_nb.timing(timeit=False): f()\n");
  EXPECT_EQ(translate_cell("%%capture\nx = 1\n", 2).argument, "");
  EXPECT_EQ(translate_cell("%%capture --no-stdout out\nx = 1\n", 2).argument, "--no-stdout out");
  EXPECT_TRUE(contains(problem("%%capture -x\n"), "takes a variable name"));
  // A file's text is not Python: its lines are not read for magics.
  cell = translate_cell("%%writefile -a worker.py\n%not a magic\n!nor this\n", 2);
  EXPECT_EQ(cell.kind, CellKind::kWriteFile);
  EXPECT_EQ(cell.argument, "-a worker.py");
  EXPECT_TRUE(cell.problems.empty());
  EXPECT_EQ(cell.python, "\n%not a magic\n!nor this\n");
  EXPECT_TRUE(contains(problem("%%writefile\n"), "needs the name of the file"));
  EXPECT_EQ(python("%env A=1\nv = %env A"), "_grade_nb.env(\"A=1\")\nv = _grade_nb.env(\"A\")\n");
}

TEST(TranslateCell, IndentedAndPastedCellsAreCleanedUpAsIPythonDoes) {
  EXPECT_EQ(python("  x = 1\n  if x:\n      y = 2\n"), "x = 1\nif x:\n    y = 2\n");
  EXPECT_EQ(python(">>> x = 1\n>>> for i in x:\n...     f(i)\n"), "x = 1\nfor i in x:\n    f(i)\n");
  // Only when the first line has a prompt: ">>>" later is Python's business.
  EXPECT_EQ(python("x = 1\ny = '>>> '\n"), "x = 1\ny = '>>> '\n");
}

TEST(TranslateCell, DisplayMagicsAndHelpBecomePassAtTheirIndentation) {
  EXPECT_EQ(python("%matplotlib inline\nimport math"), "pass\nimport math\n");
  EXPECT_EQ(python("if True:\n    %config InlineBackend.figure_format = 'svg'\n"),
            "if True:\n    pass\n");
  EXPECT_EQ(python("%load_ext autoreload\n%autoreload 2\n"), "pass\npass\n");
  EXPECT_EQ(python("names = %who_ls"), "names = None\n");
  EXPECT_EQ(python("len?\n?len\n  math.sqrt??\nprint()?"), "pass\npass\n  pass\npass\n");
}

TEST(TranslateCell, DisplayCellsRunNothing) {
  for (const char* magic : {"%%html", "%%markdown", "%%latex", "%%javascript", "%%svg"}) {
    // LaTeX comments, and text that would be a shell escape in Python, are not read.
    const TranslatedCell cell =
        translate_cell(std::string(magic) + "\n% a comment\n!important\n", 5);
    EXPECT_EQ(cell.kind, CellKind::kSkip) << magic;
    EXPECT_TRUE(cell.problems.empty()) << magic << ": " << cell.problems.front();
  }
}

TEST(TranslateCell, ShellEscapesAreTheStudentsToRemove) {
  EXPECT_EQ(problem("!pip install numpy"),
            "cell 2, line 1: shell commands (`!pip install`) do not run when the notebook is "
            "graded; install packages before, or remove the line");
  EXPECT_EQ(problem("!!ls -l"),
            "cell 2, line 1: shell commands (`!!ls`) do not run when the notebook is graded; "
            "remove the line, or do the same in Python");
  EXPECT_TRUE(contains(problem("files = !ls *.py"), "cell 2, line 1: shell commands (`!ls`)"));
  EXPECT_TRUE(contains(problem("%pip install numpy"), "(`%pip install numpy`)"));
  EXPECT_TRUE(contains(problem("%pip install numpy"), "install packages before"));
  EXPECT_TRUE(contains(problem("%conda install numpy"), "(`%conda install numpy`)"));
  EXPECT_TRUE(contains(problem("%system ls"), "(`%system ls`)"));
  EXPECT_TRUE(contains(problem("%system ls"), "do the same in Python"));
  // A shell cell is one problem: its script is not read for more.
  for (const std::string magic : {"%%bash", "%%sh", "%%script bash", "%%system", "%%!"}) {
    const std::string shown = magic.substr(0, magic.find(' '));
    EXPECT_TRUE(contains(problem(magic + "\necho hi\n!true\n%foo"),
                         "cell 2, line 1: shell commands (`" + shown + "`) do not run"));
  }
}

TEST(TranslateCell, UnknownMagicsAreTheStudentsToRemove) {
  EXPECT_TRUE(contains(problem("%foo 1"), "cell 2, line 1: `%foo` is a magic that does not run"));
  EXPECT_TRUE(contains(problem("%foo 1"), "remove the line"));
  EXPECT_TRUE(contains(problem("%%prun\nf()\n"), "cell 2, line 1: `%%prun`"));
  EXPECT_EQ(problems("x = 1\n%%time\ny = 2\n%%timeit"),
            (std::vector<std::string>{
                "cell 2, line 2: `%%time` works only on the first line of a cell; move it there "
                "or remove it",
                "cell 2, line 4: `%%timeit` works only on the first line of a cell; move it "
                "there or remove it"}));
}

TEST(TranslateCell, EveryProblemIsNamedByItsLine) {
  const std::vector<std::string> found = problems("import os\n!ls\nx = 1\n  %foo\n!!pwd\n", 9);
  ASSERT_EQ(found.size(), 3U);
  EXPECT_TRUE(contains(found[0], "cell 9, line 2: "));
  EXPECT_TRUE(contains(found[1], "cell 9, line 4: "));
  EXPECT_TRUE(contains(found[2], "cell 9, line 5: "));
}

TEST(TranslateCell, TheNumberOfLinesNeverChanges) {
  for (const std::string source :
       {"%time f()\n!ls\n%%time\n", "%%time\n\n\nx = 1", "%%html\n<b>\n</b>\n", "\n\n\n",
        "len?\n%matplotlib inline\ns = '''\n%time\n'''\n", "%%timeit -n1 a = 1\n%foo\n"}) {
    const TranslatedCell cell = translate_cell(source, 1);
    const auto lines = std::count(source.begin(), source.end(), '\n') + (source.back() != '\n');
    EXPECT_EQ(std::count(cell.python.begin(), cell.python.end(), '\n'), lines) << source;
  }
}

TEST(TranslateCell, LinesInsideTripleQuotedStringsAreText) {
  for (const std::string source :
       {"s = '''\n%time f()\n!ls\n'''\n", "s = \"\"\"\n%foo\n\"\"\"\n",
        "s = \"\"\"say \\\"\"\"\n!ls\n\"\"\"\n",  // an escaped quote does not close
        "s = '''it\\''''\n'''\n%foo\n'''\n",      // nor one before the closing quotes
        "def f():\n    r'''\n    !ls\n    '''\n"}) {
    EXPECT_EQ(python(source), source);
  }
  // After the string closes, lines are statements again.
  EXPECT_EQ(problems("s = '''a\nb'''\n!ls\n").size(), 1U);
}

TEST(TranslateCell, LinesInsideBracketsOrAfterABackslashAreText) {
  for (const std::string source :
       {"x = (1 +\n%time\n)\n", "d = {\n  'a': [\n!b,\n]}\n", "x = 1 + \\\n!ls\n",
        "s = 'a\\\n!b'\n", "f(')',\n%foo)\n", "# (\n"}) {
    EXPECT_EQ(python(source), source);
  }
  EXPECT_EQ(problems("x = (1 +\n 2)\n!ls\n").size(), 1U);
  EXPECT_EQ(problems("x = 1  # \\\n!ls\n").size(),
            1U);  // a backslash in a comment continues nothing
  // A string continued by a backslash closes on the next line; what follows it is Python.
  EXPECT_EQ(problems("s = 'a\\\n(b'\n!ls\n").size(), 1U);
  EXPECT_EQ(python("s = 'a\\\nb'; t = '''\n!ls\n'''\n"), "s = 'a\\\nb'; t = '''\n!ls\n'''\n");
}

}  // namespace
}  // namespace grade::check

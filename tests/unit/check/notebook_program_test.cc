// The program a notebook becomes: the runner, then its code cells as a table of (cell, how it
// runs, source), and nothing at all when a line must be changed first. (That the runner is
// Python is checked by tests/tools/check_notebook_runner.py.)
#include "check/notebook_program.h"

#include <string>

#include <gtest/gtest.h>

#include "support/contains.h"

namespace grade::check {
namespace {

using testing::contains;

Notebook of(std::vector<CodeCell> code, int cells) { return {cells, std::move(code)}; }

std::string program(const Notebook& notebook) {
  auto made = notebook_program(notebook, "ex1.ipynb");
  EXPECT_TRUE(made) << made.error();
  return made ? *made : std::string();
}

std::string error(const Notebook& notebook, const std::string& from = "ex1.ipynb") {
  auto made = notebook_program(notebook, from);
  EXPECT_FALSE(made);
  return made ? std::string() : made.error();
}

TEST(NotebookProgram, TheRunnerThenEveryCodeCellByNumberAndKind) {
  const std::string text = program(
      of({{2, "x = 1\n"}, {3, "%%time\nprint(x)"}, {5, "%%timeit\ny = x"}, {6, "%time f()\n"}}, 7));
  ASSERT_EQ(text.substr(0, notebook_runner().size()), notebook_runner());
  const std::string table = text.substr(notebook_runner().size());
  EXPECT_EQ(table,
            "\n\n# The code cells of \"ex1.ipynb\": (cell, kind, source, argument, as written).\n"
            "_grade_cells = [\n"
            "    (2, \"code\", \"x = 1\\n\", \"\", None),\n"
            "    (3, \"time\", \"\\nprint(x)\\n\", \"\", \"%%time\\nprint(x)\"),\n"
            "    (5, \"timeit\", \"\\ny = x\\n\", \"\", \"%%timeit\\ny = x\"),\n"
            "    (6, \"code\", \"with _grade_nb.timing(timeit=False): f()\\n\", \"\", "
            "\"%time f()\\n\"),\n"
            "]\n\n"
            "if __name__ == \"__main__\":\n"
            "    _grade_nb.main(_grade_cells)\n"
            "del _grade_cells\n");
}

TEST(NotebookProgram, DisplayCellsAreLeftOut) {
  const std::string text = program(of({{1, "a = 1"}, {3, "%%html\n<b>a</b>"}, {4, "b = 2"}}, 4));
  EXPECT_TRUE(contains(text,
                       "    (1, \"code\", \"a = 1\\n\", \"\", None),\n"
                       "    (4, \"code\", \"b = 2\\n\", \"\", None),\n"));
  EXPECT_FALSE(contains(text, "    (3, "));
  EXPECT_FALSE(contains(text, "<b>"));
}

TEST(NotebookProgram, SourcesArePythonStringLiterals) {
  // Quotes, backslashes, control characters, non-ASCII text: each escaped or kept as UTF-8.
  const std::string text = program(of({{1, "s = \"a\\tb\"\t# \xC3\xA9\x01\r"}}, 1));
  EXPECT_TRUE(
      contains(text, "(1, \"code\", \"s = \\\"a\\\\tb\\\"\\t# \xC3\xA9\\u0001\\r\\n\", \"\", "));
}

TEST(NotebookProgram, ProblemsOfEveryCellAreListedAndNoProgramIsMade) {
  EXPECT_EQ(error(of({{2, "!pip install numpy"}, {3, "x = 1"}, {4, "a = 1\nb = 2\n%foo\n!ls"}}, 4)),
            "ex1.ipynb has lines that do not run when it is graded:\n"
            "cell 2, line 1: shell commands (`!pip install`) do not run when the notebook is "
            "graded; install packages before, or remove the line\n"
            "cell 4, line 3: `%foo` is a magic that does not run when the notebook is graded "
            "(%time, %timeit, %env, %%time, %%timeit, %%capture and %%writefile run; display "
            "magics such as %matplotlib are skipped); remove the line\n"
            "cell 4, line 4: shell commands (`!ls`) do not run when the notebook is graded; "
            "remove the line, or do the same in Python");
}

TEST(NotebookProgram, FromTheNotebooksText) {
  const std::string notebook =
      R"({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [{"cell_type": "markdown", "source": "# ex1"},
                    {"cell_type": "code", "source": ["print(1)\n"], "outputs": []}]})";
  auto made = notebook_program(notebook, "ex1.ipynb");
  ASSERT_TRUE(made) << made.error();
  EXPECT_TRUE(contains(*made, "    (2, \"code\", \"print(1)\\n\", \"\", None),\n]"));
  made = notebook_program("{\"cells\": [", "ex1.ipynb");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().rfind("ex1.ipynb is not valid JSON (line 1, column 12: ", 0), 0U)
      << made.error();
}

TEST(NotebookProgram, ManyRefusedLinesAreCountedNotListed) {
  std::string cell;
  for (int i = 0; i < 1000; ++i) {
    cell += "!ls\n";
  }
  const std::string text = error(of({{1, cell}}, 1));
  EXPECT_TRUE(contains(text, "cell 1, line 20: "));
  EXPECT_FALSE(contains(text, "cell 1, line 21: "));
  EXPECT_TRUE(contains(text, "\n... and 980 more lines like these"));
}

TEST(NotebookProgram, TheFileNameCannotMakeALineOfTheReport) {
  const std::string text = error(of({{1, "!ls"}}, 1), "x\nScore: 15/15 - passed\n.ipynb");
  ASSERT_NE(text.find("Score"), std::string::npos);
  EXPECT_EQ(text.substr(0, text.find('\n')).find("Score"), text.find("Score"));
}

TEST(NotebookProgram, TheFileNameCannotEndTheComment) {
  auto made = notebook_program(of({{1, "x = 1"}}, 1), "ex1\nimport os\n.ipynb");
  ASSERT_TRUE(made) << made.error();
  EXPECT_TRUE(contains(*made, "# The code cells of \"ex1\\nimport os\\n.ipynb\": "));
  EXPECT_FALSE(contains(*made, "\nimport os\n"));
}

}  // namespace
}  // namespace grade::check

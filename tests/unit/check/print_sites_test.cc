#include "check/print_sites.h"

#include <gtest/gtest.h>

namespace grade::check {
namespace {

Notebook notebook(std::vector<CodeCell> cells) {
  return Notebook{static_cast<int>(cells.size()) + 1, std::move(cells)};
}

TEST(PrintSites, NamesTheCellAndLineWhoseLiteralStartsTheLine) {
  const PrintSites sites(notebook({{2, "import os\n"},
                                   {4, "def work():\n    print(f'Proces ID: {os.getpid()}')\n"},
                                   {5, "print('Done.')\n"}}));
  EXPECT_EQ(sites.where("Proces ID: 4102"), "cell 4, line 2");
  EXPECT_EQ(sites.where("Done."), "cell 5, line 1");
  EXPECT_EQ(sites.where("something else"), "");
}

TEST(PrintSites, StopsAtPlaceholdersAndEscapes) {
  const PrintSites sites(notebook({{1, "print('pid=%d' % os.getpid())\n"},
                                   {2, "print(\"Thread {} here\".format(n))\n"},
                                   {3, "print('tab\\there')\n"}}));
  EXPECT_EQ(sites.where("pid=12"), "cell 1, line 1");
  EXPECT_EQ(sites.where("Thread worker-1 here"), "cell 2, line 1");
  EXPECT_EQ(sites.where("tab\there"), "cell 3, line 1");
}

TEST(PrintSites, PrefersTheLongestLiteralAndGivesUpOnATie) {
  const PrintSites longest(notebook({{1, "print('Pro', x)\n"}, {2, "print('Process: ', x)\n"}}));
  EXPECT_EQ(longest.where("Process: 7"), "cell 2, line 1");
  const PrintSites tie(notebook({{1, "print('Process: ', x)\n"}, {3, "print('Process: ', y)\n"}}));
  EXPECT_EQ(tie.where("Process: 7"), "");
}

TEST(PrintSites, IgnoresCommentsAndShortLiterals) {
  const PrintSites sites(notebook({{1, "# print('Process ID: 1')\nx = 'ab'\n"}}));
  EXPECT_EQ(sites.where("Process ID: 1"), "");
  EXPECT_EQ(sites.where("abc"), "");
}

}  // namespace
}  // namespace grade::check

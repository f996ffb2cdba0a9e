// Reading a notebook: its code cells and their positions, what of it is ignored, and why a
// file cannot be graded.
#include "check/notebook.h"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/contains.h"

namespace grade::check {
namespace {

using nlohmann::json;
using testing::contains;

json cell(const char* type, json source) {
  return {{"cell_type", type}, {"metadata", json::object()}, {"source", std::move(source)}};
}

json code(json source) {
  json c = cell("code", std::move(source));
  c["outputs"] = json::array();
  c["execution_count"] = nullptr;
  return c;
}

json markdown(json source) { return cell("markdown", std::move(source)); }

// A vector, not a json: a one-element braced list would copy its element instead of making an
// array (clang and GCC choose differently).
json notebook(const std::vector<json>& cells, int minor = 5) {
  return {{"cells", json(cells)},
          {"metadata",
           {{"kernelspec", {{"display_name", "Python 3"}, {"language", "python"}}},
            {"language_info", {{"name", "python"}}}}},
          {"nbformat", 4},
          {"nbformat_minor", minor}};
}

Notebook read(const std::string& text) {
  auto result = read_notebook(text);
  EXPECT_TRUE(result) << result.error();
  return result ? *result : Notebook{};
}

std::string refusal(const std::string& text) {
  auto result = read_notebook(text);
  EXPECT_FALSE(result) << text;
  return result ? std::string() : result.error();
}

TEST(ReadNotebook, Nbformat40SourcesAreStrings) {
  const Notebook nb = read(notebook({code("x = 1\nprint(x)")}, 0).dump());
  EXPECT_EQ(nb.cells, 1);
  ASSERT_EQ(nb.code.size(), 1U);
  EXPECT_EQ(nb.code[0].number, 1);
  EXPECT_EQ(nb.code[0].source, "x = 1\nprint(x)");
}

TEST(ReadNotebook, Nbformat45SourcesAreListsJoinedAsTheyAre) {
  const Notebook nb =
      read(notebook({code({"x = 1\n", "print(", "x)"}), code(json::array())}).dump(1));
  ASSERT_EQ(nb.code.size(), 2U);
  EXPECT_EQ(nb.code[0].source, "x = 1\nprint(x)");
  EXPECT_EQ(nb.code[1].source, "");
}

TEST(ReadNotebook, AByteOrderMarkIsSkipped) {
  const Notebook nb = read("\xEF\xBB\xBF" + notebook({code("pass")}).dump());
  ASSERT_EQ(nb.code.size(), 1U);
  EXPECT_EQ(nb.code[0].source, "pass");
}

TEST(ReadNotebook, CrlfAndALoneCrEndLinesAsNewlineDoes) {
  std::string text = notebook({code("a = 1\r\nb = 2\rc = 3\r\n\r\nd = 4\r")}).dump(1);
  // The file's own line ends are CRLF too, as an editor on Windows saves it.
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 2)) {
    text.insert(at, "\r");
  }
  const Notebook nb = read(text);
  ASSERT_EQ(nb.code.size(), 1U);
  EXPECT_EQ(nb.code[0].source, "a = 1\nb = 2\nc = 3\n\nd = 4\n");
}

TEST(ReadNotebook, MarkdownAndRawCellsAreCountedButNotReturned) {
  const Notebook nb = read(notebook({markdown("# Title"), code("a = 1"), cell("raw", "raw text"),
                                     markdown({"more"}), code({"b = 2\n"})})
                               .dump());
  EXPECT_EQ(nb.cells, 5);
  ASSERT_EQ(nb.code.size(), 2U);
  EXPECT_EQ(nb.code[0].number, 2);
  EXPECT_EQ(nb.code[0].source, "a = 1");
  EXPECT_EQ(nb.code[1].number, 5);
  EXPECT_EQ(nb.code[1].source, "b = 2\n");
}

TEST(ReadNotebook, InvalidJsonIsNamedByLineAndColumn) {
  // Line 3 is `  "nbformat": 4,,`: the second comma, its 17th character, is the error.
  const std::string error = refusal("{\n  \"cells\": [],\n  \"nbformat\": 4,,\n}\n");
  EXPECT_TRUE(contains(error, "is not valid JSON (line 3, column 17: "));
  EXPECT_TRUE(contains(error, "save it again"));
  EXPECT_TRUE(contains(refusal("{\"cells\": [\n"), "line 2, column 1"));
  EXPECT_TRUE(contains(refusal(""), "is not valid JSON"));
}

TEST(ReadNotebook, NotebooksOlderThanNbformat4AreRefused) {
  const std::string worksheets = R"({"metadata": {"name": "ex1"}, "worksheets": [{"cells": []}]})";
  EXPECT_TRUE(contains(refusal(worksheets), "is an old notebook (nbformat 3 or older"));
  const std::string v3 = R"({"nbformat": 3, "nbformat_minor": 0, "worksheets": []})";
  EXPECT_TRUE(contains(refusal(v3), "is an old notebook (nbformat 3, from before 2015)"));
  EXPECT_TRUE(contains(refusal(R"({"nbformat": 2, "worksheets": []})"), "(nbformat 2,"));
  EXPECT_TRUE(contains(refusal(R"({"cells": []})"), "it has no \"nbformat\""));
}

TEST(ReadNotebook, NotebooksNewerThanNbformat4AreRefused) {
  json v5 = notebook({code("pass")});
  v5["nbformat"] = 5;
  EXPECT_TRUE(contains(refusal(v5.dump()), "is in nbformat 5, newer than grade reads (4)"));
  // Too big for a signed number: newer still, not "old".
  v5["nbformat"] = std::uint64_t{18446744073709551615U};
  EXPECT_TRUE(contains(refusal(v5.dump()), "is in nbformat 18446744073709551615, newer"));
}

TEST(ReadNotebook, KernelsOfOtherLanguagesAreRefused) {
  json r = notebook({code("x <- 1")});
  r["metadata"]["kernelspec"] = {{"display_name", "R"}, {"language", "R"}, {"name", "ir"}};
  EXPECT_TRUE(contains(refusal(r.dump()), "was written for the R language (\"R\")"));
  json julia = notebook({code("x = 1")});
  julia["metadata"] = {{"language_info", {{"name", "julia"}}}};
  const std::string error = refusal(julia.dump());
  EXPECT_TRUE(contains(error, "was written for the julia language, and this exercise is graded"));
  EXPECT_TRUE(contains(error, "Change Kernel > Python 3"));
}

TEST(ReadNotebook, APythonKernelIsNamedInAnyCaseOrNotAtAll) {
  json nb = notebook({code("x = 1")});
  nb["metadata"]["kernelspec"]["language"] = "Python";
  nb["metadata"]["language_info"]["name"] = "julia";  // the kernelspec is asked first
  EXPECT_TRUE(read_notebook(nb.dump()));
  nb["metadata"]["kernelspec"]["language"] = "python3";  // as some tools write it
  EXPECT_TRUE(read_notebook(nb.dump()));
  nb.erase("metadata");
  EXPECT_TRUE(read_notebook(nb.dump()));
}

TEST(ReadNotebook, ANotebookWithoutCodeIsRefused) {
  EXPECT_TRUE(contains(refusal(notebook(json::array()).dump()), "is empty: it has no cells"));
  EXPECT_TRUE(contains(refusal(notebook({markdown("# Exercise 1"), markdown({"x = 1"})}).dump()),
                       "has no code: none of its 2 cells is a code cell with code in it"));
  EXPECT_TRUE(
      contains(refusal(notebook({code(""), markdown("text"), code({" \n", "\t\r\n"})}).dump()),
               "none of its 3 cells"));
}

TEST(ReadNotebook, OutputsAndAttachmentsAreNotRead) {
  // Megabytes of a saved image, and outputs no reader would accept: none of it is part of the
  // notebook that is graded.
  const std::string image(std::size_t{4} << 20, 'A');
  json c = code("print(1)");
  c["outputs"] = {{{"output_type", "display_data"}, {"data", {{"image/png", image}}}}};
  json broken = code("print(2)");
  broken["outputs"] = 42;
  json picture = markdown("![a](attachment:a.png)");
  picture["attachments"] = {{"a.png", {{"image/png", "iVBORw0KGgo="}}}};
  const Notebook nb = read(notebook({c, picture, broken}).dump());
  EXPECT_EQ(nb.cells, 3);
  ASSERT_EQ(nb.code.size(), 2U);
  EXPECT_EQ(nb.code[0].source, "print(1)");
  EXPECT_EQ(nb.code[1].number, 3);
}

TEST(ReadNotebook, DamagedCellsAreNamed) {
  EXPECT_TRUE(contains(refusal(notebook({code("a = 1"), code(42)}).dump()),
                       "is damaged: the source of cell 2 is not text"));
  EXPECT_TRUE(contains(refusal(notebook({code({"a = 1\n", 7})}).dump()),
                       "is damaged: cell 1 has a source line that is not text"));
  EXPECT_TRUE(contains(refusal(notebook({code("a = 1"), json{{"source", "b"}}}).dump()),
                       "is damaged: cell 2 has no cell_type"));
  EXPECT_TRUE(contains(refusal(notebook({code("a = 1"), "b = 2"}).dump()), "cell 2 has no"));
  EXPECT_TRUE(contains(refusal(R"({"nbformat": 4, "cells": {}})"), "it has no list of cells"));
  EXPECT_TRUE(contains(refusal("[4]"), "is not a Jupyter notebook (its JSON is not an object)"));
}

TEST(ReadNotebook, OnlyTheSkeletonIsKeptHoweverLongTheRest) {
  // Long lists of objects anywhere (a widget state, metadata, outputs) are read past: a parser
  // that stored them and dropped them afterwards spent time quadratic in their length.
  json nb = notebook({code("x = 1")});
  nb["metadata"]["widgets"] = json::array();
  for (int i = 0; i < 50000; ++i) {
    nb["metadata"]["widgets"].push_back(json::object({{"i", i}}));
  }
  const Notebook read_back = read(nb.dump());
  ASSERT_EQ(read_back.code.size(), 1U);
  EXPECT_EQ(read_back.code[0].source, "x = 1");
}

TEST(ReadNotebook, NestingDeeperThanAnyNotebookIsRefused) {
  const std::string deep = R"({"nbformat": 4, "metadata": )" + std::string(300, '[') +
                           std::string(300, ']') + R"(, "cells": []})";
  EXPECT_TRUE(contains(refusal(deep), "is not valid JSON (nested more than 256 levels deep)"));
  // Unclosed, as a hostile file would be: refused at the cap, not at the end of the text.
  EXPECT_TRUE(contains(refusal(std::string(std::size_t{1} << 20, '[')), "nested more than"));
}

TEST(ReadNotebook, Nbformat4WrittenAsANumberWithAFractionIsRead) {
  json nb = notebook({code("x = 1")});
  nb["nbformat"] = 4.0;
  EXPECT_TRUE(read_notebook(nb.dump()));
  nb["nbformat"] = 4.5;
  EXPECT_TRUE(contains(refusal(nb.dump()), "it has no \"nbformat\""));
}

TEST(ReadNotebook, ACodeCellWithoutSourceIsEmpty) {
  json nb = notebook({code("a = 1"), code("")});
  nb["cells"][1].erase("source");
  const Notebook read_back = read(nb.dump());
  ASSERT_EQ(read_back.code.size(), 2U);
  EXPECT_EQ(read_back.code[1].source, "");
}

}  // namespace
}  // namespace grade::check

#include "batch/selftest_plan.h"

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::batch {
namespace {

TEST(SelftestDeclaration, IsACommentInTheFirstLines) {
  const auto python = find_declaration(
      "# Near miss: two processes.\n"
      "# selftest: fails three-pid-lines (the loop runs twice)\n"
      "import os\n");
  ASSERT_TRUE(python.has_value()) << python.error();
  ASSERT_TRUE(python->has_value());
  EXPECT_EQ((*python)->check, "three-pid-lines");
  EXPECT_EQ((*python)->line, 2);

  const auto cpp = find_declaration("#include <cstdio>\n  // selftest: fails distinct_pids\n");
  ASSERT_TRUE(cpp.has_value() && cpp->has_value());
  EXPECT_EQ((*cpp)->check, "distinct_pids");

  const auto block = find_declaration("/* selftest: fails build */\nint main() {}\n");
  ASSERT_TRUE(block.has_value() && block->has_value());
  EXPECT_EQ((*block)->check, "build");
}

TEST(SelftestDeclaration, AfterTheFirstTenLinesOrOutsideACommentIsNone) {
  std::string text;
  for (int i = 0; i < kDeclarationLines; ++i) {
    text += "x = 1\n";
  }
  const auto late = find_declaration(text + "# selftest: fails three-pid-lines\n");
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(late->has_value());
  const auto code = find_declaration("print('selftest: fails three-pid-lines')\n");
  ASSERT_TRUE(code.has_value());
  EXPECT_FALSE(code->has_value());
}

TEST(SelftestDeclaration, AMalformedOneSaysWhatToWrite) {
  for (const char* text : {"# selftest: three-pid-lines\n", "# selftest: fails\n",
                           "x = 1\n# selftest: failsthree\n"}) {
    const auto found = find_declaration(text);
    ASSERT_FALSE(found.has_value()) << text;
    EXPECT_NE(found.error().find("`selftest: fails CHECK`"), std::string::npos) << found.error();
  }
  EXPECT_NE(find_declaration("x = 1\n# selftest: failsthree\n").error().find("line 2"),
            std::string::npos);
}

// A course folder with python, cpp and notebook, and one exercise "ex1" with checks a, b, c
// (c for cpp only).
class SelftestPlanTest : public ::testing::Test {
 protected:
  SelftestPlanTest() : dir_(TempDir::create("grade-selftest-").value()) {
    course_.root = dir_.path();
    course_.id = "c1";
    course_.languages = {language("python", ".py"), language("cpp", ".cpp"),
                         language("notebook", ".ipynb")};
    course_.languages[1].compiler = "g++";
    course_.languages[2].notebook = true;
    entry_ = {"ex1", dir_.path() / "exercises" / "ex1.yaml"};
    exercise_.id = "ex1";
    for (const char* id : {"a", "b", "c"}) {
      spec::Check check;
      check.id = id;
      exercise_.checks.push_back(check);
    }
    exercise_.checks[2].languages = {"cpp"};
    write("solutions/python/ex1.py", "print(1)\n");
    write("templates/python/ex1.py", "pass\n");
    write("solutions/cpp/ex1.cpp", "int main() {}\n");
  }

  static spec::Language language(const std::string& id, const std::string& extension) {
    spec::Language language;
    language.id = id;
    language.extensions = {extension};
    return language;
  }

  void write(const std::string& relative, const std::string& text) {
    const std::filesystem::path path = dir_.path() / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  void wrong(const std::string& name, const std::string& text) {
    write("exercises/ex1/wrong/" + name, text);
  }

  SelftestPlan plan(std::set<std::string> chosen = {}) {
    SelftestPlan out;
    plan_exercise({&course_,
                   &entry_,
                   &exercise_,
                   {&course_.languages[0], &course_.languages[1], &course_.languages[2]},
                   std::move(chosen),
                   7},
                  out);
    return out;
  }

  static std::string messages(const SelftestPlan& plan) {
    std::string all;
    for (const spec::Problem& p : plan.problems) {
      all += p.where.str() + ": " + p.message + "\n";
    }
    return all;
  }

  TempDir dir_;
  spec::Course course_;
  spec::ExerciseEntry entry_;
  spec::Exercise exercise_;
};

TEST_F(SelftestPlanTest, EachLanguageHasItsSolutionTemplateAndNearMisses) {
  wrong("two.py", "# selftest: fails b\n");
  wrong("one.py", "# selftest: fails a\n");
  wrong("three.cpp", "// selftest: fails c\n");
  const SelftestPlan out = plan();
  ASSERT_TRUE(out.problems.empty()) << messages(out);
  std::vector<std::string> seen;
  for (const SelftestCase& c : out.cases) {
    seen.push_back(c.language + " " + c.name + " " + c.expected_check + " " +
                   std::to_string(c.gradings) + (c.absent.empty() ? "" : " absent"));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "python solution  7", "python template  1", "python wrong/one.py a 1",
                      "python wrong/two.py b 1", "cpp solution  7", "cpp template  1 absent",
                      "cpp wrong/three.cpp c 1", "notebook solution  7 absent",
                      "notebook template  1 absent"}));
  EXPECT_EQ(out.cases[0].kind, CaseKind::kSolution);
  EXPECT_EQ(out.cases[2].kind, CaseKind::kNearMiss);
  EXPECT_EQ(out.cases[2].file, dir_.path() / "exercises/ex1/wrong/one.py");
  EXPECT_NE(out.cases[5].absent.find("starter file"), std::string::npos);
}

TEST_F(SelftestPlanTest, ALanguageFilterKeepsOnlyItsCases) {
  wrong("one.py", "# selftest: fails a\n");
  wrong("three.cpp", "// selftest: fails c\n");
  const SelftestPlan out = plan({"cpp"});
  ASSERT_TRUE(out.problems.empty()) << messages(out);
  ASSERT_EQ(out.cases.size(), 3U);
  for (const SelftestCase& c : out.cases) {
    EXPECT_EQ(c.language, "cpp");
  }
}

TEST_F(SelftestPlanTest, AnUndeclaredNearMissSaysWhatToWrite) {
  wrong("two.py", "import os\n");
  wrong("three.cpp", "int main() {}\n");
  const SelftestPlan out = plan();
  ASSERT_EQ(out.problems.size(), 2U) << messages(out);
  EXPECT_NE(out.problems[0].message.find("`// selftest: fails CHECK` in its first 10 lines"),
            std::string::npos)
      << messages(out);
  EXPECT_NE(out.problems[0].message.find("the checks of ex1 in cpp: a, b, c"), std::string::npos);
  EXPECT_NE(out.problems[1].message.find("`# selftest: fails CHECK`"), std::string::npos);
  EXPECT_NE(out.problems[1].message.find("`two.py: CHECK` in expect.yaml"), std::string::npos);
  EXPECT_EQ(out.problems[1].exercise, "ex1");
}

TEST_F(SelftestPlanTest, AnUnknownCheckGetsASuggestionAndTheList) {
  wrong("two.py", "# selftest: fails bb\n");
  wrong("three.py", "# selftest: fails c\n");  // c is a check of cpp only
  const SelftestPlan out = plan();
  ASSERT_EQ(out.problems.size(), 2U) << messages(out);
  EXPECT_NE(out.problems[0].message.find("check 'c', which ex1 does not have in python"),
            std::string::npos)
      << messages(out);
  EXPECT_NE(out.problems[1].message.find("(did you mean 'b'?); its checks: a, b"),
            std::string::npos)
      << messages(out);
  EXPECT_EQ(out.problems[1].where.line, 1);
}

TEST_F(SelftestPlanTest, TheManifestDeclaresForNotebooksAndMustAgreeWithTheFile) {
  wrong("nb.ipynb",
        R"({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [)"
        R"({"cell_type": "code", "metadata": {}, "source": ["import os\n"], "outputs": []}]})");
  wrong("cell.ipynb",
        R"({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [)"
        R"({"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},)"
        R"({"cell_type": "code", "metadata": {}, "source": ["# selftest: fails b\n"],)"
        R"( "outputs": []}]})");
  wrong("two.py", "# selftest: fails a\n");
  wrong("notes.md", "Why these near misses.\n");
  wrong("expect.yaml", "nb.ipynb: a\ntwo.py: b\ngone.py: a\n");
  const SelftestPlan out = plan();
  ASSERT_EQ(out.problems.size(), 2U) << messages(out);
  EXPECT_NE(out.problems[0].message.find("expect.yaml says two.py fails first on b, the file "
                                         "itself says a (line 1)"),
            std::string::npos)
      << messages(out);
  EXPECT_EQ(out.problems[0].where.line, 2);
  EXPECT_NE(out.problems[1].message.find("names gone.py, which is not in"), std::string::npos);
  std::vector<std::string> near;
  for (const SelftestCase& c : out.cases) {
    if (c.kind == CaseKind::kNearMiss) {
      near.push_back(c.name + " " + c.expected_check);
    }
  }
  EXPECT_EQ(near, (std::vector<std::string>{"wrong/cell.ipynb b", "wrong/nb.ipynb a"}));
}

TEST_F(SelftestPlanTest, OtherFilesAndABrokenManifestAreProblems) {
  wrong("readme.txt", "text\n");
  wrong("expect.yaml", "two.py: [a\n");
  const SelftestPlan out = plan();
  ASSERT_EQ(out.problems.size(), 2U) << messages(out);
  EXPECT_NE(out.problems[0].where.file.find("expect.yaml"), std::string::npos) << messages(out);
  EXPECT_NE(out.problems[1].message.find("readme.txt is no program of a language ex1 accepts"),
            std::string::npos)
      << messages(out);
}

TEST_F(SelftestPlanTest, BuildIsAcceptedAsTheCheckOfAFailedBuild) {
  wrong("syntax.py", "# selftest: fails build\nprint(\n");
  const SelftestPlan out = plan({"python"});
  ASSERT_TRUE(out.problems.empty()) << messages(out);
  EXPECT_EQ(out.cases.back().expected_check, kBuildCheck);
}

}  // namespace
}  // namespace grade::batch

#include "check/advice.h"

#include <gtest/gtest.h>

namespace grade::check {
namespace {

constexpr std::string_view kSpawnChild =
    "Traceback (most recent call last):\n"
    "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 130, in _main\n"
    "AttributeError: Can't get attribute 'work' on <module '__mp_main__' from "
    "'/tmp/run/ex1.py'>\n";

TEST(Advice, ATargetASpawnedChildCannotFind) {
  const auto notebook = advice_for(kSpawnChild, true);
  ASSERT_EQ(notebook.size(), 1U);
  EXPECT_NE(notebook[0].find("`work`"), std::string::npos);
  EXPECT_NE(notebook[0].find("set_start_method(\"fork\")"), std::string::npos);
  EXPECT_NE(notebook[0].find("%%writefile worker.py"), std::string::npos);
  const auto script = advice_for(kSpawnChild, false);
  ASSERT_EQ(script.size(), 1U);
  EXPECT_NE(script[0].find("top level of the file"), std::string::npos);
  EXPECT_EQ(script[0].find("set_start_method"), std::string::npos);
}

TEST(Advice, ATargetThatCannotBePickled) {
  const auto advice =
      advice_for("AttributeError: Can't pickle local object 'main.<locals>.work'\n", false);
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_NE(advice[0].find("lambda"), std::string::npos);
}

TEST(Advice, ProcessesStartedWithoutTheMainGuard) {
  const auto advice = advice_for(
      "RuntimeError: \n        An attempt has been made to start a new process before the\n"
      "        current process has finished its bootstrapping phase.\n",
      false);
  // The message breaks its sentence across lines; the advice must still be found.
  ASSERT_EQ(advice.size(), 1U);
  EXPECT_NE(advice[0].find("if __name__ == \"__main__\":"), std::string::npos);
}

TEST(Advice, NothingForOtherFailures) {
  EXPECT_TRUE(advice_for("ZeroDivisionError: division by zero\n", true).empty());
  EXPECT_TRUE(advice_for("", false).empty());
}

}  // namespace
}  // namespace grade::check

// Python prints line by line from the printing thread (run/python_stdio.h).
#include "run/python_stdio.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/environment.h"
#include "run/process_runner.h"

namespace grade::run {
namespace {

using testing::python_command;

Command with_site(Command command) {
  const auto site = python_site_folder();
  EXPECT_TRUE(site) << site.error();
  if (site) {
    command.env.push_back("PYTHONPATH=" + site->string());
  }
  return command;
}

TEST(PythonStdioTest, TheFolderHoldsTheModuleForEveryoneToRead) {
  const auto site = python_site_folder();
  ASSERT_TRUE(site) << site.error();
  EXPECT_EQ(*python_site_folder(), *site) << "made once";
  const auto file = *site / "sitecustomize.py";
  EXPECT_EQ(std::filesystem::file_size(file), python_sitecustomize().size());
  using std::filesystem::perms;
  EXPECT_NE(std::filesystem::status(file).permissions() & perms::others_read, perms::none);
  EXPECT_NE(std::filesystem::status(*site).permissions() & perms::others_exec, perms::none);
  EXPECT_EQ(std::filesystem::status(*site).permissions() & perms::others_write, perms::none);
}

TEST(PythonStdioTest, StreamsKeepTheirSettingsAndText) {
  const RunResult plain = ProcessRunner().run(python_command("stdio_report.py"));
  const RunResult result = ProcessRunner().run(with_site(python_command("stdio_report.py")));
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  // A terminal: line-buffered, as Python makes it; encoding and errors as they were.
  EXPECT_EQ(result.out.data, plain.out.data);
  EXPECT_NE(result.out.data.find("stdout utf-8 surrogateescape True True\n"), std::string::npos)
      << result.out.data;
  EXPECT_NE(result.out.data.find("caf\xc3\xa9 done\n"), std::string::npos);
  EXPECT_EQ(result.err.data, "err line\n");
}

TEST(PythonStdioTest, EachLineIsWrittenByTheThreadThatPrintedIt) {
  // Without the module about one run in three has a line written by another thread.
  for (int round = 0; round < 20; ++round) {
    const RunResult result = ProcessRunner().run(with_site(python_command("five_printers.py")));
    ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
    std::set<int> writers;
    std::size_t begin = 0;
    while (begin < result.out.data.size()) {
      const std::size_t end = result.out.data.find('\n', begin) + 1;
      const std::string line = result.out.data.substr(begin, end - begin);
      const auto author = result.observed.out.author_of(begin, end);
      ASSERT_EQ(author.kind, StreamAttribution::Author::Kind::kOne) << line;
      ASSERT_EQ("tid=" + std::to_string(author.tid), line.substr(0, line.find(' '))) << line;
      writers.insert(author.tid);
      begin = end;
    }
    EXPECT_EQ(writers.size(), 5U) << result.out.data;
  }
}

TEST(PythonStdioTest, TheEnvironmentNamesTheFolder) {
  const auto env = submission_environment("/tmp/run", nullptr, std::filesystem::path("/site"));
  EXPECT_EQ(find_variable(env, "PYTHONPATH"), "/site");
  EXPECT_FALSE(find_variable(submission_environment("/tmp/run", nullptr), "PYTHONPATH"));
}

}  // namespace
}  // namespace grade::run

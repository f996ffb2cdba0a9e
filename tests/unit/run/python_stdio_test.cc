// Python prints line by line from the printing thread (run/python_stdio.h).
#include "run/python_stdio.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "observed_support.h"
#include "run/environment.h"
#include "run/process_runner.h"
#include "util/memo_file.h"
#include "util/temp_dir.h"

namespace grade::run {
namespace {

using testing::kPython;
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

// The files directly in `folder`, by name.
std::set<std::string> names_in(const std::filesystem::path& folder) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

TEST(PythonStdioTest, RunsLoadTheModuleCompiledOnceByTheInterpreter) {
  auto memo = TempDir::create("grade-test-memo-");
  ASSERT_TRUE(memo) << memo.error();
  add_compiled_sitecustomize(kPython, memo->path());
  const auto site = python_site_folder();
  ASSERT_TRUE(site) << site.error();
  const auto compiled = names_in(*site / "__pycache__");
  ASSERT_EQ(compiled.size(), 1U);
  const std::string name = *compiled.begin();
  EXPECT_TRUE(name.starts_with("sitecustomize.cpython-") && name.ends_with(".pyc")) << name;
  using std::filesystem::perms;
  EXPECT_NE(
      std::filesystem::status(*site / "__pycache__" / name).permissions() & perms::others_read,
      perms::none);
  EXPECT_EQ(names_in(memo->path() / "python-site").size(), 1U) << "kept for later gradings";

  // Python says where each module's code came from: the compiled file, not a fresh compile.
  Command command = with_site(python_command("stdio_report.py"));
  command.env.push_back("PYTHONVERBOSE=1");
  const RunResult result = ProcessRunner().run(command);
  ASSERT_TRUE(result.clean_exit()) << describe_end(result) << result.err.data;
  const std::string loaded = "code object from '" + (*site / "__pycache__" / name).string() + "'";
  EXPECT_NE(result.err.data.find(loaded), std::string::npos) << result.err.data;
}

TEST(PythonStdioTest, AnInterpreterThatCannotCompileItIsRememberedAndLeavesTheSource) {
  auto memo = TempDir::create("grade-test-memo-");
  ASSERT_TRUE(memo) << memo.error();
  add_compiled_sitecustomize("/bin/false", memo->path());
  const auto kept = names_in(memo->path() / "python-site");
  ASSERT_EQ(kept.size(), 1U);
  EXPECT_EQ(read_memo_file(memo->path() / "python-site" / *kept.begin(), 16), "\n")
      << "not asked again by later gradings";
  const auto site = python_site_folder();
  ASSERT_TRUE(site) << site.error();
  EXPECT_TRUE(std::filesystem::exists(*site / "sitecustomize.py"));
}

TEST(PythonStdioTest, TheEnvironmentNamesTheFolder) {
  const auto env = submission_environment("/tmp/run", nullptr, std::filesystem::path("/site"));
  EXPECT_EQ(find_variable(env, "PYTHONPATH"), "/site");
  EXPECT_FALSE(find_variable(submission_environment("/tmp/run", nullptr), "PYTHONPATH"));
}

}  // namespace
}  // namespace grade::run

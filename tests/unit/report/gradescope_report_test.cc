#include "report/gradescope_report.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sample_results.h"
#include "support/shell.h"
#include "util/temp_dir.h"

namespace grade::report {
namespace {

using nlohmann::ordered_json;

TEST(GradescopeReport, OneTestPerCheckOfTheDecidingRun) {
  const GradescopeResults results = to_gradescope(samples::failed());
  EXPECT_EQ(results.score, 2);
  EXPECT_DOUBLE_EQ(results.execution_time, 0.29) << "build 0.05 s and two runs of 0.12 s";
  ASSERT_EQ(results.tests.size(), 3U);
  const GradescopeTest& failed = results.tests[1];
  EXPECT_EQ(failed.name, "Starts three children");
  EXPECT_EQ(failed.score, 0);
  EXPECT_EQ(failed.max_score, 2);
  EXPECT_FALSE(failed.passed);
  EXPECT_EQ(failed.output,
            "expected 3 distinct child PIDs\nsaw 2: 4201, 4201\n"
            "Hint: call os.fork() once per child, in a loop");
  EXPECT_FALSE(results.tests[2].passed) << "a skipped check is not passed";
  EXPECT_EQ(results.tests[2].output, "skipped: needs \"Starts three children\" to pass");
  EXPECT_TRUE(results.tests[0].passed);
  EXPECT_NE(results.output.find("Runs: run 2 of 5 failed"), std::string::npos) << results.output;
  EXPECT_NE(results.output.find("Score: 2/6"), std::string::npos) << results.output;
  EXPECT_NE(results.output.find("Output of run 2:\nstdout:\n  | parent 4102\n"), std::string::npos)
      << results.output;
  EXPECT_NE(results.output.find("  | ValueError: boom\n"), std::string::npos) << results.output;
}

TEST(GradescopeReport, DocumentHasGradescopesFieldNames) {
  const ordered_json j = to_json(to_gradescope(samples::passed()));
  std::vector<std::string> keys;
  for (const auto& item : j.items()) {
    keys.push_back(item.key());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"score", "execution_time", "output", "output_format",
                                            "tests"}));
  EXPECT_EQ(j["score"], 6);
  EXPECT_EQ(j["output_format"], "text");
  EXPECT_EQ(j["tests"][0], (ordered_json{{"name", "Prints its own PID"},
                                         {"score", 2},
                                         {"max_score", 2},
                                         {"status", "passed"},
                                         {"visibility", "visible"},
                                         {"output", "saw PID 4101, the launched process"},
                                         {"output_format", "text"}}));
}

TEST(GradescopeReport, HiddenChecksAreHiddenTestsWithFullDetails) {
  const ordered_json j = to_json(to_gradescope(samples::hidden_checks()));
  EXPECT_EQ(j["score"], 4);
  EXPECT_EQ(j["tests"][1]["name"], "Uses processes, not threads");
  EXPECT_EQ(j["tests"][1]["visibility"], "hidden");
  EXPECT_EQ(j["tests"][1]["status"], "failed");
  EXPECT_EQ(j["tests"][1]["output"],
            "SECRET-MESSAGE: saw 1 process, expected at least 3\n"
            "Hint: SECRET-HINT: use multiprocessing.Process");
  EXPECT_EQ(j["tests"][0]["visibility"], "visible");
  // What every student sees says nothing about the hidden tests.
  EXPECT_EQ(j["output"].get<std::string>().find("SECRET"), std::string::npos) << j["output"];
}

TEST(GradescopeReport, ErrorAndFailedBuildStillScoreAndExplain) {
  const GradescopeResults error = to_gradescope(samples::error());
  EXPECT_EQ(error.score, 0);
  EXPECT_TRUE(error.tests.empty());
  EXPECT_NE(error.output.find("Not graded: the grader could not do its job (could not start the "
                              "program: python3: No such file or directory)"),
            std::string::npos)
      << error.output;

  const GradescopeResults build = to_gradescope(samples::build_failed());
  EXPECT_EQ(build.score, 0);
  EXPECT_NE(build.output.find("The build failed: ex1.py does not compile"), std::string::npos)
      << build.output;
  EXPECT_NE(build.output.find("  | SyntaxError: '(' was never closed\n"), std::string::npos)
      << build.output;
}

TEST(GradescopeReport, StudentOutputIsEscaped) {
  std::ostringstream out;
  write_gradescope_report(out, samples::hostile_output());
  const std::string text = out.str();
  const ordered_json j = ordered_json::parse(text);
  const std::string output = j["output"];
  EXPECT_EQ(output.find('\x1b'), std::string::npos) << output;
  EXPECT_NE(output.find("\\x1b[2J\\x1b[31mred\\x07"), std::string::npos) << output;
  EXPECT_EQ(j["tests"][2]["output"].get<std::string>().find('\x1b'), std::string::npos);
}

// Every canned result, written to files and checked by the real validator against
// tests/schemas/gradescope-results.schema.json; then documents the schema must refuse.
TEST(GradescopeReport, ValidatesAgainstTheSchema) {
  if (testing::run_shell("/usr/bin/python3 -c 'import jsonschema'").exit_status != 0) {
    GTEST_SKIP() << "/usr/bin/python3 has no jsonschema module";
  }
  const TempDir dir = TempDir::create("grade-gradescope-").value();
  const auto validate = [&](const std::string& name, const std::string& text) {
    const std::filesystem::path file = dir.path() / (name + ".json");
    std::ofstream(file, std::ios::binary) << text;
    return testing::run_shell("/usr/bin/python3 " GRADE_SOURCE_DIR
                              "/tests/tools/validate_json.py --schema " GRADE_SOURCE_DIR
                              "/tests/schemas/gradescope-results.schema.json " +
                              testing::shell_quote(file.string()));
  };
  for (const auto& [name, result] : samples::all()) {
    std::ostringstream out;
    write_gradescope_report(out, result);
    const testing::ShellResult v = validate(name, out.str());
    EXPECT_EQ(v.exit_status, 0) << name << ": " << v.output;
  }
  ordered_json points_for_failure = to_json(to_gradescope(samples::failed()));
  points_for_failure["tests"][1]["score"] = 2;
  ordered_json unknown_status = to_json(to_gradescope(samples::failed()));
  unknown_status["tests"][0]["status"] = "skipped";
  ordered_json no_score = to_json(to_gradescope(samples::passed()));
  no_score.erase("score");
  ordered_json raw_escape = to_json(to_gradescope(samples::passed()));
  raw_escape["output"] = "\x1b[2J";
  for (const auto& [name, doc] :
       {std::pair{"points_for_failure", points_for_failure},
        std::pair{"unknown_status", unknown_status}, std::pair{"no_score", no_score},
        std::pair{"raw_escape", raw_escape}}) {
    EXPECT_EQ(validate(name, doc.dump()).exit_status, 1) << name;
  }
}

}  // namespace
}  // namespace grade::report

// Validates the JSON of every canned result against docs/result.schema.json with the real
// validator (tests/tools/validate_json.py), so the document and its published contract agree.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "report/json_report.h"
#include "sample_results.h"

namespace grade::report {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";

bool have_jsonschema() {
  // A test runs in its own process with no other threads, so system() is fine here.
  return std::system(  // NOLINT(concurrency-mt-unsafe)
             "/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

struct Validation {
  int exit_status = -1;
  std::string output;
};

Validation validate(const std::vector<fs::path>& files) {
  std::string command =
      std::string(kPython) + " '" GRADE_SOURCE_DIR "/tests/tools/validate_json.py'";
  for (const fs::path& file : files) {
    command += " '" + file.string() + "'";
  }
  command += " 2>&1";
  Validation v;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return v;
  }
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    v.output += buffer.data();
  }
  const int status = ::pclose(pipe);
  v.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return v;
}

class JsonSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_jsonschema()) {
      GTEST_SKIP() << kPython << " has no jsonschema module (apt install python3-jsonschema)";
    }
    std::string pattern = (fs::temp_directory_path() / "grade-json-schema-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (!dir_.empty()) {
      std::error_code ignored;
      fs::remove_all(dir_, ignored);
    }
  }

  fs::path write(const std::string& name, const std::string& content) {
    fs::path path = dir_ / (name + ".json");
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  fs::path dir_;
};

TEST_F(JsonSchema, EveryCannedResultValidates) {
  std::vector<fs::path> files;
  for (const auto& [name, result] : samples::all()) {
    for (const View view : {View::kStudent, View::kInstructor}) {
      std::ostringstream out;
      write_json_report(out, result, view, &samples::exercise());
      files.push_back(write(name + "-" + std::string(view_name(view)), out.str()));
    }
  }
  const Validation v = validate(files);
  EXPECT_EQ(v.exit_status, 0) << v.output;
}

TEST_F(JsonSchema, WrongStatusFailsValidation) {
  nlohmann::ordered_json doc = to_json(samples::passed());
  doc["status"] = "succeeded";
  const Validation v = validate({write("wrong_status", doc.dump())});
  EXPECT_EQ(v.exit_status, 1) << v.output;
  EXPECT_NE(v.output.find("/status"), std::string::npos) << v.output;
}

TEST_F(JsonSchema, MissingOrExtraFieldsFailValidation) {
  nlohmann::ordered_json missing = to_json(samples::failed());
  missing["runs"][0].erase("pid");
  nlohmann::ordered_json extra = to_json(samples::failed());
  extra["checks"][0]["bonus"] = 1;
  nlohmann::ordered_json unnamed_signal = to_json(samples::killed_by_signal());
  unnamed_signal["runs"][0]["signal_name"] = nullptr;
  nlohmann::ordered_json error_without_message = to_json(samples::error());
  error_without_message["error"] = nullptr;
  for (const auto& [name, doc] : {std::pair{"missing", missing}, std::pair{"extra", extra},
                                  std::pair{"unnamed_signal", unnamed_signal},
                                  std::pair{"error_without_message", error_without_message}}) {
    const Validation v = validate({write(name, doc.dump())});
    EXPECT_EQ(v.exit_status, 1) << name << ": " << v.output;
  }
}

TEST_F(JsonSchema, BrokenAttributionFailsValidation) {
  const nlohmann::ordered_json good =
      to_json(samples::attributed(), View::kStudent, &samples::exercise());
  nlohmann::ordered_json both_null = good;
  both_null["runs"][0]["lines"][0]["author"] = nullptr;
  nlohmann::ordered_json both_given = good;
  both_given["runs"][0]["lines"][2]["author_unknown"] = nullptr;
  both_given["runs"][0]["lines"][2]["author"] = good["runs"][0]["lines"][0]["author"];
  both_given["runs"][0]["lines"][2]["author_unknown"] = "torn";
  nlohmann::ordered_json short_segment = good;
  short_segment["runs"][0]["output_authors"]["stdout"]["segments"][0] = {12, 4101};
  nlohmann::ordered_json unknown_kill = good;
  unknown_kill["runs"][0]["observation"]["tasks"][2]["killed_by_grader"] = "bored";
  for (const auto& [name, doc] :
       {std::pair{"both_null", both_null}, std::pair{"both_given", both_given},
        std::pair{"short_segment", short_segment}, std::pair{"unknown_kill", unknown_kill}}) {
    const Validation v = validate({write(name, doc.dump())});
    EXPECT_EQ(v.exit_status, 1) << name << ": " << v.output;
  }
}

TEST_F(JsonSchema, StudentViewWithHiddenDetailsFailsValidation) {
  // An instructor's document relabelled as a student's: the schema catches the leak.
  nlohmann::ordered_json leaked = to_json(samples::hidden_checks(), View::kInstructor);
  leaked["view"] = "student";
  nlohmann::ordered_json leaked_in_run = to_json(samples::hidden_checks(), View::kStudent);
  leaked_in_run["runs"][1]["checks"][1]["hint"] = "use processes";
  nlohmann::ordered_json unmarked = to_json(samples::hidden_checks(), View::kStudent);
  unmarked["checks"][1].erase("hidden");
  for (const auto& [name, doc] :
       {std::pair{"leaked", leaked}, std::pair{"leaked_in_run", leaked_in_run},
        std::pair{"unmarked", unmarked}}) {
    const Validation v = validate({write(name, doc.dump())});
    EXPECT_EQ(v.exit_status, 1) << name << ": " << v.output;
  }
}

TEST_F(JsonSchema, InvalidUtf8FileFailsValidation) {
  std::string text = to_json(samples::passed()).dump();
  text.replace(text.find("Processes"), 1, "\xff");
  const Validation v = validate({write("bad_utf8", text)});
  EXPECT_EQ(v.exit_status, 1) << v.output;
  EXPECT_NE(v.output.find("not valid JSON"), std::string::npos) << v.output;
}

}  // namespace
}  // namespace grade::report

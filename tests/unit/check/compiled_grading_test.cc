// Grading a compiled language: the build's program reaches every run, limits of the build are
// its own, a missing program or a limit fails the grading, and the cache gives the program back.
#include <csignal>
#include <fstream>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "check/grader.h"
#include "support/fake_runner.h"
#include "support/spec_file.h"
#include "util/temp_dir.h"

namespace grade::check {
namespace {

using testing::exited;

constexpr const char* kGood = "Process ID: 1\nProcess ID: 2\nProcess ID: 3\n";

bool is_executable(const std::filesystem::path& file) {
  struct stat info {};
  return ::stat(file.c_str(), &info) == 0 && (info.st_mode & S_IXUSR) != 0;
}

class CompiledGradingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    language_.id = "cpp";
    language_.extensions = {".cpp"};
    language_.compiler = "g++";
    language_.build = {"{compiler}", "-o", "{stem}", "{source}"};
    language_.artifacts = std::vector<std::string>{"{stem}"};
    language_.run = {"./{stem}"};
    language_.build_limits.wall_time = std::chrono::seconds(42);
    std::ofstream(folder_.path() / "ex1.cpp") << "int main() {}\n";
    request_.course = &course_;
    request_.exercise = &exercise_;
    request_.language = &language_;
    request_.submission = folder_.path() / "ex1.cpp";
    request_.compiler = "/usr/bin/g++";
    request_.tool_identity = "g++ 12";
    request_.repeat = 2;
  }

  // The fake compiler writes `program` as ./ex1; each run records whether it found it.
  void compile_to(const std::string& program) {
    runner_.on_run = [this, program](const run::Command& command) {
      if (command.argv.front() == "/usr/bin/g++") {
        std::ofstream(command.cwd / "ex1") << program;
        std::filesystem::permissions(command.cwd / "ex1", std::filesystem::perms(0755));
      } else {
        std::ifstream in(command.cwd / "ex1");
        seen_.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        executable_.push_back(is_executable(command.cwd / "ex1"));
      }
    };
  }

  GradeResult grade() {
    Grader grader(runner_, [](const std::filesystem::path&) { return std::vector<std::string>{}; });
    return grader.grade(request_);
  }

  TempDir folder_ = TempDir::create("grade-test-").value();
  spec::Course course_;
  spec::Language language_;
  testing::SpecFile spec_{testing::kProcessesSpec};
  spec::Exercise exercise_ = spec_.load();
  GradeRequest request_;
  testing::FakeRunner runner_;
  std::vector<std::string> seen_;
  std::vector<bool> executable_;
};

TEST_F(CompiledGradingTest, TheBuiltProgramStartsEveryRun) {
  compile_to(
      "\x7f"
      "ELF program");
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  runner_.push(exited(0, kGood));
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kPassed) << result.error;
  ASSERT_EQ(runner_.commands().size(), 3U);
  EXPECT_EQ(runner_.commands()[0].argv,
            (std::vector<std::string>{"/usr/bin/g++", "-o", "ex1", "ex1.cpp"}));
  EXPECT_EQ(runner_.commands()[1].argv, std::vector<std::string>{"./ex1"});
  EXPECT_EQ(seen_, (std::vector<std::string>{"\x7f"
                                             "ELF program",
                                             "\x7f"
                                             "ELF program"}));
  EXPECT_EQ(executable_, (std::vector<bool>{true, true}));
}

TEST_F(CompiledGradingTest, TheBuildHasTheLanguagesLimitsAndRunsHaveTheExercises) {
  compile_to("program");
  request_.limits.wall_time = std::chrono::seconds(3);
  runner_.push(exited(0, ""));
  runner_.push(exited(0, kGood));
  runner_.push(exited(0, kGood));
  (void)grade();
  ASSERT_EQ(runner_.commands().size(), 3U);
  EXPECT_EQ(runner_.commands()[0].wall_limit, std::chrono::seconds(42));
  EXPECT_EQ(runner_.commands()[0].task_limit, 64U);
  EXPECT_EQ(runner_.commands()[1].wall_limit, std::chrono::seconds(3));
}

TEST_F(CompiledGradingTest, ABuildThatDoesNotMakeTheProgramFails) {
  runner_.push(exited(0, ""));  // exits 0 but writes nothing
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  ASSERT_TRUE(result.build.has_value());
  EXPECT_FALSE(result.build->ok);
  EXPECT_EQ(result.build->verdict, run::Verdict::kBuildError);
  EXPECT_NE(result.error.find("did not make ex1"), std::string::npos) << result.error;
  EXPECT_TRUE(result.runs.empty());
}

TEST_F(CompiledGradingTest, ABuildOverItsLimitIsAFailedGradingThatNamesTheLimit) {
  run::RunResult build = exited(1, "");
  build.err.data =
      "g++: internal compiler error: File size limit exceeded signal terminated "
      "program as\n";
  run::Task assembler;
  assembler.signal = SIGXFSZ;
  build.observed.tasks.push_back(assembler);
  runner_.push(build);
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  ASSERT_TRUE(result.build.has_value());
  EXPECT_EQ(result.build->verdict, run::Verdict::kBuildLimit);
  EXPECT_EQ(result.build->limit, run::Verdict::kFileSizeLimit);
  EXPECT_NE(result.error.find("file-size limit"), std::string::npos) << result.error;
}

TEST_F(CompiledGradingTest, ACompileErrorIsABuildError) {
  run::RunResult build = exited(1, "");
  build.err.data = "ex1.cpp:1:1: error: 'x' does not name a type\n";
  runner_.push(build);
  const GradeResult result = grade();
  EXPECT_EQ(result.status, GradeStatus::kFailed);
  EXPECT_EQ(result.build->verdict, run::Verdict::kBuildError);
  EXPECT_FALSE(result.build->limit.has_value());
}

TEST_F(CompiledGradingTest, TheCacheGivesTheProgramBackWithoutBuilding) {
  const TempDir cache = TempDir::create("grade-cache-").value();
  request_.cache_dir = cache.path();
  compile_to("program v1");
  for (int i = 0; i < 3; ++i) {
    runner_.push(exited(0, i == 0 ? "" : kGood));
  }
  ASSERT_EQ(grade().status, GradeStatus::kPassed);
  runner_.push(exited(0, kGood));
  runner_.push(exited(0, kGood));
  const GradeResult again = grade();
  EXPECT_EQ(again.status, GradeStatus::kPassed) << again.error;
  ASSERT_TRUE(again.build.has_value());
  EXPECT_TRUE(again.build->cached);
  EXPECT_EQ(runner_.commands().size(), 5U) << "no second build";
  EXPECT_EQ(seen_.back(), "program v1");
  EXPECT_TRUE(executable_.back());

  request_.tool_identity = "g++ 13";  // another compiler: built again
  for (int i = 0; i < 3; ++i) {
    runner_.push(exited(0, i == 0 ? "" : kGood));
  }
  EXPECT_FALSE(grade().build->cached);
}

TEST(ExpandCommand, ReplacesEveryPlaceholder) {
  const Placeholders values{"/usr/bin/python3", "/usr/bin/g++", "ex2.cpp"};
  EXPECT_EQ(expand_command({"{compiler}", "-o", "{stem}", "{source}", "{interpreter}", "x{stem}y"},
                           values),
            (std::vector<std::string>{"/usr/bin/g++", "-o", "ex2", "ex2.cpp", "/usr/bin/python3",
                                      "xex2y"}));
}

}  // namespace
}  // namespace grade::check

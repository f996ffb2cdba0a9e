#include "batch/batch_runner.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gradebook_support.h"
#include "util/sha256.h"

namespace grade::batch {
namespace {

using namespace grade::batch::testing;  // NOLINT(google-build-using-namespace): test helpers

// A class of real folders, graded by a work function instead of the grader: what the batch
// decides (what to grade, what to record, what to count) without running any program.
class BatchRunnerTest : public ::testing::Test {
 protected:
  BatchRunnerTest() {
    for (const char* student : {"alice", "bob"}) {
      std::filesystem::create_directories(dir_.path() / "class" / student);
      roster_.students.push_back({student, dir_.path() / "class" / student});
    }
    write("alice", "ex1", "print('a1')\n");
    write("alice", "ex2", "print('a2')\n");
    write("bob", "ex1", "print('b1')\n");  // bob has no ex2
    for (const char* id : {"ex1", "ex2"}) {
      plans_.push_back({id, "spec-1", {".py"}, 3, std::chrono::seconds(30)});
    }
  }

  void write(const std::string& student, const std::string& exercise, const std::string& text) {
    std::ofstream(dir_.path() / "class" / student / (exercise + ".py")) << text;
  }

  BatchReport run(const GradeFn& grade, bool force = false) {
    Gradebook book = Gradebook::open(dir_.file(), Gradebook::Mode::kCreate, kCourse);
    std::ostringstream log;
    Progress progress(log, false, roster_.students.size() * plans_.size(), Progress::Clock::now());
    BatchOptions options;
    options.jobs = 2;
    options.force = force;
    options.host = "test";
    return run_batch(roster_, plans_, book, grade, progress, options);
  }

  Gradebook book() const {
    return Gradebook::open(dir_.file(), Gradebook::Mode::kReadOnly, kCourse);
  }

  // Passes every file: a real result document with the file's own hash.
  static std::string pass_all(const ExercisePlan& plan, const std::filesystem::path& file,
                              const std::string&) {
    return result_document(plan.id, {pass("works", 3)}, sha256_file(file).value());
  }

  GradebookDir dir_;
  Roster roster_;
  std::vector<ExercisePlan> plans_;
};

TEST_F(BatchRunnerTest, GradesEveryFileAndRecordsAMissingOne) {
  const BatchReport report = run(pass_all);
  EXPECT_EQ(report.total, 4U);
  EXPECT_EQ(report.graded, 4U);
  EXPECT_EQ(report.up_to_date, 0U);
  EXPECT_EQ(report.failed, 1U);  // bob's missing ex2
  EXPECT_EQ(report.errors, 0U);
  EXPECT_FALSE(report.interrupted);
  const Gradebook b = book();
  EXPECT_EQ(b.current("alice", "ex2")->status, AttemptStatus::kPassed);
  EXPECT_EQ(b.current("bob", "ex2")->status, AttemptStatus::kMissing);
  EXPECT_EQ(b.current("bob", "ex2")->max_score, 3);
}

TEST_F(BatchRunnerTest, ASecondRunGradesOnlyWhatChanged) {
  (void)run(pass_all);
  BatchReport again = run(pass_all);
  EXPECT_EQ(again.graded, 0U);
  EXPECT_EQ(again.up_to_date, 4U);

  write("alice", "ex1", "print('a1, better')\n");
  again = run(pass_all);
  EXPECT_EQ(again.graded, 1U);
  EXPECT_EQ(again.up_to_date, 3U);
  EXPECT_EQ(book().history("alice", "ex1").size(), 2U);

  plans_[1].spec_sha256 = "spec-2";  // ex2's spec changed: alice's file and bob's absence
  again = run(pass_all);
  EXPECT_EQ(again.graded, 2U);

  again = run(pass_all, /*force=*/true);
  EXPECT_EQ(again.graded, 4U);
  EXPECT_EQ(book().history("alice", "ex1").size(), 3U);
}

TEST_F(BatchRunnerTest, AWorkerThatDiesOrWritesGarbageIsAnErrorRetriedNextTime) {
  const GradeFn flaky = [](const ExercisePlan& plan, const std::filesystem::path& file,
                           const std::string& display) -> std::string {
    if (display == "alice/ex1.py") {
      std::abort();
    }
    if (display == "alice/ex2.py") {
      return "this is not a result document";
    }
    return pass_all(plan, file, display);
  };
  const BatchReport report = run(flaky);
  EXPECT_EQ(report.graded, 4U);
  EXPECT_EQ(report.errors, 2U);
  const Gradebook b = book();
  const Attempt died = *b.current("alice", "ex1");
  EXPECT_EQ(died.status, AttemptStatus::kError);
  EXPECT_NE(died.error.find("SIGABRT"), std::string::npos) << died.error;
  EXPECT_FALSE(died.content_sha256.empty()) << "the file's hash is kept for the retry";
  const Attempt garbled = *b.current("alice", "ex2");
  EXPECT_EQ(garbled.status, AttemptStatus::kError);
  EXPECT_NE(garbled.error.find("could not be read"), std::string::npos) << garbled.error;

  const BatchReport retry = run(pass_all);
  EXPECT_EQ(retry.graded, 2U) << "only the two errors are graded again";
  EXPECT_EQ(retry.errors, 0U);
  EXPECT_EQ(book().current("alice", "ex1")->status, AttemptStatus::kPassed);
}

}  // namespace
}  // namespace grade::batch

#include "cli/submission_files.h"

#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "cli_course.h"
#include "util/temp_dir.h"

namespace grade::cli {
namespace {

class SubmissionFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    course_.languages.push_back(language("python", {".py"}));
    course_.languages.push_back(language("cpp", {".cpp", ".cc"}));
    course_.languages.push_back(language("c", {".c"}));
    exercise_.id = "ex1";
  }

  static spec::Language language(std::string id, std::vector<std::string> extensions) {
    spec::Language l;
    l.id = std::move(id);
    l.extensions = std::move(extensions);
    return l;
  }

  void touch(const std::string& name) const { std::ofstream(folder_.path() / name) << "x\n"; }

  std::vector<std::string> candidates() const {
    std::vector<std::string> names;
    for (const auto& path : submission_candidates(course_, exercise_, folder_.path())) {
      names.push_back(path.filename().string());
    }
    return names;
  }

  spec::Course course_;
  spec::Exercise exercise_;
  TempDir folder_ = TempDir::create("grade-test-").value();
};

TEST_F(SubmissionFilesTest, EveryLanguageOfTheCourseWhenTheExerciseNamesNone) {
  const auto accepted = accepted_languages(course_, exercise_);
  ASSERT_EQ(accepted.size(), 3U);
  EXPECT_EQ(describe_languages(accepted), "python (.py), cpp (.cpp, .cc), c (.c)");
}

TEST_F(SubmissionFilesTest, TheExercisesOwnLanguagesInItsOrder) {
  exercise_.languages = {"cpp", "python"};
  const auto accepted = accepted_languages(course_, exercise_);
  ASSERT_EQ(accepted.size(), 2U);
  EXPECT_EQ(accepted[0]->id, "cpp");
  EXPECT_EQ(accepted[1]->id, "python");
}

TEST_F(SubmissionFilesTest, CandidatesFollowTheOrderOfLanguagesAndExtensions) {
  EXPECT_TRUE(candidates().empty());
  touch("ex1.cc");
  touch("ex1.py");
  touch("ex2.cpp");  // another exercise's
  touch("ex1.txt");
  EXPECT_EQ(candidates(), (std::vector<std::string>{"ex1.py", "ex1.cc"}));
  exercise_.languages = {"c", "cpp"};
  EXPECT_EQ(candidates(), std::vector<std::string>{"ex1.cc"}) << "python is not accepted";
}

TEST_F(SubmissionFilesTest, NearSubmissionsAreWhatAStudentMayHaveMeant) {
  touch("Ex1.py");
  touch("ex1_solution.py");
  touch("ex1.py.txt");
  touch("ex10.py");  // starts with the id too: listed, the student decides
  touch("notes.txt");
  touch("ex2.py");
  std::filesystem::create_directory(folder_.path() / "EX1");
  std::ofstream(folder_.path() / "EX1" / "ex1.py") << "x\n";
  std::ofstream(folder_.path() / "EX1" / "other.py") << "x\n";
  std::vector<std::string> near;
  for (const auto& path : near_submissions(course_, exercise_, folder_.path(), 10)) {
    near.push_back(path.string());
  }
  EXPECT_EQ(near, (std::vector<std::string>{"EX1/ex1.py", "Ex1.py", "ex1.py.txt", "ex10.py",
                                            "ex1_solution.py"}));
  EXPECT_EQ(near_submissions(course_, exercise_, folder_.path(), 2).size(), 2U);
}

TEST_F(SubmissionFilesTest, ALinkIsACandidateItsGradingRefuses) {
  ASSERT_EQ(::symlink("/etc/passwd", (folder_.path() / "ex1.c").c_str()), 0);
  EXPECT_EQ(candidates(), std::vector<std::string>{"ex1.c"});
}

TEST_F(SubmissionFilesTest, TheLanguageOfANamedFile) {
  EXPECT_EQ(language_of(course_, exercise_, "dir/mine.cc").id, "cpp");
  exercise_.languages = {"python"};
  EXPECT_EQ(testing::error_of([&] { (void)language_of(course_, exercise_, "mine.cc"); },
                              ErrorKind::kUsage),
            "mine.cc: ex1 takes programs in python (.py); this file is none of them");
}

}  // namespace
}  // namespace grade::cli

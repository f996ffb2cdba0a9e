#include "cli/course_locator.h"

#include <fstream>

#include <gtest/gtest.h>

#include "util/error.h"
#include "util/temp_dir.h"

namespace grade::cli {
namespace {

class CourseLocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(root() / "course" / "student" / "deep");
    std::filesystem::create_directories(root() / "other");
    std::filesystem::create_directories(root() / "empty");
    std::ofstream(root() / "course" / "course.yaml") << "id: c\n";
    std::ofstream(root() / "other" / "course.yaml") << "id: o\n";
  }
  std::filesystem::path root() const { return dir_.path(); }

  TempDir dir_ = TempDir::create("grade-locator-").value();
};

TEST_F(CourseLocatorTest, FlagWinsOverEverything) {
  CourseSearch search;
  search.flag = root() / "other";
  search.env = (root() / "course").string();
  search.cwd = root() / "course" / "student";
  EXPECT_EQ(locate_course(search), root() / "other" / "course.yaml");
}

TEST_F(CourseLocatorTest, EnvironmentBeforeWalkingUp) {
  CourseSearch search;
  search.env = (root() / "other" / "course.yaml").string();
  search.cwd = root() / "course" / "student";
  EXPECT_EQ(locate_course(search), root() / "other" / "course.yaml");
}

TEST_F(CourseLocatorTest, WalksUpFromTheCurrentFolder) {
  CourseSearch search;
  search.cwd = root() / "course" / "student" / "deep";
  search.fallbacks = {root() / "other"};
  EXPECT_EQ(locate_course(search), root() / "course" / "course.yaml");
}

TEST_F(CourseLocatorTest, FallsBackInOrder) {
  CourseSearch search;
  search.cwd = root() / "empty";
  search.fallbacks = {root() / "missing", root() / "other", root() / "course"};
  // The walk up from /tmp/... finds nothing unless a course.yaml sits in a parent of the
  // temporary folder, which a test machine does not have.
  EXPECT_EQ(locate_course(search), root() / "other" / "course.yaml");
}

TEST_F(CourseLocatorTest, NamedCourseThatDoesNotExistIsAUsageError) {
  CourseSearch search;
  search.flag = root() / "empty";
  search.cwd = root() / "course";
  try {
    (void)locate_course(search);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("holds no course.yaml"), std::string::npos);
  }
}

TEST_F(CourseLocatorTest, NothingFoundIsAUsageError) {
  CourseSearch search;
  search.cwd = root() / "empty";
  EXPECT_THROW((void)locate_course(search), Error);
}

}  // namespace
}  // namespace grade::cli

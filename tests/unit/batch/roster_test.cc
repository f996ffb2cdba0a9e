#include "batch/roster.h"

#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::batch {
namespace {

TEST(Shard, ParsesKOfN) {
  const auto shard = Shard::parse("3/8");
  ASSERT_TRUE(shard.has_value()) << shard.error();
  EXPECT_EQ(shard->index, 3);
  EXPECT_EQ(shard->count, 8);
  EXPECT_EQ(shard->text(), "3/8");
  EXPECT_FALSE(shard->whole());
  EXPECT_TRUE(Shard::parse("1/1")->whole());
}

TEST(Shard, RejectsWhatIsNotASlice) {
  for (const char* text : {"", "3", "0/4", "5/4", "-1/4", "1/0", "a/b", "1/4x", "1//4"}) {
    EXPECT_FALSE(Shard::parse(text).has_value()) << text;
  }
  EXPECT_NE(Shard::parse("0/4").error().find("numbered from 1"), std::string::npos)
      << Shard::parse("0/4").error();
}

TEST(Shard, EveryStudentIsInExactlyOneSliceAndSlicesAreEven) {
  for (int count = 1; count <= 7; ++count) {
    std::vector<int> sizes(static_cast<std::size_t>(count));
    for (int s = 0; s < 2000; ++s) {
      const std::string id = "student" + std::to_string(s);
      int owners = 0;
      for (int index = 1; index <= count; ++index) {
        if (Shard{index, count}.contains(id)) {
          ++owners;
          ++sizes[static_cast<std::size_t>(index - 1)];
        }
      }
      ASSERT_EQ(owners, 1) << id << " in " << owners << " of " << count << " shards";
    }
    for (int size : sizes) {
      EXPECT_GT(size, 2000 / count * 8 / 10) << "shards of " << count << " are uneven";
    }
  }
}

TEST(Shard, IsPinnedToTheIdsHash) {
  // Fixed expectations (the first 64 bits of SHA-256 of the id, modulo N): a change of the
  // hash would silently move students between the shards of a job half done elsewhere.
  EXPECT_TRUE((Shard{4, 4}.contains("alice")));
  EXPECT_TRUE((Shard{3, 4}.contains("bob")));
  EXPECT_TRUE((Shard{2, 7}.contains("alice")));
  EXPECT_TRUE((Shard{7, 7}.contains("carol")));
  EXPECT_FALSE((Shard{1, 4}.contains("alice")));
}

class RosterTest : public ::testing::Test {
 protected:
  void folder(const std::string& name) { std::filesystem::create_directories(dir_.path() / name); }
  const std::filesystem::path& root() const { return dir_.path(); }

 private:
  TempDir dir_ = TempDir::create("grade-roster-").value();
};

TEST_F(RosterTest, OneStudentPerFolderSortedSkippingHiddenFoldersAndFiles) {
  folder("carol");
  folder("alice");
  folder("bob");
  folder(".git");
  std::ofstream(root() / "notes.txt") << "not a student\n";
  const auto roster = read_roster(root(), {});
  ASSERT_TRUE(roster.has_value()) << roster.error();
  ASSERT_EQ(roster->students.size(), 3U);
  EXPECT_EQ(roster->students[0].id, "alice");
  EXPECT_EQ(roster->students[1].id, "bob");
  EXPECT_EQ(roster->students[2].id, "carol");
  EXPECT_EQ(roster->students[0].dir, root() / "alice");
  EXPECT_TRUE(roster->skipped.empty());
}

TEST_F(RosterTest, ShardsOfARosterPartitionIt) {
  for (int s = 0; s < 40; ++s) {
    folder("s" + std::to_string(s));
  }
  std::set<std::string> seen;
  for (int index = 1; index <= 3; ++index) {
    const auto roster = read_roster(root(), {Shard{index, 3}, ""});
    ASSERT_TRUE(roster.has_value());
    for (const StudentFolder& student : roster->students) {
      EXPECT_TRUE(seen.insert(student.id).second) << student.id << " in two shards";
    }
  }
  EXPECT_EQ(seen.size(), 40U);
}

TEST_F(RosterTest, IdPatternTakesTheIdOutOfLmsFolderNames) {
  folder("Ada Lovelace_4711_assignsubmission_file_");
  folder("Alan Turing_1912_assignsubmission_file_");
  folder("README");
  const auto roster = read_roster(root(), {Shard{}, R"(.*_(\d+)_assignsubmission_file_)"});
  ASSERT_TRUE(roster.has_value()) << roster.error();
  ASSERT_EQ(roster->students.size(), 2U);
  EXPECT_EQ(roster->students[0].id, "1912");
  EXPECT_EQ(roster->students[1].id, "4711");
  EXPECT_EQ(roster->students[1].dir.filename(), "Ada Lovelace_4711_assignsubmission_file_");
  EXPECT_EQ(roster->skipped, std::vector<std::string>{"README"});
}

TEST_F(RosterTest, TwoFoldersOfOneStudentAreAnError) {
  folder("x_1_a");
  folder("y_1_b");
  const auto roster = read_roster(root(), {Shard{}, R"([a-z]_(\d)_[a-z])"});
  ASSERT_FALSE(roster.has_value());
  EXPECT_NE(roster.error().find("both name the student '1'"), std::string::npos) << roster.error();
}

TEST_F(RosterTest, TheFoldersOfAClashAreNamedEscaped) {
  folder("x\x1b[2J_1");
  folder("y\n[2 of 2] z_1");
  const auto roster = read_roster(root(), {Shard{}, R"((?s).*_(\d))"});
  ASSERT_FALSE(roster.has_value());
  EXPECT_EQ(roster.error(),
            "the folders 'x\\x1b[2J_1' and 'y\\n[2 of 2] z_1' both name the student '1'");
}

TEST_F(RosterTest, BadPatternsAndMissingFoldersAreExplained) {
  EXPECT_NE(read_roster(root(), {Shard{}, "(unclosed"}).error().find("--id-pattern"),
            std::string::npos);
  EXPECT_NE(read_roster(root(), {Shard{}, "no-group"}).error().find("one capture group"),
            std::string::npos);
  const auto missing = read_roster(root() / "nope", {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("cannot read the class folder"), std::string::npos);
}

}  // namespace
}  // namespace grade::batch

#include "util/accounts.h"

#include <string>

#include <gtest/gtest.h>

namespace grade {
namespace {

// An id far above any an account or a group of a test machine has (run uids start lower).
constexpr uid_t kNobodysId = 0x7ffffff0;

TEST(Accounts, FindsAUserByIdAndByName) {
  const auto by_id = find_user(uid_t{0});
  ASSERT_TRUE(by_id) << by_id.error();
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ(**by_id, (UserEntry{"root", 0, 0}));

  const auto by_name = find_user(std::string("root"));
  ASSERT_TRUE(by_name) << by_name.error();
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ(**by_name, **by_id);
}

TEST(Accounts, AnUnknownUserIsNoEntryNotAnError) {
  const auto by_id = find_user(kNobodysId);
  ASSERT_TRUE(by_id) << by_id.error();
  EXPECT_FALSE(by_id->has_value());

  const auto by_name = find_user(std::string("no-such-user-of-grade"));
  ASSERT_TRUE(by_name) << by_name.error();
  EXPECT_FALSE(by_name->has_value());

  const auto empty = find_user(std::string());
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_FALSE(empty->has_value());
}

TEST(Accounts, TellsWhetherAGroupExists) {
  const auto root = group_exists(0);
  ASSERT_TRUE(root) << root.error();
  EXPECT_TRUE(*root);

  const auto unknown = group_exists(kNobodysId);
  ASSERT_TRUE(unknown) << unknown.error();
  EXPECT_FALSE(*unknown);
}

}  // namespace
}  // namespace grade

#include "util/expected.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "util/error.h"

namespace grade {
namespace {

Expected<int> answer() { return 42; }
Expected<int> broken() { return unexpected("the disk is full"); }

// The Error that `f` throws; fails the test when it throws none.
template <typename F>
Error thrown_by(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no Error thrown";
  return Error(ErrorKind::kUsage, "");
}

TEST(ValueOrThrow, GivesTheValue) {
  EXPECT_EQ(answer().value_or_throw(ErrorKind::kUsage, "reading the answer"), 42);
  Expected<int> kept = answer();
  kept.value_or_throw(ErrorKind::kUsage) += 1;
  EXPECT_EQ(*kept, 43) << "an lvalue gives a reference to its value";
}

TEST(ValueOrThrow, MovesTheValueOutOfATemporary) {
  const auto make = []() -> Expected<std::unique_ptr<int>> { return std::make_unique<int>(7); };
  const std::unique_ptr<int> moved = make().value_or_throw(ErrorKind::kInternal);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(*moved, 7);
}

TEST(ValueOrThrow, ThrowsTheErrorWithItsKindAndContext) {
  const Error usage =
      thrown_by([] { (void)broken().value_or_throw(ErrorKind::kUsage, "cannot save"); });
  EXPECT_EQ(usage.kind(), ErrorKind::kUsage);
  EXPECT_STREQ(usage.what(), "cannot save: the disk is full");

  const Error internal = thrown_by([] { (void)broken().value_or_throw(ErrorKind::kInternal); });
  EXPECT_EQ(internal.kind(), ErrorKind::kInternal);
  EXPECT_STREQ(internal.what(), "the disk is full") << "no context: the error alone";
}

TEST(ValueOrThrow, WorksWithoutAValueToo) {
  const Expected<void> ok;
  ok.value_or_throw(ErrorKind::kUsage, "never thrown");
  const Expected<void> failed = unexpected("no such folder");
  const Error e = thrown_by([&] { failed.value_or_throw(ErrorKind::kSpec, "course.yaml"); });
  EXPECT_EQ(e.kind(), ErrorKind::kSpec);
  EXPECT_STREQ(e.what(), "course.yaml: no such folder");
}

TEST(ExpectedValue, OfAFailureIsAnInternalErrorSayingWhere) {
  const Expected<int> failed = broken();
  const int line = __LINE__ + 1;
  const Error e = thrown_by([&] { (void)failed.value(); });
  EXPECT_EQ(e.kind(), ErrorKind::kInternal);
  const std::string message = e.what();
  EXPECT_NE(message.find("the value of a failed operation was used"), std::string::npos) << message;
  EXPECT_NE(message.find("expected_test.cc:" + std::to_string(line)), std::string::npos) << message;
  EXPECT_NE(message.find(": the disk is full"), std::string::npos) << message;
}

TEST(ExpectedValue, ThroughTheOperatorsIsAnInternalErrorToo) {
  Expected<std::string> failed = unexpected("no document");
  EXPECT_EQ(thrown_by([&] { (void)*failed; }).kind(), ErrorKind::kInternal);
  EXPECT_EQ(thrown_by([&] { (void)failed->size(); }).kind(), ErrorKind::kInternal);
  const std::string message = thrown_by([&] { (void)std::move(failed).value(); }).what();
  EXPECT_NE(message.find("no document"), std::string::npos) << message;
}

}  // namespace
}  // namespace grade

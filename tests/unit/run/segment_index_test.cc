// Who wrote a byte range, looked up in the segments of a stream (run/segment_index.h).
#include "run/segment_index.h"

#include <gtest/gtest.h>

namespace grade::run {
namespace {

using Kind = StreamAttribution::Author::Kind;

// "ab\n" by 11 in two writes, "cd\nef\n" by 12 in one, nothing, then "g\n" by 11 and 13 torn.
StreamAttribution three_writers() {
  StreamAttribution a;
  a.segments = {{2, 11, 10}, {1, 11, 10}, {6, 12, 10}, {0, 13, 10}, {1, 11, 10}, {1, 13, 10}};
  return a;
}

TEST(SegmentIndexTest, TheAuthorOfARangeIsOneTaskSeveralOrUnknown) {
  const StreamAttribution a = three_writers();
  const SegmentIndex index(a);
  EXPECT_EQ(index.author_of(0, 3).kind, Kind::kOne);
  EXPECT_EQ(index.author_of(0, 3).tid, 11);
  EXPECT_EQ(index.author_of(3, 6).tid, 12);
  EXPECT_EQ(index.author_of(6, 9).tid, 12);
  EXPECT_EQ(index.author_of(9, 11).kind, Kind::kSeveral);  // an empty write is no author
  EXPECT_EQ(index.author_of(2, 4).kind, Kind::kSeveral);
  EXPECT_EQ(index.author_of(9, 12).kind, Kind::kUnknown);  // past what was attributed
  EXPECT_EQ(index.author_of(3, 3).tid, 11);  // an empty line: whoever wrote its newline
  EXPECT_EQ(index.author_of(0, 0).kind, Kind::kUnknown);
  EXPECT_EQ(SegmentIndex(StreamAttribution{}).author_of(0, 1).kind, Kind::kUnknown);
  // The one-lookup form answers the same.
  EXPECT_EQ(a.author_of(3, 6).tid, 12);
}

TEST(SegmentIndexTest, AWriteSharedWithAnotherLineIsSeen) {
  const StreamAttribution a = three_writers();
  const SegmentIndex index(a);
  EXPECT_FALSE(index.shares_a_write(0, 3));  // two writes, both inside the line
  EXPECT_TRUE(index.shares_a_write(3, 6));   // "cd\n" went out with "ef\n"
  EXPECT_TRUE(index.shares_a_write(6, 9));
  EXPECT_FALSE(index.shares_a_write(9, 11));
}

TEST(SegmentIndexTest, ManySegmentsAreLookedUpWithoutAScanFromTheStart) {
  StreamAttribution a;
  constexpr int kWrites = 400000;
  for (int i = 0; i < kWrites; ++i) {
    a.segments.push_back({1, 100 + i % 2, 10});
  }
  const SegmentIndex index(a);
  std::size_t authors = 0;
  for (std::size_t begin = 0; begin < kWrites; begin += 2) {
    authors += index.author_of(begin, begin + 2).kind == Kind::kSeveral ? 1U : 0U;
  }
  EXPECT_EQ(authors, static_cast<std::size_t>(kWrites / 2));
}

}  // namespace
}  // namespace grade::run

// WriteOrder: writes to the output go one at a time, and each byte is known by its author.
#include "run/write_order.h"

#include <gtest/gtest.h>

namespace grade::run {
namespace {

using Author = StreamAttribution::Author;

TEST(WriteOrderTest, OneWriteAtATimeInTheOrderAsked) {
  WriteOrder order;
  EXPECT_TRUE(order.begin(11, 10, WriteOrder::kOut));
  EXPECT_FALSE(order.begin(21, 20, WriteOrder::kOut));  // waits for 11
  EXPECT_FALSE(order.begin(22, 20, WriteOrder::kErr));  // one at a time, whatever the stream
  EXPECT_EQ(order.finish(11, 6), 21);
  EXPECT_EQ(order.finish(21, 4), 22);
  EXPECT_EQ(order.finish(22, 3), std::nullopt);
  EXPECT_FALSE(order.busy());
  const StreamAttribution out = order.take(WriteOrder::kOut);
  ASSERT_EQ(out.segments.size(), 2U);
  EXPECT_EQ(out.segments[0].tid, 11);
  EXPECT_EQ(out.segments[0].length, 6U);
  EXPECT_EQ(out.segments[1].pid, 20);
  EXPECT_EQ(out.attributed_bytes(), 10U);
  EXPECT_EQ(out.unattributed_reason, "");
  EXPECT_EQ(order.take(WriteOrder::kErr).attributed_bytes(), 3U);
}

TEST(WriteOrderTest, FailedAndEmptyWritesAddNothing) {
  WriteOrder order;
  ASSERT_TRUE(order.begin(11, 10, WriteOrder::kOut));
  EXPECT_EQ(order.finish(11, -4), std::nullopt);  // -EINTR: tried again later
  ASSERT_TRUE(order.begin(11, 10, WriteOrder::kOut));
  EXPECT_EQ(order.finish(11, 0), std::nullopt);
  EXPECT_TRUE(order.take(WriteOrder::kOut).segments.empty());
}

// One task's lines in writes of their own are not lines that went out in one write (which a
// buffer shared by threads may have filled): each write stays a segment of its own.
TEST(WriteOrderTest, EachWriteIsASegmentOfItsOwn) {
  WriteOrder order;
  for (const long bytes : {5L, 1L}) {  // print("hello") unbuffered: text, then newline
    ASSERT_TRUE(order.begin(11, 10, WriteOrder::kOut));
    order.finish(11, bytes);
  }
  const StreamAttribution out = order.take(WriteOrder::kOut);
  ASSERT_EQ(out.segments.size(), 2U);
  EXPECT_EQ(out.attributed_bytes(), 6U);
  EXPECT_EQ(out.author_of(0, 6).kind, StreamAttribution::Author::Kind::kOne);
}

// Past the cap, a task's writes in a row are joined: memory stays bounded.
TEST(WriteOrderTest, PastTheCapATasksWritesInARowAreJoined) {
  WriteOrder order;
  for (std::size_t i = 0; i < WriteOrder::kMaxSegments + 10; ++i) {
    const pid_t tid = i < WriteOrder::kMaxSegments ? static_cast<pid_t>(11 + i % 2) : 11;
    ASSERT_TRUE(order.begin(tid, 10, WriteOrder::kOut));
    order.finish(tid, 1);
  }
  const StreamAttribution out = order.take(WriteOrder::kOut);
  EXPECT_EQ(out.segments.size(), WriteOrder::kMaxSegments + 1);
  EXPECT_EQ(out.attributed_bytes(), WriteOrder::kMaxSegments + 10);
}

TEST(WriteOrderTest, AFinishFromAnotherTaskIsIgnored) {
  WriteOrder order;
  ASSERT_TRUE(order.begin(11, 10, WriteOrder::kOut));
  EXPECT_EQ(order.finish(99, 5), std::nullopt);
  EXPECT_TRUE(order.busy());
}

TEST(WriteOrderTest, AWaitingTaskThatEndsLeavesTheQueue) {
  WriteOrder order;
  ASSERT_TRUE(order.begin(11, 10, WriteOrder::kOut));
  ASSERT_FALSE(order.begin(21, 20, WriteOrder::kOut));
  ASSERT_FALSE(order.begin(31, 30, WriteOrder::kOut));
  EXPECT_EQ(order.gone(21), std::nullopt);  // it never wrote: nothing is in doubt
  EXPECT_EQ(order.finish(11, 2), 31);
  EXPECT_EQ(order.finish(31, 2), std::nullopt);
  EXPECT_EQ(order.take(WriteOrder::kOut).unattributed_reason, "");
}

TEST(WriteOrderTest, AWriterKilledMidWriteEndsTheAttributionOfItsStream) {
  WriteOrder order;
  ASSERT_TRUE(order.begin(11, 10, WriteOrder::kOut));
  order.finish(11, 4);
  ASSERT_TRUE(order.begin(21, 20, WriteOrder::kOut));
  ASSERT_FALSE(order.begin(31, 30, WriteOrder::kOut));
  EXPECT_EQ(order.gone(21), 31);  // the next one goes on
  order.finish(31, 7);            // but where its bytes are is unknown
  ASSERT_TRUE(order.begin(41, 40, WriteOrder::kErr));
  order.finish(41, 2);  // the other stream is not affected
  const StreamAttribution out = order.take(WriteOrder::kOut);
  EXPECT_EQ(out.attributed_bytes(), 4U);
  EXPECT_NE(out.unattributed_reason, "");
  EXPECT_EQ(out.author_of(0, 4).tid, 11);
  EXPECT_EQ(out.author_of(3, 6).kind, Author::Kind::kUnknown);
  const StreamAttribution err = order.take(WriteOrder::kErr);
  EXPECT_EQ(err.attributed_bytes(), 2U);
  EXPECT_EQ(err.unattributed_reason, "");
}

TEST(WriteOrderTest, AWriteUnderWayWhenTheRunEndsIsLost) {
  WriteOrder order;
  ASSERT_TRUE(order.begin(11, 10, WriteOrder::kErr));
  EXPECT_EQ(order.take(WriteOrder::kOut).unattributed_reason, "");
  EXPECT_NE(order.take(WriteOrder::kErr).unattributed_reason, "");
}

TEST(StreamAttributionTest, AuthorOfARange) {
  StreamAttribution a;
  a.segments = {{6, 11, 10}, {4, 21, 20}, {3, 11, 10}};  // "hello\n" "abc\n" "xy\n"
  EXPECT_EQ(a.author_of(0, 6).kind, Author::Kind::kOne);
  EXPECT_EQ(a.author_of(0, 6).tid, 11);
  EXPECT_EQ(a.author_of(6, 10).tid, 21);
  EXPECT_EQ(a.author_of(6, 10).pid, 20);
  EXPECT_EQ(a.author_of(5, 7).kind, Author::Kind::kSeveral);
  EXPECT_EQ(a.author_of(10, 13).tid, 11);
  EXPECT_EQ(a.author_of(10, 14).kind, Author::Kind::kUnknown);  // past the attributed bytes
  EXPECT_EQ(a.author_of(6, 6).tid, 11);  // empty: whoever wrote the byte before
  EXPECT_EQ(a.author_of(0, 0).kind, Author::Kind::kUnknown);
  EXPECT_EQ(StreamAttribution{}.author_of(0, 3).kind, Author::Kind::kUnknown);
}

}  // namespace
}  // namespace grade::run

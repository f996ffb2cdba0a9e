// OutputCollector: both streams into their captures under one byte budget, without processes.
#include "run/output_collector.h"

#include <array>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/fd.h"

namespace grade::run {
namespace {

// A pipe whose read end is non-blocking, as the collector needs.
struct Pipe {
  Fd read;
  Fd write;
};

Pipe make_pipe() {
  std::array<int, 2> ends{};
  EXPECT_EQ(::pipe2(ends.data(), O_CLOEXEC), 0);
  EXPECT_EQ(::fcntl(ends[0], F_SETFL, O_NONBLOCK), 0);
  return Pipe{Fd(ends[0]), Fd(ends[1])};
}

void put(const Pipe& pipe, const std::string& text) {
  ASSERT_TRUE(write_all(pipe.write.get(), text));
}

TEST(OutputCollectorTest, ReadsEachStreamIntoItsCaptureUntilEndOfFile) {
  Pipe out = make_pipe();
  Pipe err = make_pipe();
  Capture out_capture;
  Capture err_capture;
  OutputCollector collector(std::move(out.read), std::move(err.read), out_capture, err_capture,
                            1024);
  EXPECT_EQ(collector.read_available(OutputCollector::kOut), OutputCollector::ReadStatus::kNothing);
  put(out, "hello\n");
  put(err, "oops\n");
  collector.drain();
  EXPECT_EQ(out_capture.data, "hello\n");
  EXPECT_EQ(err_capture.data, "oops\n");
  out.write.reset();
  EXPECT_EQ(collector.read_available(OutputCollector::kOut), OutputCollector::ReadStatus::kClosed);
  EXPECT_FALSE(collector.open(OutputCollector::kOut));
  EXPECT_EQ(collector.fd(OutputCollector::kOut), -1);
  EXPECT_FALSE(collector.all_closed());
  err.write.reset();
  collector.drain();
  EXPECT_EQ(collector.read_available(OutputCollector::kErr), OutputCollector::ReadStatus::kClosed);
  EXPECT_TRUE(collector.all_closed());
  EXPECT_FALSE(collector.limit_hit());
}

TEST(OutputCollectorTest, TheLimitCountsBothStreamsAndKeepsExactlyThatMuch) {
  Pipe out = make_pipe();
  Pipe err = make_pipe();
  Capture out_capture;
  Capture err_capture;
  OutputCollector collector(std::move(out.read), std::move(err.read), out_capture, err_capture, 10);
  put(out, "123456");
  collector.drain();
  put(err, "abcdef");
  collector.drain();
  EXPECT_TRUE(collector.limit_hit());
  EXPECT_EQ(out_capture.data, "123456");
  EXPECT_EQ(err_capture.data, "abcd");
  EXPECT_TRUE(err_capture.truncated);
  EXPECT_FALSE(out_capture.truncated);
  put(out, "more");  // nothing is read past the limit
  EXPECT_EQ(collector.read_available(OutputCollector::kOut), OutputCollector::ReadStatus::kNothing);
  EXPECT_EQ(out_capture.data, "123456");
}

}  // namespace
}  // namespace grade::run

#include "util/fd.h"

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/interrupter.h"
#include "support/pipe.h"

namespace grade {
namespace {

using grade::testing::make_pipe;
using grade::testing::Pipe;
using grade::testing::read_to_end;

std::string pattern(std::size_t size) {
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = static_cast<char>('a' + i % 26);
  }
  return data;
}

TEST(WriteAll, WritesMoreThanAPipeHoldsAtOnceAndReadExactlyTakesItAll) {
  Pipe pipe = make_pipe();
  const std::string data = pattern(1 << 20);  // 16 times the default pipe capacity
  std::string received(data.size(), '\0');
  std::string rest;
  std::thread reader([&] {
    EXPECT_TRUE(read_exactly(pipe.read.get(), received));  // over many short reads
    rest = read_to_end(pipe.read.get());
  });
  EXPECT_TRUE(write_all(pipe.write.get(), data));
  pipe.write.reset();
  reader.join();
  EXPECT_EQ(received, data);
  EXPECT_EQ(rest, "");
}

TEST(WriteAll, NothingToWriteIsDone) {
  Pipe pipe = make_pipe();
  EXPECT_TRUE(write_all(pipe.write.get(), ""));
  pipe.write.reset();
  EXPECT_EQ(read_to_end(pipe.read.get()), "");
}

TEST(WriteAll, FailsWithTheErrnoOfTheWrite) {
  errno = 0;
  EXPECT_FALSE(write_all(-1, "lost"));
  EXPECT_EQ(errno, EBADF);

  Pipe pipe = make_pipe();
  pipe.read.reset();
  struct sigaction ignore {};
  struct sigaction old {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGPIPE, &ignore, &old), 0);
  errno = 0;
  EXPECT_FALSE(write_all(pipe.write.get(), "nobody reads"));
  EXPECT_EQ(errno, EPIPE);
  ASSERT_EQ(::sigaction(SIGPIPE, &old, nullptr), 0);
}

TEST(WriteAll, GoesOnAfterASignalInterruptsIt) {
  Pipe pipe = make_pipe();
  // Fill the pipe, so that the next write blocks with nothing written: a signal then makes
  // it fail with EINTR.
  ASSERT_EQ(::fcntl(pipe.write.get(), F_SETFL, O_NONBLOCK), 0);
  std::size_t filled = 0;
  const std::string chunk(4096, 'x');
  for (;;) {
    const ssize_t n = ::write(pipe.write.get(), chunk.data(), chunk.size());
    if (n <= 0) {
      break;
    }
    filled += static_cast<std::size_t>(n);
  }
  ASSERT_EQ(errno, EAGAIN);
  ASSERT_EQ(::fcntl(pipe.write.get(), F_SETFL, 0), 0);

  grade::testing::Interrupter interrupter;
  const std::string tail = pattern(100);
  std::atomic<bool> written{false};
  bool ok = false;
  std::thread writer([&] {
    ok = write_all(pipe.write.get(), tail);
    written = true;
  });
  interrupter.interrupt(writer);
  EXPECT_FALSE(written.load());  // still waiting for room, not given up

  std::string received;
  std::thread reader([&] { received = read_to_end(pipe.read.get()); });
  writer.join();
  pipe.write.reset();
  reader.join();

  EXPECT_TRUE(ok);
  ASSERT_EQ(received.size(), filled + tail.size());
  EXPECT_EQ(received.substr(filled), tail);
}

// Whether the write end of the empty `pipe` has been closed: a reader then sees end of file
// at once (the read end is made non-blocking, so an open writer gives EAGAIN rather than a
// hang).
bool writer_closed(const Pipe& pipe) {
  EXPECT_EQ(::fcntl(pipe.read.get(), F_SETFL, O_NONBLOCK), 0);
  char byte = 0;
  const ssize_t n = ::read(pipe.read.get(), &byte, 1);
  EXPECT_TRUE(n == 0 || (n == -1 && errno == EAGAIN)) << "read " << n << " bytes";
  return n == 0;
}

TEST(Fd, ADefaultFdHoldsNothing) {
  const Fd fd;
  EXPECT_FALSE(fd.valid());
  EXPECT_FALSE(fd);
  EXPECT_EQ(fd.get(), -1);
}

TEST(Fd, ClosesItsDescriptorWhenDestroyed) {
  Pipe pipe = make_pipe();
  const int raw = pipe.write.release();
  {
    const Fd owner(raw);
    EXPECT_TRUE(owner.valid());
    EXPECT_EQ(owner.get(), raw);
    EXPECT_FALSE(writer_closed(pipe));
  }
  EXPECT_TRUE(writer_closed(pipe));
}

TEST(Fd, MovingHandsTheDescriptorOnAndClosesItOnce) {
  Pipe pipe = make_pipe();
  const int raw = pipe.write.get();
  Fd moved(std::move(pipe.write));
  EXPECT_FALSE(pipe.write.valid());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(moved.get(), raw);
  pipe.write.reset();  // the moved-from Fd closes nothing
  EXPECT_FALSE(writer_closed(pipe));
  EXPECT_TRUE(write_all(moved.get(), "still open"));
  moved.reset();
  EXPECT_FALSE(moved.valid());
  EXPECT_EQ(read_to_end(pipe.read.get()), "still open");
}

TEST(Fd, MoveAssignmentClosesWhatTheTargetHeld) {
  Pipe first = make_pipe();
  Pipe second = make_pipe();
  const int second_raw = second.write.get();
  first.write = std::move(second.write);
  EXPECT_TRUE(writer_closed(first));
  EXPECT_EQ(first.write.get(), second_raw);
  EXPECT_FALSE(second.write.valid());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_FALSE(writer_closed(second));
}

TEST(Fd, MoveAssigningAnFdToItselfKeepsItOpen) {
  Pipe pipe = make_pipe();
  Fd& same = pipe.write;
  pipe.write = std::move(same);
  EXPECT_TRUE(pipe.write.valid());
  EXPECT_FALSE(writer_closed(pipe));
}

TEST(Fd, ReleaseGivesUpOwnershipWithoutClosing) {
  Pipe pipe = make_pipe();
  const int raw = pipe.write.get();
  EXPECT_EQ(pipe.write.release(), raw);
  EXPECT_FALSE(pipe.write.valid());
  pipe.write.reset();
  EXPECT_FALSE(writer_closed(pipe));
  ASSERT_EQ(::close(raw), 0);
  EXPECT_TRUE(writer_closed(pipe));
}

TEST(Fd, ResetClosesTheOldDescriptorAndTakesTheNewOne) {
  Pipe first = make_pipe();
  Pipe second = make_pipe();
  const int second_raw = second.write.release();
  first.write.reset(second_raw);
  EXPECT_TRUE(writer_closed(first));
  EXPECT_EQ(first.write.get(), second_raw);
  EXPECT_FALSE(writer_closed(second));
  first.write.reset();
  EXPECT_TRUE(writer_closed(second));
}

TEST(WriteAll, StopsAtTheFirstFailureAfterAShortWrite) {
  Pipe pipe = make_pipe();
  // A non-blocking pipe takes what fits, then refuses the rest with EAGAIN: write_all must
  // report that failure rather than claim the whole buffer went out.
  ASSERT_EQ(::fcntl(pipe.write.get(), F_SETFL, O_NONBLOCK), 0);
  const int capacity = ::fcntl(pipe.write.get(), F_GETPIPE_SZ);
  ASSERT_GT(capacity, 0);
  const std::string data = pattern(static_cast<std::size_t>(capacity) * 2);
  errno = 0;
  EXPECT_FALSE(write_all(pipe.write.get(), data));
  EXPECT_EQ(errno, EAGAIN);
  pipe.write.reset();
  const std::string received = read_to_end(pipe.read.get());
  EXPECT_FALSE(received.empty());
  EXPECT_LT(received.size(), data.size());
  EXPECT_EQ(received, data.substr(0, received.size()));
}

TEST(WriteAll, ReportsAFullDevice) {
  const Fd full(::open("/dev/full", O_WRONLY | O_CLOEXEC));
  if (!full) {
    GTEST_SKIP() << "no /dev/full here";
  }
  errno = 0;
  EXPECT_FALSE(write_all(full.get(), "no room"));
  EXPECT_EQ(errno, ENOSPC);
}

TEST(ReadExactly, AnEndBeforeTheBufferIsFullFailsWithErrnoZero) {
  Pipe pipe = make_pipe();
  ASSERT_TRUE(write_all(pipe.write.get(), "short"));
  pipe.write.reset();
  std::string received(10, '\0');
  errno = EINVAL;
  EXPECT_FALSE(read_exactly(pipe.read.get(), received));
  EXPECT_EQ(errno, 0);
  EXPECT_EQ(received.substr(0, 5), "short");
}

TEST(ReadExactly, FailsWithTheErrnoOfTheRead) {
  std::string received(4, '\0');
  errno = 0;
  EXPECT_FALSE(read_exactly(-1, received));
  EXPECT_EQ(errno, EBADF);
  std::string nothing;
  EXPECT_TRUE(read_exactly(-1, nothing));  // nothing to read is done at once
}

}  // namespace
}  // namespace grade

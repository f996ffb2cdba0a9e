#include "util/fd.h"

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>

#include <fcntl.h>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/interrupter.h"

namespace grade {
namespace {

struct Pipe {
  Fd read;
  Fd write;
};

Pipe make_pipe() {
  int fds[2] = {-1, -1};
  EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

std::string read_to_end(int fd) {
  std::string all;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == -1 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return all;
    }
    all.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string pattern(std::size_t size) {
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = static_cast<char>('a' + i % 26);
  }
  return data;
}

TEST(WriteAll, WritesMoreThanAPipeHoldsAtOnce) {
  Pipe pipe = make_pipe();
  const std::string data = pattern(1 << 20);  // 16 times the default pipe capacity
  std::string received;
  std::thread reader([&] { received = read_to_end(pipe.read.get()); });
  EXPECT_TRUE(write_all(pipe.write.get(), data));
  pipe.write.reset();
  reader.join();
  EXPECT_EQ(received, data);
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

}  // namespace
}  // namespace grade

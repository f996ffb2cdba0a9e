#include "run/supervisor.h"

#include <array>
#include <cerrno>
#include <ctime>
#include <optional>

#include <poll.h>

namespace grade::run {
namespace {

using Clock = std::chrono::steady_clock;
using Stream = OutputCollector::Stream;

timespec to_timespec(Clock::duration d) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  return ts;
}

WatchOutcome ended(WatchOutcome::End end, Clock::time_point at, int error = 0) {
  WatchOutcome outcome;
  outcome.end = end;
  outcome.ended_at = at;
  outcome.error = error;
  return outcome;
}

// What one ppoll round waits on: the exit fd until the exit is seen, then each stream still
// open.
struct PollSet {
  static constexpr int kExit = -1;
  static constexpr int kCancel = -2;

  std::array<pollfd, 4> fds{};
  std::array<int, 4> role{};  // kExit, kCancel, else the Stream
  nfds_t count = 0;

  void add(int fd, int what) {
    fds[count] = pollfd{fd, POLLIN, 0};
    role[count++] = what;
  }
};

PollSet poll_set(int exit_fd, bool exited, const OutputCollector& output, int cancel_fd) {
  PollSet set;
  if (cancel_fd >= 0) {
    set.add(cancel_fd, PollSet::kCancel);
  }
  if (!exited) {
    set.add(exit_fd, PollSet::kExit);
  }
  for (const Stream stream : {OutputCollector::kOut, OutputCollector::kErr}) {
    if (output.open(stream)) {
      set.add(output.fd(stream), static_cast<int>(stream));
    }
  }
  return set;
}

bool cancelled(const PollSet& set) {
  return set.count > 0 && set.role[0] == PollSet::kCancel && set.fds[0].revents != 0;
}

// Acts on what ppoll reported: notes the exit, reads the ready streams. False once the output
// limit is hit, which ends the watch at once.
bool handle_ready(const PollSet& set, OutputCollector& output,
                  std::optional<Clock::time_point>& exited_at) {
  for (nfds_t i = 0; i < set.count; ++i) {
    if (set.fds[i].revents == 0 || set.role[i] == PollSet::kCancel) {
      continue;
    }
    if (set.role[i] == PollSet::kExit) {
      exited_at = Clock::now();  // readable: the process has exited
      continue;
    }
    // POLLHUP / POLLERR also end in read(): it reports the end of file or the error.
    (void)output.read_available(static_cast<Stream>(set.role[i]));
    if (output.limit_hit()) {
      return false;
    }
  }
  return true;
}

}  // namespace

WatchOutcome watch(int exit_fd, OutputCollector& output, Clock::time_point deadline,
                   int cancel_fd) {
  using End = WatchOutcome::End;
  std::optional<Clock::time_point> exited_at;
  for (;;) {
    if (exited_at && output.all_closed()) {
      break;  // nothing more can arrive
    }
    const Clock::time_point now = Clock::now();
    const Clock::time_point until = exited_at ? *exited_at + kOutputGrace : deadline;
    if (now >= until) {
      if (!exited_at) {
        return ended(End::kDeadline, now);
      }
      break;  // grace over: whoever still holds the streams is killed with the group
    }
    PollSet set = poll_set(exit_fd, exited_at.has_value(), output, cancel_fd);
    const timespec timeout = to_timespec(until - now);
    if (::ppoll(set.fds.data(), set.count, &timeout, nullptr) == -1) {
      const int error = errno;
      if (error == EINTR) {
        continue;
      }
      return ended(End::kPollFailed, exited_at.value_or(Clock::now()), error);
    }
    if (cancelled(set)) {
      return ended(End::kCancelled, exited_at.value_or(Clock::now()));
    }
    if (!handle_ready(set, output, exited_at)) {
      return ended(End::kOutputLimit, exited_at.value_or(Clock::now()));
    }
  }
  return ended(End::kExited, *exited_at);
}

}  // namespace grade::run

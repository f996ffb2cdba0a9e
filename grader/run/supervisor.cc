#include "run/supervisor.h"

#include <poll.h>

#include <array>
#include <cerrno>
#include <ctime>
#include <optional>

namespace grade::run {
namespace {

using Clock = std::chrono::steady_clock;

timespec to_timespec(Clock::duration d) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  return ts;
}

}  // namespace

WatchOutcome watch(int pidfd, OutputCollector& output, Clock::time_point deadline) {
  using Stream = OutputCollector::Stream;
  WatchOutcome outcome;
  std::optional<Clock::time_point> exited_at;
  for (;;) {
    if (exited_at && output.all_closed()) {
      break;  // nothing more can arrive
    }
    const Clock::time_point now = Clock::now();
    const Clock::time_point until = exited_at ? *exited_at + kOutputGrace : deadline;
    if (now >= until) {
      if (!exited_at) {
        outcome.end = WatchOutcome::End::kDeadline;
        outcome.ended_at = now;
        return outcome;
      }
      break;  // grace over: whoever still holds the streams is killed with the group
    }

    // Slots: the pidfd until the exit is seen, then each stream still open.
    std::array<pollfd, 3> fds{};
    std::array<int, 3> role{};  // -1: pidfd, else the Stream
    nfds_t count = 0;
    if (!exited_at) {
      fds[count] = pollfd{pidfd, POLLIN, 0};
      role[count++] = -1;
    }
    for (const Stream stream : {OutputCollector::kOut, OutputCollector::kErr}) {
      if (output.open(stream)) {
        fds[count] = pollfd{output.fd(stream), POLLIN, 0};
        role[count++] = static_cast<int>(stream);
      }
    }
    const timespec timeout = to_timespec(until - now);
    const int ready = ::ppoll(fds.data(), count, &timeout, nullptr);
    if (ready == -1) {
      if (errno == EINTR) {
        continue;
      }
      outcome.end = WatchOutcome::End::kPollFailed;
      outcome.error = errno;
      outcome.exited = exited_at.has_value();
      outcome.ended_at = exited_at.value_or(Clock::now());
      return outcome;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) {
        continue;
      }
      if (role[i] == -1) {
        exited_at = Clock::now();  // readable pidfd: the process has exited (not yet reaped)
        continue;
      }
      // POLLHUP / POLLERR also end in read(): it reports the end of file or the error.
      (void)output.read_available(static_cast<Stream>(role[i]));
      if (output.limit_hit()) {
        outcome.end = WatchOutcome::End::kOutputLimit;
        outcome.exited = exited_at.has_value();
        outcome.ended_at = exited_at.value_or(Clock::now());
        return outcome;
      }
    }
  }
  outcome.end = WatchOutcome::End::kExited;
  outcome.exited = true;
  outcome.ended_at = *exited_at;
  return outcome;
}

}  // namespace grade::run

#include "run/output_collector.h"

#include <cerrno>
#include <utility>

#include <unistd.h>

namespace grade::run {
namespace {

// Big enough that a flood needs few syscalls, small enough for the stack.
constexpr std::size_t kChunk = 64 * 1024UL;

}  // namespace

OutputCollector::OutputCollector(Fd out_fd, Fd err_fd, Capture& out, Capture& err,
                                 std::size_t limit)
    : streams_{Source{std::move(out_fd), &out}, Source{std::move(err_fd), &err}}, room_(limit) {}

OutputCollector::ReadStatus OutputCollector::read_available(Stream stream) {
  Source& source = streams_[stream];
  if (!source.fd) {
    return ReadStatus::kClosed;
  }
  if (limit_hit_) {
    return ReadStatus::kNothing;
  }
  char buffer[kChunk];  // NOLINT: a plain stack buffer, filled by read()
  ssize_t n = 0;
  do {
    n = ::read(source.fd.get(), buffer, sizeof buffer);
  } while (n == -1 && errno == EINTR);
  if (n > 0) {
    keep(source, buffer, static_cast<std::size_t>(n));
    return ReadStatus::kData;
  }
  if (n == -1 && errno == EAGAIN) {
    return ReadStatus::kNothing;
  }
  // End of file; EIO is how a pseudo-terminal says it. Any other error also ends the
  // stream: there is nothing sensible to retry.
  source.fd.reset();
  return ReadStatus::kClosed;
}

void OutputCollector::drain() {
  for (const Stream stream : {kOut, kErr}) {
    while (!limit_hit_ && read_available(stream) == ReadStatus::kData) {
    }
  }
}

void OutputCollector::keep(Source& source, const char* data, std::size_t size) {
  if (size > room_) {
    source.capture->data.append(data, room_);
    source.capture->truncated = true;
    room_ = 0;
    limit_hit_ = true;
    return;
  }
  source.capture->data.append(data, size);
  room_ -= size;
}

}  // namespace grade::run

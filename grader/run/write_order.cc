#include "run/write_order.h"

#include <algorithm>

namespace grade::run {

bool WriteOrder::begin(pid_t tid, pid_t pid, Stream stream) {
  const Write write{tid, pid, stream};
  if (current_) {
    waiting_.push_back(write);
    return false;
  }
  current_ = write;
  return true;
}

std::optional<pid_t> WriteOrder::finish(pid_t tid, long result) {
  if (!current_ || current_->tid != tid) {
    return std::nullopt;  // not the write under way: nothing it did is in doubt
  }
  if (result > 0) {
    add(*current_, static_cast<std::size_t>(result));
  }
  current_.reset();
  return next();
}

std::optional<pid_t> WriteOrder::gone(pid_t tid) {
  std::erase_if(waiting_, [tid](const Write& write) { return write.tid == tid; });
  if (!current_ || current_->tid != tid) {
    return std::nullopt;
  }
  lose(current_->stream,
       "a process was killed while it wrote, so how much of it arrived is unknown");
  current_.reset();
  return next();
}

StreamAttribution WriteOrder::take(Stream stream) {
  if (current_ && current_->stream == stream) {
    lose(stream, "a write was still under way when the run ended");
  }
  return std::move(streams_[stream]);
}

std::optional<pid_t> WriteOrder::next() {
  if (waiting_.empty()) {
    return std::nullopt;
  }
  current_ = waiting_.front();
  waiting_.pop_front();
  return current_->tid;
}

void WriteOrder::add(const Write& write, std::size_t bytes) {
  if (broken_[write.stream]) {
    return;  // past a loss, offsets are unknown: nothing more can be placed
  }
  std::vector<OutputSegment>& segments = streams_[write.stream].segments;
  // Each write is a segment of its own, so that lines one task wrote in writes of their own
  // are not taken for lines that went out in one write (which a buffer the threads share may
  // have filled). Past kMaxSegments, a task's writes in a row become one, to bound memory.
  if (segments.size() >= kMaxSegments && segments.back().tid == write.tid) {
    segments.back().length += bytes;
    return;
  }
  segments.push_back(OutputSegment{bytes, write.tid, write.pid});
}

void WriteOrder::lose(Stream stream, const char* why) {
  if (!broken_[stream]) {
    broken_[stream] = true;
    streams_[stream].unattributed_reason = why;
  }
}

}  // namespace grade::run

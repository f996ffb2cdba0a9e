// Lets one write to the run's output happen at a time, and records who wrote how much, so
// that every byte of stdout and stderr is known by its author (Observation::out, ::err).
// Pure bookkeeping: the tracer stops each write to an output stream before it happens
// (seccomp), asks here whether it may go on, and reports how it ended; unit-tested with
// made-up event sequences.
//
// One write at a time is what makes the order certain: two writers let go together may
// reach the pipe in either order, and a pipe or terminal gives no sign of who wrote what.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include <sys/types.h>

#include "run/observation.h"

namespace grade::run {

class WriteOrder {
 public:
  enum Stream : std::size_t { kOut = 0, kErr = 1 };
  // Writes kept apart per stream (24 bytes each); a program printing a line at a time writes
  // far fewer within the output limit.
  static constexpr std::size_t kMaxSegments = 1U << 17;

  // Task `tid` of process `pid` is about to write to `stream`. True: it may go on now (it is
  // the write under way); false: it waits, and a later call hands it back.
  bool begin(pid_t tid, pid_t pid, Stream stream);

  // The write under way, by `tid`, ended with `result` (bytes written, or -errno). Returns the
  // task whose write may go on next, if one waits.
  std::optional<pid_t> finish(pid_t tid, long result);

  // Task `tid` ended (or vanished in an exec) without finishing its write. A write under way
  // may have put some of its bytes through: from there on the stream is not attributed.
  // Returns the task whose write may go on next, if one waits.
  std::optional<pid_t> gone(pid_t tid);

  // The run ends: any write still under way is lost, as above. The attribution so far.
  StreamAttribution take(Stream stream);

  bool busy() const { return current_.has_value(); }

 private:
  struct Write {
    pid_t tid = 0;
    pid_t pid = 0;
    Stream stream = kOut;
  };

  std::optional<pid_t> next();
  void add(const Write& write, std::size_t bytes);
  void lose(Stream stream, const char* why);

  std::optional<Write> current_;
  std::deque<Write> waiting_;
  StreamAttribution streams_[2];
  bool broken_[2] = {false, false};
};

}  // namespace grade::run

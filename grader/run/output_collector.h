// Reads a child's stdout and stderr into their captures, sharing one byte budget: the output
// limit counts what is kept of both streams together.
#pragma once

#include <array>
#include <cstddef>

#include "run/run_result.h"
#include "util/fd.h"

namespace grade::run {

class OutputCollector {
 public:
  enum Stream : std::size_t { kOut = 0, kErr = 1 };

  // `out_fd` and `err_fd` must be non-blocking; the captures must outlive the collector.
  OutputCollector(Fd out_fd, Fd err_fd, Capture& out, Capture& err, std::size_t limit);

  // -1 once the stream has reached end of file (or failed).
  int fd(Stream stream) const { return streams_[stream].fd.get(); }
  bool open(Stream stream) const { return streams_[stream].fd.valid(); }
  bool all_closed() const { return !open(kOut) && !open(kErr); }
  // More output arrived than the limit allows; what was kept ends exactly at the limit.
  bool limit_hit() const { return limit_hit_; }

  enum class ReadStatus { kData, kNothing, kClosed };

  // One read() of whatever is available. Closes the stream at end of file: a pipe's read
  // returns 0, a pseudo-terminal master fails with EIO once no process holds the slave.
  // Reads nothing once the limit is hit.
  ReadStatus read_available(Stream stream);

  // Reads until nothing more is available right now, without ever blocking: collects what
  // the processes wrote before they were killed.
  void drain();

 private:
  struct Source {
    Fd fd;
    Capture* capture;
  };

  void keep(Source& source, const char* data, std::size_t size);

  std::array<Source, 2> streams_;
  std::size_t room_;
  bool limit_hit_ = false;
};

}  // namespace grade::run

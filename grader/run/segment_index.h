// Who wrote the bytes of a stream, looked up by byte range in O(log n): the checks ask once per
// line, and a run may make hundreds of thousands of writes (a scan from the first segment for
// every line made grading such a run cost minutes).
#pragma once

#include <cstddef>
#include <vector>

#include "run/observation.h"

namespace grade::run {

class SegmentIndex {
 public:
  // `attribution` must outlive the index.
  explicit SegmentIndex(const StreamAttribution& attribution);

  // Who wrote bytes [begin, end): see StreamAttribution::author_of.
  StreamAttribution::Author author_of(std::size_t begin, std::size_t end) const;
  // Whether one write covers part of [begin, end) and bytes outside it too.
  bool shares_a_write(std::size_t begin, std::size_t end) const;

 private:
  // The first segment that ends after `offset` (segments_.size() if none).
  std::size_t first_ending_after(std::size_t offset) const;
  std::size_t start_of(std::size_t i) const { return i == 0 ? 0 : ends_[i - 1]; }

  const std::vector<OutputSegment>& segments_;
  std::vector<std::size_t> ends_;  // ends_[i]: the offset just past segment i
};

}  // namespace grade::run

#include "run/segment_index.h"

#include <algorithm>

namespace grade::run {

SegmentIndex::SegmentIndex(const StreamAttribution& attribution) : segments_(attribution.segments) {
  ends_.reserve(segments_.size());
  std::size_t offset = 0;
  for (const OutputSegment& segment : segments_) {
    offset += segment.length;
    ends_.push_back(offset);
  }
}

std::size_t SegmentIndex::first_ending_after(std::size_t offset) const {
  return static_cast<std::size_t>(std::upper_bound(ends_.begin(), ends_.end(), offset) -
                                  ends_.begin());
}

StreamAttribution::Author SegmentIndex::author_of(std::size_t begin, std::size_t end) const {
  using Author = StreamAttribution::Author;
  if (end == begin) {
    if (begin == 0) {
      return {};
    }
    --begin;  // an empty line: whoever wrote its newline
  }
  if (ends_.empty() || ends_.back() < end) {
    return {};  // some of the range lies past what was attributed
  }
  Author author;
  for (std::size_t i = first_ending_after(begin); i < segments_.size() && start_of(i) < end; ++i) {
    const OutputSegment& segment = segments_[i];
    if (segment.length == 0) {
      continue;
    }
    if (author.kind == Author::Kind::kUnknown) {
      author = Author{Author::Kind::kOne, segment.tid, segment.pid};
    } else if (author.tid != segment.tid) {
      return Author{Author::Kind::kSeveral, 0, 0};
    }
  }
  return author;
}

bool SegmentIndex::shares_a_write(std::size_t begin, std::size_t end) const {
  for (std::size_t i = first_ending_after(begin); i < segments_.size() && start_of(i) < end; ++i) {
    if (segments_[i].length > 0 && (start_of(i) < begin || ends_[i] > end)) {
      return true;
    }
  }
  return false;
}

}  // namespace grade::run

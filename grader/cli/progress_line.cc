#include "cli/progress_line.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/safe_text.h"

namespace grade::cli {

namespace {

using Phase = check::Progress::Phase;

constexpr std::string_view kErase = "\r\x1b[K";

}  // namespace

std::string describe_progress(const check::Progress& progress, const std::string& file) {
  switch (progress.phase) {
    case Phase::kBuild:
      return fmt::format("Building {}…", file);
    case Phase::kAnalysis:
      return fmt::format("Reading how {} is written…", file);
    case Phase::kRun:
      break;
  }
  return fmt::format("Run {} of {} of {}…", progress.run, progress.of, file);
}

std::string describe_interruption(const std::optional<check::Progress>& last,
                                  const std::string& exercise, const std::string& file) {
  constexpr std::string_view kStopped = "everything it started was stopped.";
  if (!last) {
    return fmt::format("Interrupted before {} was run; nothing of it is left running.", file);
  }
  switch (last->phase) {
    case Phase::kBuild:
      return fmt::format("Interrupted during the build of {}; {}", file, kStopped);
    case Phase::kAnalysis:
      return fmt::format("Interrupted while reading how {} is written; {}", file, kStopped);
    case Phase::kRun:
      break;
  }
  return fmt::format("Interrupted during run {} of {} of {}; {}", last->run, last->of, exercise,
                     kStopped);
}

void ProgressLine::show(const check::Progress& progress) {
  last_ = progress;
  if (!enabled_) {
    return;
  }
  const std::string text = describe_progress(progress, file_);
  erase();
  out_ << text << std::flush;
  shown_width_ = std::max<std::size_t>(report::display_width(text), 1);
}

void ProgressLine::clear() {
  if (shown_width_ > 0) {
    erase();
    out_ << std::flush;
    shown_width_ = 0;
  }
}

void ProgressLine::erase() {
  if (escapes_) {
    out_ << kErase;
  } else {
    out_ << '\r' << std::string(shown_width_, ' ') << '\r';
  }
}

}  // namespace grade::cli

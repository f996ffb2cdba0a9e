#include "batch/progress.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/safe_text.h"

namespace grade::batch {

Progress::Progress(std::ostream& out, bool terminal, std::size_t total, Clock::time_point start)
    : out_(out), terminal_(terminal), total_(total), start_(start) {}

std::string Progress::duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "?";
  }
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) {
    return fmt::format("{}s", s);
  }
  if (s < 3600) {
    return fmt::format("{}m{:02}s", s / 60, s % 60);
  }
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

void Progress::up_to_date(std::size_t count) {
  done_ += count;
  if (count > 0 && !terminal_) {
    fmt::print(out_, "{} of {} gradings are up to date in the gradebook; not graded again\n", count,
               total_);
    out_.flush();
  }
}

void Progress::finished(const Finished& e, Clock::time_point now) {
  ++done_;
  ++graded_;
  if (e.status == "failed" || e.status == "missing") {
    ++failed_;
  } else if (e.status == "error") {
    ++errors_;
  }
  if (terminal_) {
    draw(now);
    return;
  }
  const std::size_t width = fmt::formatted_size("{}", total_);
  std::string line =
      fmt::format("[{:>{}}/{}] {}/{}: {}", done_, width, total_, report::one_line(e.student),
                  report::one_line(e.exercise), report::one_line(e.status));
  if (e.status == "passed" || e.status == "failed") {
    line += fmt::format(" {}/{}", e.score, e.max_score);
  }
  if (e.status != "missing") {
    line += fmt::format(" in {:.2f} s", e.seconds);
  }
  if (!e.detail.empty()) {
    line += fmt::format(" ({})", report::one_line(e.detail));
  }
  fmt::print(out_, "{}\n", line);
  out_.flush();
}

void Progress::draw(Clock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string line = fmt::format("grading {}/{}", done_, total_);
  if (failed_ > 0) {
    line += fmt::format(" · {} failed", failed_);
  }
  if (errors_ > 0) {
    line += fmt::format(" · {} error{}", errors_, errors_ == 1 ? "" : "s");
  }
  if (graded_ > 0 && elapsed > 0) {
    const double rate = static_cast<double>(graded_) / elapsed;
    line += fmt::format(" · {:.1f}/s", rate);
    if (done_ < total_) {
      line += " · ETA " + duration(static_cast<double>(total_ - done_) / rate);
    }
  }
  // \r and "erase to end of line": the line is rewritten in place, never scrolls.
  fmt::print(out_, "\r\x1b[K{}", line);
  out_.flush();
  line_shown_ = true;
}

void Progress::message(std::string_view text) {
  if (line_shown_) {
    fmt::print(out_, "\r\x1b[K");
  }
  fmt::print(out_, "{}\n", report::terminal_safe(text));
  if (line_shown_) {
    draw(Clock::now());
  }
  out_.flush();
}

void Progress::close() {
  if (line_shown_) {
    fmt::print(out_, "\r\x1b[K");
    out_.flush();
    line_shown_ = false;
  }
}

}  // namespace grade::batch

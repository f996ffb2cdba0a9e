// What a batch tells its operator while it runs: on a terminal, one progress line rewritten
// in place (done/total, failures so far, rate, ETA); otherwise, one plain log line per
// finished grading, which a log file or CI console keeps readable.
//
// Student ids are folder names, and error details may quote them: everything shown is escaped
// (report/safe_text.h), so a folder named with escape sequences or a newline can neither drive
// the operator's terminal nor forge a line of its own.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace grade::batch {

struct Finished {
  std::string_view student;
  std::string_view exercise;
  std::string_view status;  // passed | failed | error | missing
  int score = 0;
  int max_score = 0;
  double seconds = 0;
  std::string_view detail;  // for an error: what went wrong
};

class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  Progress(std::ostream& out, bool terminal, std::size_t total, Clock::time_point start);

  // Gradings found up to date in the gradebook: done, but not part of the rate.
  void up_to_date(std::size_t count);
  void finished(const Finished& event, Clock::time_point now);
  // A message of its own (an interrupt, a warning), printed above the progress line. Shown
  // escaped as a whole (terminal_safe); values quoted in it are best escaped with one_line.
  void message(std::string_view text);
  // Clears the progress line; called once at the end.
  void close();

  std::size_t done() const { return done_; }
  std::size_t failed() const { return failed_; }
  std::size_t errors() const { return errors_; }

  // "2m13s", "45s", "1h02m": short, for the progress line and the summary.
  static std::string duration(double seconds);

 private:
  void draw(Clock::time_point now);

  std::ostream& out_;
  bool terminal_;
  std::size_t total_;
  Clock::time_point start_;
  std::size_t done_ = 0;
  std::size_t graded_ = 0;  // by this batch, not found up to date
  std::size_t failed_ = 0;
  std::size_t errors_ = 0;
  bool line_shown_ = false;
};

}  // namespace grade::batch

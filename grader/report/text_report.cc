#include "report/text_report.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "report/color.h"
#include "report/run_summary.h"
#include "report/safe_text.h"
#include "report/task_tree.h"
#include "util/text.h"

namespace grade::report {

namespace {

using check::CheckResult;
using check::CheckStatus;
using check::GradeResult;
using check::GradeStatus;
using check::RunRecord;

constexpr std::string_view kDetailIndent = "          ";  // under the title, past the mark
constexpr std::size_t kPointsWidth = 11;                  // "  no points" after a title
// Narrower, a report is more line breaks than words.
constexpr std::size_t kMinWidth = 40;

std::string quote_arg(std::string_view arg) {
  if (!arg.empty() && arg.find_first_of(" \t\"'\\$") == std::string_view::npos) {
    return one_line(arg);
  }
  return fmt::format("'{}'", one_line(arg));
}

std::string title_of(const CheckResult& c) {
  const std::string title = one_line(c.title.empty() ? c.id : c.title);
  return c.hidden ? title + " (hidden)" : title;
}

// "1 hidden check: failed", "3 hidden checks: 2 passed, 1 failed", "2 hidden checks: all passed".
std::string hidden_summary(const HiddenTally& t) {
  const std::string checks = text::plural(t.checks, "hidden check", "hidden checks");
  std::vector<std::string> parts;
  for (const auto& [n, what] : {std::pair{t.passed, "passed"}, std::pair{t.failed, "failed"},
                                std::pair{t.skipped, "not made"}}) {
    if (n == t.checks) {
      return fmt::format("{}: {}{}", checks, t.checks > 1 ? "all " : "", what);
    }
    if (n > 0) {
      parts.push_back(fmt::format("{} {}", n, what));
    }
  }
  return fmt::format("{}: {}", checks, text::join(parts, ", "));
}

bool build_failed(const GradeResult& r) { return r.build && !r.build->ok; }

bool any_run_ended(const GradeResult& r, run::Verdict verdict) {
  return std::any_of(r.runs.begin(), r.runs.end(),
                     [verdict](const RunRecord& run) { return run.verdict == verdict; });
}

// The start of a task tree's continuation line: the tree's branches of `line` carried down
// ("├─ " becomes "│  ", "└─ " blank), then indented past the task's own branch.
std::string tree_continuation(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] == ' ') {
      out += ' ';
      ++i;
    } else if (line.substr(i).starts_with("│") || line.substr(i).starts_with("├")) {
      out += "│";
      i += std::string_view("│").size();
    } else if (line.substr(i).starts_with("└") || line.substr(i).starts_with("─")) {
      out += ' ';
      i += std::string_view("─").size();
    } else {
      break;
    }
  }
  return out + "    ";
}

class TextWriter {
 public:
  TextWriter(std::ostream& out, const TextOptions& options)
      : out_(out),
        options_(options),
        paint_(options.color),
        width_(std::max(options.width, kMinWidth)),
        // Titles up to this many columns keep the points column within the width ("  ✓ pass  "
        // before, "  no points" after); a longer title wraps, its points on its last line.
        max_title_width_(width_ - kDetailIndent.size() - kPointsWidth) {}

  void write(const GradeResult& r) {
    header(r);
    build(r);
    checks(r);
    runs(r);
    if (const RunRecord* run = deciding_run(r); run != nullptr && run->result.started()) {
      output(run->result, fmt::format("run {}", run->index), true);
    }
    verdict(r);
  }

 private:
  void header(const GradeResult& r) {
    out_ << paint_(Style::kBold, one_line(r.course_title.empty() ? r.course_id : r.course_title))
         << '\n';
    out_ << "Exercise " << paint_(Style::kBold, one_line(r.exercise_id));
    if (!r.exercise_title.empty()) {
      out_ << ": " << one_line(r.exercise_title);
    }
    out_ << "\nSubmission: " << one_line(r.submission.path);
    if (!r.submission.language.empty()) {
      out_ << " (" << one_line(r.submission.language) << ')';
    }
    out_ << '\n';
    if (options_.verbose && !r.submission.sha256.empty()) {
      out_ << "SHA-256: " << one_line(r.submission.sha256) << '\n';
    }
  }

  // A failed build, or one that printed warnings, shows the compiler's messages as they came
  // (file:line:col first, so the first error leads); a clean one only with --verbose.
  void build(const GradeResult& r) {
    if (!r.build) {
      return;
    }
    const check::BuildRecord& b = *r.build;
    const bool messages = !b.result.out.data.empty() || !b.result.err.data.empty();
    if (b.ok && !messages && !options_.verbose) {
      return;
    }
    std::string command;
    for (const std::string& arg : b.argv) {
      command += (command.empty() ? "" : " ") + quote_arg(arg);
    }
    // The command is the course's, not the student's: only --verbose shows it (a Python
    // compile check is a one-liner that says nothing to a beginner).
    const std::string shown = options_.verbose ? " (" + command + ")" : "";
    if (b.ok) {
      out_ << '\n';
      paragraph(fmt::format("Build: ok{}{}", messages ? ", with warnings" : "", shown), "");
      build_messages(b.result);
      return;
    }
    out_ << '\n';
    paragraph(r.error.empty() ? describe_run_end(b.result) : r.error,
              "Build FAILED: ", Style::kBoldRed);
    if (options_.verbose) {
      paragraph(command, "  $ ", std::nullopt);
    }
    if (b.verdict == run::Verdict::kBuildLimit) {
      indented(std::string(run::verdict_explanation(b.verdict)), "");
    }
    if (b.result.started()) {
      build_messages(b.result);
    }
  }

  void build_messages(const run::RunResult& result) {
    if (!result.out.data.empty()) {
      stream_excerpt("stdout", "the build", result.out, ExcerptEnd::kHead);
    }
    if (!result.err.data.empty()) {
      stream_excerpt("stderr", "the build", result.err, ExcerptEnd::kHead);
    }
  }

  void checks(const GradeResult& r) {
    // After a failed build every check is "not checked": one line says so, not one per check.
    if (build_failed(r)) {
      out_ << "\nNo checks were made: the build failed.\n";
      return;
    }
    if (r.checks.empty()) {
      return;
    }
    out_ << '\n' << paint_(Style::kBold, "Checks");
    if (const RunRecord* run = deciding_run(r); run != nullptr && r.repeat > 1) {
      out_ << fmt::format(" (run {} of {})", run->index, r.repeat);
    }
    out_ << ":\n";
    // A student sees hidden checks as one line; an instructor sees each, marked.
    const bool folded = options_.view == View::kStudent;
    const HiddenTally hidden = tally_hidden(r.checks);
    const std::string summary = hidden_summary(hidden);
    std::size_t width = folded && hidden.checks > 0 ? display_width(summary) : 0;
    for (const CheckResult& c : r.checks) {
      if (!folded || !c.hidden) {
        width = std::max(width, std::min(max_title_width_, display_width(title_of(c))));
      }
    }
    for (const CheckResult& c : r.checks) {
      if (!folded || !c.hidden) {
        check_line(c, width);
      }
    }
    if (folded && hidden.checks > 0) {
      const CheckStatus status = hidden.failed > 0                          ? CheckStatus::kFail
                                 : hidden.skipped > 0 && hidden.passed == 0 ? CheckStatus::kSkip
                                                                            : CheckStatus::kPass;
      mark(status);
      const std::size_t used = display_width(summary);
      out_ << summary << std::string(width > used ? width - used : 0, ' ') << "  "
           << fmt::format("{}/{}", hidden.points, hidden.max_points) << '\n';
      indented(hidden.checks == 1
                   ? "What this check looks at is not shown; its points count in your score."
                   : "What these checks look at is not shown; their points count in your score.",
               "");
    }
  }

  void check_line(const CheckResult& c, std::size_t width) {
    // A failed advice check costs nothing: it is shown as advice worth knowing, not a failure.
    const bool advice = c.advice && c.status == CheckStatus::kFail;
    if (advice) {
      out_ << "  " << paint_(Style::kYellow, "→ advice") << "  ";
    } else {
      mark(c.status);
    }
    // "→ advice" is two columns wider than the other marks: the points still line up.
    const std::size_t extra = advice ? 2 : 0;
    std::vector<std::string> lines = text::wrap(title_of(c), max_title_width_ - extra);
    if (lines.empty()) {
      lines.emplace_back();
    }
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
      out_ << lines[i] << '\n' << kDetailIndent << std::string(extra, ' ');
    }
    const std::string& last = lines.back();
    const std::size_t used = display_width(last) + extra;
    out_ << last << std::string(width > used ? width - used : 0, ' ') << "  "
         << (c.advice ? std::string("no points") : fmt::format("{}/{}", c.points, c.max_points))
         << '\n';

    if (!c.message.empty() && (c.status != CheckStatus::kPass || options_.verbose)) {
      indented(terminal_safe(c.message), "");
    }
    if (c.status == CheckStatus::kFail && !c.hint.empty()) {
      indented(terminal_safe(c.hint), advice ? "Advice: " : "Hint: ");
    }
  }

  void mark(CheckStatus status) {
    // The words carry the meaning without color and keep the report greppable.
    switch (status) {
      case CheckStatus::kPass:
        out_ << "  " << paint_(Style::kGreen, "✓ pass") << "  ";
        break;
      case CheckStatus::kFail:
        out_ << "  " << paint_(Style::kBoldRed, "✗ FAIL") << "  ";
        break;
      case CheckStatus::kSkip:
        out_ << "  " << paint_(Style::kYellow, "– skip") << "  ";
        break;
    }
  }

  // Multi-line text under a check, wrapped to a readable width; continuation lines line up
  // with the first.
  void indented(const std::string& body, std::string_view label) {
    const std::string continuation(label.size(), ' ');
    const std::size_t width = width_ - kDetailIndent.size() - label.size();
    bool first = true;
    for (const std::string_view paragraph : text::split_lines(body)) {
      for (const std::string& line : text::wrap(paragraph, width)) {
        out_ << kDetailIndent << (first ? paint_(Style::kBold, label) : continuation) << line
             << '\n';
        first = false;
      }
    }
  }

  void runs(const GradeResult& r) {
    const RunRecord* decider = deciding_run(r);
    if (decider == nullptr) {
      out_ << (build_failed(r) ? "\nRuns: none; the program was not run because the build failed.\n"
                               : "\nRuns: none were made.\n");
      return;
    }
    out_ << '\n';
    paragraph(fmt::format("Runs: {}.", summarize_runs(r)), "");
    if (options_.verbose) {
      for (const RunRecord& run : r.runs) {
        out_ << fmt::format("  run {}: {} ({:.2f} s, PID {}) ", run.index,
                            describe_run_end(run.result), run.result.wall_seconds, run.result.pid)
             << (run.passed ? paint_(Style::kGreen, "passed") : paint_(Style::kRed, "FAILED"))
             << '\n';
      }
    }
    std::string end = fmt::format("Run {} {}", decider->index, describe_run_end(decider->result));
    if (decider->result.started()) {
      end += fmt::format("; wall time {:.2f} s", decider->result.wall_seconds);
    }
    paragraph(end + ".", "");
    if (decider->result.started()) {
      paragraph(one_line(describe_observation(decider->result)), "");
      if (const std::string omitted = describe_omitted(decider->result); !omitted.empty()) {
        paragraph(omitted, "");
      }
      if (r.status == GradeStatus::kFailed) {
        tree(decider->result);
      }
      if (const std::string stopped = describe_stopped_at_end(decider->result); !stopped.empty()) {
        paragraph(stopped, "");
      }
    }
    if (decider->verdict != run::Verdict::kOk && decider->verdict != run::Verdict::kNonZeroExit) {
      // A non-zero status explains itself through the traceback shown below.
      paragraph(explain_run_end(decider->verdict, decider->result), "");
    }
  }

  // What ran, for a failed grading: which processes and threads lived when, and how each
  // ended, is often what explains the failed check.
  void tree(const run::RunResult& run) {
    const std::vector<std::string> lines = task_tree(run, paint_);
    if (lines.empty()) {
      return;
    }
    out_ << paint_(Style::kBold, "What ran") << " (times in seconds since the start):\n";
    for (const std::string& line : lines) {
      std::vector<std::string> parts = text::wrap(line, width_ - 2);
      // Cut after the padding of its columns, a line would end in spaces.
      out_ << "  " << text::trim(parts.front()) << '\n';
      parts.erase(parts.begin());
      if (parts.empty()) {
        continue;
      }
      // What does not fit (a long end: "stopped by grade: ...") goes under, inside the tree.
      const std::string prefix = "  " + tree_continuation(line);
      const std::size_t used = display_width(prefix);
      const std::size_t room = width_ > used + 20 ? width_ - used : 20;
      for (const std::string& rest : text::wrap(text::trim(text::join(parts, " ")), room)) {
        out_ << prefix << rest << '\n';
      }
    }
  }

  // stdout and stderr of one program run. An empty stderr is noise; an empty stdout of the
  // student's program is news (it printed nothing), of a compiler it is not.
  void output(const run::RunResult& run, std::string_view whose, bool show_empty_stdout) {
    if (show_empty_stdout || !run.out.data.empty()) {
      stream_excerpt("stdout", whose, run.out, ExcerptEnd::kHead);
    }
    if (!run.err.data.empty()) {
      stream_excerpt("stderr", whose, run.err, ExcerptEnd::kTail);
    }
  }

  void stream_excerpt(std::string_view stream, std::string_view whose, const run::Capture& capture,
                      ExcerptEnd end) {
    out_ << '\n' << paint_(Style::kBold, fmt::format("{} of {}", stream, whose)) << ':';
    if (capture.data.empty()) {
      out_ << " (empty)\n";
      return;
    }
    out_ << '\n';
    const Excerpt excerpt = make_excerpt(capture.data, end, options_.excerpt_lines);
    const auto omitted = [&](std::string_view where) {
      out_ << "  " << paint_(Style::kDim, fmt::format("... ({} {} lines)", excerpt.omitted, where))
           << '\n';
    };
    if (excerpt.omitted > 0 && end == ExcerptEnd::kTail) {
      omitted("earlier");
    }
    for (const std::string& line : excerpt.lines) {
      out_ << "  " << paint_(Style::kDim, "|") << ' ' << line << '\n';
    }
    if (excerpt.omitted > 0 && end == ExcerptEnd::kHead) {
      omitted("more");
    }
    if (capture.truncated) {
      out_ << "  " << paint_(Style::kYellow, "[output truncated at the limit]") << '\n';
    }
  }

  void verdict(const GradeResult& r) {
    out_ << '\n';
    if (r.status == GradeStatus::kError) {
      paragraph(r.error.empty() ? "unknown error" : r.error, "Error: ", Style::kBoldRed);
      paragraph(
          "Not graded: the grader could not do its job. This is not a problem with your "
          "submission; please tell your teacher.",
          "");
      return;
    }
    if (!r.error.empty() && !build_failed(r)) {  // a failed build already showed it
      paragraph(r.error, "");
    }
    if (std::any_of(r.checks.begin(), r.checks.end(),
                    [](const CheckResult& c) { return c.unobserved; })) {
      note(
          "grading was weaker than usual. Some checks look at the processes and threads your "
          "program really created, and this grading could not observe them (see above); those "
          "checks were skipped and their points not given.");
    }
    for (const std::string& advice : r.advice) {
      paragraph(advice, "Hint: ");
    }
    for (const std::string& n : r.notes) {
      note(n);
    }
    if (options_.verbose) {
      for (const std::string& n : r.setup_notes) {
        note(n);
      }
    }
    // How this machine limits memory is the same on every grading: the instructor's concern,
    // or the student's when a run hit the memory limit.
    if (const std::string totals = totals_note(r);
        !totals.empty() && (options_.verbose || options_.view == View::kInstructor ||
                            any_run_ended(r, run::Verdict::kMemoryLimit))) {
      note(totals);
    }
    if (r.scoring && !r.scoring->reason.empty()) {
      paragraph(r.scoring->reason, "");
    }
    if (!options_.since_last.empty()) {
      paragraph(options_.since_last, "");
    }
    const bool passed = r.status == GradeStatus::kPassed;
    out_ << paint_(Style::kBold, fmt::format("Score: {}/{}", r.score, r.max_score)) << " — "
         << (passed ? paint_(Style::kBoldGreen, "passed") : paint_(Style::kBoldRed, "failed"))
         << '\n';
  }

  // A paragraph wrapped to the report's width; continuation lines line up under the text after
  // `label` ("Note: "). Each line of `body` starts a new line.
  void paragraph(const std::string& body, std::string_view label,
                 std::optional<Style> label_style = Style::kYellow) {
    const std::string indent(label.size(), ' ');
    bool first = true;
    const std::string safe = terminal_safe(body);
    for (const std::string_view part : text::split_lines(safe)) {
      for (const std::string& line : text::wrap(part, width_ - label.size())) {
        out_ << (!first         ? indent
                 : !label_style ? std::string(label)
                                : paint_(*label_style, label))
             << line << '\n';
        first = false;
      }
    }
  }

  void note(const std::string& body) { paragraph(body, "Note: "); }

  std::ostream& out_;
  const TextOptions& options_;
  Painter paint_;
  std::size_t width_;
  std::size_t max_title_width_;
};

}  // namespace

void write_text_report(std::ostream& out, const check::GradeResult& result,
                       const TextOptions& options) {
  TextWriter(out, options).write(apply_view(result, options.view));
}

}  // namespace grade::report

#include "report/plain_text.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "report/run_summary.h"
#include "report/safe_text.h"
#include "run/verdict.h"

namespace grade::report {

namespace {

void append_stream(std::string& out, std::string_view name, const run::Capture& capture,
                   ExcerptEnd end, std::size_t max_lines) {
  if (capture.data.empty()) {
    out += fmt::format("{}: (empty)\n", name);
    return;
  }
  const Excerpt excerpt = make_excerpt(capture.data, end, max_lines);
  out += fmt::format("{}:\n", name);
  if (excerpt.omitted > 0 && end == ExcerptEnd::kTail) {
    out += fmt::format("  ... ({} earlier lines)\n", excerpt.omitted);
  }
  for (const std::string& line : excerpt.lines) {
    out += fmt::format("  | {}\n", line);
  }
  if (excerpt.omitted > 0 && end == ExcerptEnd::kHead) {
    out += fmt::format("  ... ({} more lines)\n", excerpt.omitted);
  }
  if (capture.truncated) {
    out += "  [output truncated at the limit]\n";
  }
}

}  // namespace

std::string check_details(const check::CheckResult& check) {
  std::string out = terminal_safe(check.message);
  if (check.status == check::CheckStatus::kFail && !check.hint.empty()) {
    out += fmt::format("{}{}: {}", out.empty() ? "" : "\n", check.advice ? "Advice" : "Hint",
                       terminal_safe(check.hint));
  }
  return out;
}

std::string output_excerpt(const run::RunResult& run, std::size_t max_lines) {
  std::string out;
  append_stream(out, "stdout", run.out, ExcerptEnd::kHead, max_lines);
  append_stream(out, "stderr", run.err, ExcerptEnd::kTail, max_lines);
  return out;
}

std::string grading_summary(const check::GradeResult& r) {
  std::string out;
  if (r.status == check::GradeStatus::kError) {
    out += fmt::format(
        "Not graded: the grader could not do its job ({}). This is not a problem with your "
        "submission; please tell your teacher.\n",
        terminal_safe(r.error.empty() ? "unknown error" : r.error));
  } else if (r.build && !r.build->ok) {
    out +=
        fmt::format("The build failed: {}. No checks were made.\n",
                    terminal_safe(r.error.empty() ? describe_run_end(r.build->result) : r.error));
  }
  if (const check::RunRecord* run = deciding_run(r); run != nullptr) {
    out += fmt::format("Runs: {}. Run {} {}", summarize_runs(r), run->index,
                       describe_run_end(run->result));
    out += run->result.started() ? fmt::format("; wall time {:.2f} s.\n", run->result.wall_seconds)
                                 : ".\n";
    if (run->verdict != run::Verdict::kOk && run->verdict != run::Verdict::kNonZeroExit) {
      out += fmt::format("{}\n", explain_run_end(run->verdict, run->result));
    }
  }
  if (std::any_of(r.checks.begin(), r.checks.end(),
                  [](const check::CheckResult& c) { return c.unobserved; })) {
    out +=
        "Note: grading was weaker than usual: the processes and threads of the run could not "
        "be observed, so the checks that need them were skipped and their points not given.\n";
  }
  for (const auto* notes : {&r.notes, &r.setup_notes}) {
    for (const std::string& note : *notes) {
      out += fmt::format("Note: {}\n", terminal_safe(note));
    }
  }
  if (const std::string totals = totals_note(r); !totals.empty()) {
    out += fmt::format("Note: {}\n", terminal_safe(totals));
  }
  if (r.status != check::GradeStatus::kError) {
    out += fmt::format("Score: {}/{}\n", r.score, r.max_score);
    if (r.scoring && !r.scoring->reason.empty()) {
      out += fmt::format("{}\n", terminal_safe(r.scoring->reason));
    }
  }
  return out;
}

std::string relevant_output(const check::GradeResult& r, std::size_t max_lines) {
  if (r.build && !r.build->ok && r.build->result.started()) {
    return "Output of the build:\n" + output_excerpt(r.build->result, max_lines);
  }
  const check::RunRecord* run = deciding_run(r);
  if (run == nullptr || !run->result.started()) {
    return "";
  }
  return fmt::format("Output of run {}:\n{}", run->index, output_excerpt(run->result, max_lines));
}

}  // namespace grade::report

#include "report/text_report.h"

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/color.h"
#include "report/safe_text.h"
#include "run/run_result.h"
#include "sample_results.h"
#include "util/text.h"

namespace grade::report {
namespace {

std::string render(const check::GradeResult& r, TextOptions options = {}) {
  std::ostringstream out;
  write_text_report(out, r, options);
  return out.str();
}

// The report with each line break and the indent after it made one space, so that a sentence
// is found however the report's width wrapped it.
std::string flat(const std::string& report) {
  return std::regex_replace(report, std::regex("\n *"), " ");
}

std::string last_line(const std::string& report) {
  const auto lines = text::split_lines(report);
  return lines.empty() ? "" : std::string(lines.back());
}

TEST(TextReport, PassedShowsHeaderChecksRunsAndScore) {
  const std::string report = render(samples::passed());
  EXPECT_NE(report.find("Processes vs threads\n"), std::string::npos) << report;
  EXPECT_NE(report.find("Exercise ex1: Create child processes\n"), std::string::npos);
  EXPECT_NE(report.find("Submission: ex1.py (python)\n"), std::string::npos);
  EXPECT_NE(report.find("✓ pass  Prints its own PID     2/2\n"), std::string::npos) << report;
  EXPECT_NE(report.find("Runs: 3 of 3 runs passed.\n"), std::string::npos);
  EXPECT_NE(report.find("stdout of run 3:\n  | parent 4103\n"), std::string::npos);
  EXPECT_EQ(report.find("stderr of run 3"), std::string::npos) << "empty stderr is not shown";
  EXPECT_EQ(report.find("saw PID"), std::string::npos) << "messages of passed checks: verbose";
  EXPECT_EQ(last_line(report), "Score: 6/6 — passed");
  EXPECT_NE(report.find("It created 3 processes (PIDs 4203, 4303, 4403) and 1 thread.\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("weaker"), std::string::npos);
}

TEST(TextReport, ALongTitleWrapsAndThePointsStayInTheirColumn) {
  check::GradeResult r = samples::passed();
  r.checks.front().title =
      "The \"Processes:\" time agrees with how long the processes really ran, measured by the "
      "grader from the first start to the last end";
  const std::string report = render(r, {.width = 100});
  // The column (in code points) where each "n/m" of the checks table starts.
  const auto columns_of = [](const std::string& line) {
    std::size_t n = 0;
    for (const char c : line) {
      n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return n;
  };
  const std::regex points_at_end("^(.*  )[0-9]+/[0-9]+$");
  std::vector<std::size_t> columns;
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, points_at_end)) {
      columns.push_back(columns_of(m[1].str()));
      EXPECT_LE(columns_of(line), 100U) << line;
    }
  }
  ASSERT_GE(columns.size(), 2U) << report;
  EXPECT_EQ(std::count(columns.begin(), columns.end(), columns.front()),
            static_cast<long>(columns.size()))
      << report;
  EXPECT_NE(report.find("really ran, measured\n          by the grader from the first"),
            std::string::npos)
      << report;
}

// Code points of each line of the report, but for the program's own output ("  | ...").
std::vector<std::size_t> widths_of_own_lines(const std::string& report) {
  std::vector<std::size_t> widths;
  for (const std::string_view line : text::split_lines(report)) {
    if (!line.starts_with("  | ")) {
      widths.push_back(display_width(line));
    }
  }
  return widths;
}

// A failed check whose message quotes the expected format and the near misses, and a note.
check::GradeResult quoting_formats() {
  check::GradeResult r = samples::failed();
  check::CheckResult& c = r.checks[1];  // the failed one
  c.message =
      "expected exactly 5 \"Thread name: <name>, Process ID: <pid>\" lines, saw 0; these lines "
      "look close but are not in the exact format: 'Thread: Thread-1 (worker), PID: 19650', "
      "'Thread: Thread-2 (worker), PID: 19650', 'Thread: Thread-3 (worker), PID: 19650'";
  c.hint =
      "let each thread print exactly one line of the form \"Thread name: <name>, Process ID: "
      "<pid>\". Check capitals, colons and the comma between the two parts.";
  r.notes.push_back(
      "this note is long enough to be wrapped at every width the report is tested at, eighty "
      "columns and a hundred and twenty columns, so it must go over several lines.");
  return r;
}

class TextReportWidth : public ::testing::TestWithParam<std::size_t> {};

TEST_P(TextReportWidth, EveryLineOfTheReportsOwnFits) {
  const std::size_t width = GetParam();
  const std::string report = render(quoting_formats(), {.width = width});
  for (const std::size_t w : widths_of_own_lines(report)) {
    EXPECT_LE(w, width) << report;
  }
  EXPECT_NE(report.find("\nNote: this note is long"), std::string::npos) << report;
}

TEST_P(TextReportWidth, QuotedFormatsAndLinesAreNeverBroken) {
  const std::string report = render(quoting_formats(), {.width = GetParam()});
  for (const std::string quoted :
       {"\"Thread name: <name>, Process ID: <pid>\"", "'Thread: Thread-1 (worker), PID: 19650'",
        "'Thread: Thread-2 (worker), PID: 19650'", "'Thread: Thread-3 (worker), PID: 19650'"}) {
    EXPECT_NE(report.find(quoted), std::string::npos) << quoted << " whole in\n" << report;
  }
}

INSTANTIATE_TEST_SUITE_P(At80And120, TextReportWidth, ::testing::Values(80U, 120U));

TEST(TextReport, AWiderTerminalMakesLongerLines) {
  const auto widest = [](const std::string& report) {
    const std::vector<std::size_t> widths = widths_of_own_lines(report);
    return *std::max_element(widths.begin(), widths.end());
  };
  EXPECT_GT(widest(render(quoting_formats(), {.width = 120})), 100U);
  EXPECT_LE(widest(render(quoting_formats(), {.width = 80})), 80U);
}

TEST(TextReport, AQuotedFormatWiderThanTheReportStaysWholeOnItsOwnLine) {
  check::GradeResult r = samples::failed();
  const std::string format = "\"" + std::string(30, 'x') + " " + std::string(30, 'y') + "\"";
  r.checks[1].message = "expected " + format + " lines";
  const std::string report = render(r, {.width = 40});
  EXPECT_NE(report.find("\n          " + format + "\n"), std::string::npos) << report;
}

TEST(TextReport, TheMachinesSetUpNotesAreForVerboseOnly) {
  check::GradeResult r = samples::passed();
  r.notes = {"this grading was different"};
  r.setup_notes = {"python3 resolves to /root/bin/python3; /usr/bin/python3 is used instead."};
  const std::string plain = render(r);
  EXPECT_NE(plain.find("Note: this grading was different"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("is used instead"), std::string::npos) << plain;
  const std::string verbose = render(r, {.color = false, .verbose = true});
  EXPECT_NE(verbose.find("/usr/bin/python3 is used instead."), std::string::npos) << verbose;
}

TEST(TextReport, UnobservedRunsSayGradingWasWeaker) {
  const std::string report = render(samples::unobserved());
  EXPECT_NE(report.find("– skip  Starts three children  0/2\n"), std::string::npos) << report;
  EXPECT_NE(report.find("    not checked: the system does not allow tracing processes here"),
            std::string::npos)
      << report;
  EXPECT_NE(flat(report).find("Its processes and threads were not observed: the system does not "
                              "allow tracing processes here (ptrace: Operation not permitted). "),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("Note: grading was weaker than usual."), std::string::npos) << report;
  EXPECT_EQ(last_line(report), "Score: 4/6 — passed");
}

// Said to the instructor, with --verbose, or when a run hit the memory limit.
TEST(TextReport, MemoryLimitedPerProcessOnlyIsSaid) {
  check::GradeResult r = samples::passed();
  r.totals = isolate::Totals{true, true, "cgroup v2", ""};
  EXPECT_EQ(render(r).find("not for all processes of a run together"), std::string::npos);
  r.totals = isolate::Totals{false, false, "", "cgroup v2: the memory controller is not delegated"};
  // The same on every grading of this machine: not worth a student's every report.
  EXPECT_EQ(render(r).find("not for all processes of a run together"), std::string::npos);
  r.runs.back().verdict = run::Verdict::kMemoryLimit;
  EXPECT_NE(flat(render(r)).find("not for all processes of a run together"), std::string::npos);
  r.runs.back().verdict = run::Verdict::kOk;
  EXPECT_NE(flat(render(r, {.verbose = true})).find("not for all processes of a run together"),
            std::string::npos);
  const std::string report = render(r, {.view = View::kInstructor});
  EXPECT_NE(flat(report).find("Note: memory was limited for each process on its own (rlimits), not "
                              "for"),
            std::string::npos)
      << report;
  EXPECT_NE(flat(report).find("the memory controller is not delegated)."), std::string::npos)
      << report;
}

TEST(TextReport, FailedShowsMessageAndHintUnderTheFailedCheck) {
  const std::string report = render(samples::failed());
  EXPECT_NE(report.find("Checks (run 2 of 5):\n"), std::string::npos) << report;
  EXPECT_NE(report.find("  ✗ FAIL  Starts three children  0/2\n"
                        "          expected 3 distinct child PIDs\n"
                        "          saw 2: 4201, 4201\n"
                        "          Hint: call os.fork() once per child, in a loop\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("  – skip  Waits for every child  0/2\n"
                        "          skipped: needs \"Starts three children\" to pass\n"),
            std::string::npos);
  EXPECT_EQ(report.find("os.waitpid"), std::string::npos) << "hints are for failed checks only";
  EXPECT_NE(report.find("Runs: run 2 of 5 failed; run 1 passed; later runs were not made.\n"),
            std::string::npos);
  const std::string end = run::describe_end(samples::failed().runs[1].result);
  EXPECT_NE(report.find("Run 2 " + end + "; wall time 0.12 s.\n"), std::string::npos);
  EXPECT_NE(report.find("stderr of run 2:\n"), std::string::npos);
  EXPECT_NE(report.find("  | ValueError: boom\n"), std::string::npos);
  EXPECT_EQ(last_line(report), "Score: 2/6 — failed");
}

TEST(TextReport, VerboseAddsRunsMessagesBuildCommandAndDigest) {
  const std::string report = render(samples::passed(), {.color = false, .verbose = true});
  EXPECT_NE(report.find("saw PID 4101, the launched process"), std::string::npos) << report;
  EXPECT_NE(report.find("Build: ok (python3 -m py_compile ex1.py)"), std::string::npos);
  EXPECT_NE(report.find("SHA-256: " + std::string(64, 'a')), std::string::npos);
  EXPECT_NE(report.find("  run 2: "), std::string::npos);
}

TEST(TextReport, ErrorSaysItIsNotTheStudentsFault) {
  const std::string report = render(samples::error());
  EXPECT_NE(report.find("Error: could not start the program: python3: No such file"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("Run 1 could not be started: python3: No such file or directory.\n"),
            std::string::npos);
  EXPECT_EQ(report.find("Score:"), std::string::npos);
  EXPECT_NE(flat(report).find("This is not a problem with your submission; please tell your "
                              "teacher. "),
            std::string::npos);
}

TEST(TextReport, BuildFailureShowsTheCompilerOutput) {
  const std::string report = render(samples::build_failed());
  EXPECT_NE(report.find("Build FAILED: ex1.py does not compile; fix the syntax error first\n"
                        "\nstderr of the build:\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("py_compile"), std::string::npos) << "the course's command is noise here";
  EXPECT_NE(render(samples::build_failed(), {.verbose = true}).find("  $ python3 -m py_compile"),
            std::string::npos);
  EXPECT_NE(report.find("stderr of the build:\n"), std::string::npos);
  EXPECT_EQ(report.find("stdout of the build"), std::string::npos) << "empty: not worth a line";
  EXPECT_NE(report.find("  | SyntaxError: '(' was never closed\n"), std::string::npos);
  EXPECT_NE(report.find("No checks were made: the build failed."), std::string::npos);
  EXPECT_NE(report.find("the program was not run because the build failed"), std::string::npos);
  EXPECT_EQ(last_line(report), "Score: 0/6 — failed");
}

// A compiler's messages lead with the first error: the head of stderr, not its tail.
TEST(TextReport, ACompilersMessagesStartWithTheFirstError) {
  check::GradeResult r = samples::build_failed();
  r.build->result.err.data = "ex1.cpp:3:5: error: first\n";
  for (int i = 0; i < 200; ++i) {
    r.build->result.err.data += "ex1.cpp:9:1: note: more\n";
  }
  const std::string report = render(r);
  EXPECT_NE(report.find("  | ex1.cpp:3:5: error: first\n"), std::string::npos) << report;
  EXPECT_NE(report.find("more lines)"), std::string::npos) << report;
}

TEST(TextReport, ABuildOverItsLimitExplainsWhatToLookFor) {
  check::GradeResult r = samples::build_failed();
  r.build->verdict = run::Verdict::kBuildLimit;
  r.build->limit = run::Verdict::kMemoryLimit;
  r.error =
      "the build went over its memory limit (1024 MiB per process), so the program was not run";
  const std::string report = render(r);
  EXPECT_NE(report.find("Build FAILED: the build went over its memory limit"), std::string::npos)
      << report;
  EXPECT_NE(report.find("template"), std::string::npos) << report;
}

TEST(TextReport, WarningsOfASuccessfulBuildAreShown) {
  check::GradeResult r = samples::passed();
  r.build->result.err.data = "ex1.cpp:4:9: warning: unused variable 'x' [-Wunused-variable]\n";
  const std::string report = render(r);
  EXPECT_NE(report.find("Build: ok, with warnings\n"), std::string::npos) << report;
  EXPECT_NE(report.find("  | ex1.cpp:4:9: warning: unused variable"), std::string::npos) << report;
  EXPECT_EQ(render(samples::passed()).find("Build:"), std::string::npos)
      << "a clean build is quiet";
}

TEST(TextReport, SaysHowTheRunEnded) {
  for (const auto& r : {samples::timed_out(), samples::killed_by_signal()}) {
    const std::string report = render(r);
    const std::string end = run::describe_end(r.runs[0].result);
    EXPECT_NE(report.find("Runs: run 1 of 1 failed.\n"), std::string::npos) << report;
    EXPECT_NE(report.find("Run 1 " + end + "; wall time "), std::string::npos) << report;
  }
  EXPECT_NE(render(samples::timed_out()).find("; wall time 10.02 s.\n"), std::string::npos);
}

TEST(TextReport, ATimeoutSaysWhereTheTasksStood) {
  std::string report = render(samples::timed_out());
  std::replace(report.begin(), report.end(), '\n', ' ');
  EXPECT_NE(report.find("When the time limit hit (after 10.0 s), your main program was waiting "
                        "for a process to end (join or wait); process 4201 was waiting to read "
                        "from a pipe, queue or socket."),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("It may be waiting forever"), std::string::npos) << report;
}

TEST(TextReport, AnOutsideSignalIsNamedAndTasksPastTheCapCounted) {
  const std::string report = render(samples::killed_from_outside());
  EXPECT_NE(flat(report).find("It created 3000 processes (PIDs 4201, 4301, 4401, 5000, 5001, "
                              "5002, ...) and 1 thread. "
                              "The first 1024 of its processes and threads are listed in the "
                              "machine report; 1978 more (1978 processes and no threads) were "
                              "counted, not listed. "),
            std::string::npos)
      << report;
  EXPECT_NE(flat(report).find("SIGTERM from PID 777 (kill, uid 0)"), std::string::npos) << report;
  EXPECT_NE(flat(report).find("not a problem with your submission"), std::string::npos) << report;
}

TEST(TextReport, AFailedGradingShowsWhatRanInEitherView) {
  for (const View view : {View::kStudent, View::kInstructor}) {
    const std::string report = render(samples::attributed(), {.view = view});
    EXPECT_NE(report.find("What ran (times in seconds since the start):\n"
                          "  PID 4101  python3 ex1.py"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("stopped by grade: still running when your program ended\n"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("PID 4401  helper: multiprocessing's resource tracker"),
              std::string::npos)
        << report;
    // The note about survivors stays, after the tree.
    EXPECT_GT(report.find("When your program ended, 1 process"), report.find("What ran")) << report;
  }
  EXPECT_EQ(render(samples::passed()).find("What ran"), std::string::npos);
  EXPECT_EQ(render(samples::passed(), {.verbose = true}).find("What ran"), std::string::npos);
  EXPECT_EQ(render(samples::unobserved()).find("What ran"), std::string::npos);
}

TEST(TextReport, ALongLineOfWhatRanContinuesInsideTheTree) {
  const std::string report = render(samples::attributed(), {.width = 60});
  for (const std::size_t w : widths_of_own_lines(report)) {
    EXPECT_LE(w, 60U) << report;
  }
  // A continuation starts under the task, past the tree's branches ("│" carried down, no new
  // branch).
  EXPECT_NE(report.find("\n  │      running when your program ended\n"), std::string::npos)
      << report;
  EXPECT_EQ(report.find(" \n"), std::string::npos) << "no trailing spaces:\n" << report;
}

TEST(TextReport, ExcerptIsBoundedAndMarksTruncation) {
  const std::string report = render(samples::truncated_output(), {.excerpt_lines = 5});
  EXPECT_NE(report.find("  | line 5\n  ... (95 more lines)\n  [output truncated at the limit]\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("line 6"), std::string::npos);
}

TEST(TextReport, StderrExcerptKeepsTheEndWhereTheTracebackIs) {
  const std::string report = render(samples::failed(), {.excerpt_lines = 1});
  EXPECT_NE(report.find("stderr of run 2:\n  ... (2 earlier lines)\n  | ValueError: boom\n"),
            std::string::npos)
      << report;
}

TEST(TextReport, StudentControlBytesAreEscapedWithoutColor) {
  const std::string report = render(samples::hostile_output());
  EXPECT_EQ(report.find('\x1b'), std::string::npos) << report;
  EXPECT_EQ(report.find('\x07'), std::string::npos);
  EXPECT_NE(report.find("  | \\x1b[2J\\x1b[31mred\\x07 \\xff\\xfe \\xed\\xa0\\x80 \\x80 "
                        "\\u009b7m caf\xc3\xa9\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("\xc2\x9b"), std::string::npos) << "C1 CSI must not reach the terminal";
  EXPECT_NE(report.find("saw \"\\x1b[2J"), std::string::npos) << "check messages quote output";
  EXPECT_NE(report.find("Submission: weird\\x1b]0;title\\x07.py"), std::string::npos);
  EXPECT_NE(report.find("caf\xc3\xa9"), std::string::npos) << "valid UTF-8 is kept";
}

TEST(TextReport, ColorOnlyWhenAskedAndOnlyTheGradersOwn) {
  for (const auto& [name, r] : samples::all()) {
    EXPECT_EQ(render(r).find('\x1b'), std::string::npos) << name;
  }
  const std::string report = render(samples::hostile_output(), {.color = true});
  EXPECT_NE(report.find("\x1b[1;31m✗ FAIL\x1b[0m"), std::string::npos) << report;
  // Every ESC in the report starts one of our SGR color sequences; the student's are escaped.
  const std::string without_colors = std::regex_replace(report, std::regex("\x1b\\[[0-9;]*m"), "");
  EXPECT_EQ(without_colors.find('\x1b'), std::string::npos);
  EXPECT_NE(report.find("\\x1b[2J\\x1b[31mred"), std::string::npos);
  EXPECT_EQ(report.find("\x1b[2J"), std::string::npos);
}

TEST(TextReport, LongLinesAreCut) {
  check::GradeResult r = samples::passed();
  r.runs.back().result.out.data = std::string(5000, 'x') + "\n";
  const std::string report = render(r);
  EXPECT_NE(report.find(std::string(300, 'x') + "... (4700 more bytes)\n"), std::string::npos);
  EXPECT_EQ(report.find(std::string(301, 'x')), std::string::npos);
}

TEST(TextReport, StudentSeesHiddenChecksAsOneLineWithoutDetails) {
  for (const bool verbose : {false, true}) {
    const std::string report = render(samples::hidden_checks(),
                                      {.verbose = verbose, .width = 100, .view = View::kStudent});
    EXPECT_NE(
        report.find("  ✓ pass  Prints its own PID                   2/2\n"
                    "  – skip  Starts three children                0/2\n"
                    "          not checked, because it needs a hidden check, which did not pass\n"
                    "  ✗ FAIL  2 hidden checks: 1 passed, 1 failed  2/4\n"
                    "          What these checks look at is not shown; their points count "
                    "in your score.\n"),
        std::string::npos)
        << report;
    for (const char* secret : {"SECRET", "Uses processes", "real process", "hidden check\n"}) {
      EXPECT_EQ(report.find(secret), std::string::npos) << secret << " leaks:\n" << report;
    }
    EXPECT_EQ(last_line(report), "Score: 4/8 — failed");
  }
}

TEST(TextReport, HiddenSummaryWording) {
  check::GradeResult one = samples::hidden_checks();
  one.checks.pop_back();  // only the failed hidden check is left
  EXPECT_NE(render(one).find("✗ FAIL  1 hidden check: failed  0/2\n"
                             "          What this check looks at is not shown; its points count "
                             "in your score.\n"),
            std::string::npos)
      << render(one);
  check::GradeResult passed = samples::hidden_checks();
  passed.checks[1] = passed.runs[0].checks[1];
  EXPECT_NE(render(passed).find("✓ pass  2 hidden checks: all passed"), std::string::npos)
      << render(passed);
}

TEST(TextReport, InstructorSeesHiddenChecksMarked) {
  const std::string report = render(samples::hidden_checks(), {.view = View::kInstructor});
  EXPECT_NE(report.find("  ✗ FAIL  Uses processes, not threads (hidden)          0/2\n"
                        "          SECRET-MESSAGE: saw 1 process, expected at least 3\n"
                        "          Hint: SECRET-HINT: use multiprocessing.Process\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("hidden checks:"), std::string::npos) << report;
}

TEST(ReportColor, UseColorOnlyOnAColorTerminalWithoutNoColor) {
  EXPECT_TRUE(use_color(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(use_color(true, nullptr, nullptr));
  EXPECT_TRUE(use_color(true, "", "xterm")) << "NO_COLOR set but empty does not count";
  EXPECT_FALSE(use_color(false, nullptr, "xterm"));
  EXPECT_FALSE(use_color(true, "1", "xterm"));
  EXPECT_FALSE(use_color(true, nullptr, "dumb"));
}

TEST(ReportColor, PainterLeavesTextAloneWhenDisabled) {
  EXPECT_EQ(Painter(false)(Style::kRed, "x"), "x");
  EXPECT_EQ(Painter(true)(Style::kRed, "x"), "\x1b[31mx\x1b[0m");
  EXPECT_EQ(Painter(true)(Style::kRed, ""), "");
}

// A failed advice check is advice worth knowing: no points, not a failure of the grading.
TEST(TextReport, FailedAdviceShowsAsAdviceAndThePointsLineUp) {
  check::GradeResult r = samples::passed();
  check::CheckResult& advice = r.checks.emplace_back();
  advice.id = "perf-counter";
  advice.title = "Uses perf_counter";
  advice.status = check::CheckStatus::kFail;
  advice.advice = true;
  advice.message = "expected no call of time.time(), found 1 (line 12)";
  advice.hint = "Measure with time.perf_counter().";
  const std::string report = render(r);
  EXPECT_NE(report.find("✓ pass  Prints its own PID     2/2\n"), std::string::npos) << report;
  EXPECT_NE(report.find("→ advice  Uses perf_counter    no points\n"), std::string::npos) << report;
  EXPECT_NE(report.find("    expected no call of time.time(), found 1 (line 12)\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("    Advice: Measure with time.perf_counter().\n"), std::string::npos)
      << report;
  EXPECT_EQ(report.find("FAIL"), std::string::npos) << report;
  EXPECT_EQ(last_line(report), "Score: 6/6 — passed");
}

// The line on what changed since the last attempt comes above the score, so that the report's
// last line is the score whatever the program printed.
TEST(TextReport, WhatChangedComesJustAboveTheScore) {
  const std::string report =
      render(samples::failed(), {.since_last = "Since your last attempt (2 min ago): now "
                                               "passing count; still failing distinct."});
  EXPECT_NE(report.find("still failing distinct.\nScore: 2/6 — failed\n"), std::string::npos)
      << report;
  EXPECT_EQ(last_line(report), "Score: 2/6 — failed");
  EXPECT_EQ(render(samples::failed()).find("Since your last"), std::string::npos);
}

}  // namespace
}  // namespace grade::report

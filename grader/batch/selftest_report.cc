#include "batch/selftest_report.h"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "batch/progress.h"
#include "report/safe_text.h"

namespace grade::batch {

namespace {

constexpr std::size_t kColumns = 5;
using Row = std::array<std::string, kColumns>;

// A path under the course's folder as written from there; others whole.
std::string shown_path(const std::filesystem::path& file, const std::filesystem::path& root) {
  const std::filesystem::path relative = file.lexically_relative(root);
  return relative.empty() || *relative.begin() == ".." ? file.string() : relative.string();
}

Row row_of(const CaseReport& report) {
  const SelftestCase& the_case = report.the_case;
  return {report::one_line(the_case.exercise), report::one_line(the_case.language),
          report::one_line(the_case.name), report::one_line(expectation(the_case)),
          report::one_line(report.happened)};
}

// Columns as a terminal shows them, as fmt pads them: one per code point ("×" is two bytes).
std::size_t columns(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

std::string closing_line(const SelftestReport& report) {
  const std::size_t skipped = static_cast<std::size_t>(std::count_if(
      report.cases.begin(), report.cases.end(), [](const CaseReport& c) { return c.skipped; }));
  const std::size_t failing = report.failing();
  std::string line =
      fmt::format("{} case(s): {} hold{}", report.cases.size(), report.cases.size() - failing,
                  skipped > 0 ? fmt::format(" ({} skipped)", skipped) : "");
  if (failing > 0) {
    line += fmt::format(", {} DO NOT HOLD", failing);
  }
  line += fmt::format("; {} grading(s) in {}", report.gradings, Progress::duration(report.seconds));
  if (report.interrupted) {
    line += " (interrupted)";
  }
  return line;
}

}  // namespace

std::string expectation(const SelftestCase& the_case) {
  switch (the_case.kind) {
    case CaseKind::kSolution:
      return fmt::format("full marks ×{}", the_case.gradings);
    case CaseKind::kTemplate:
      return "to fail";
    case CaseKind::kNearMiss:
      break;
  }
  return the_case.expected_check == kBuildCheck ? "build to fail"
                                                : "to fail on " + the_case.expected_check;
}

void write_selftest_table(std::ostream& out, const SelftestReport& report,
                          const std::filesystem::path& root, bool color) {
  std::vector<Row> rows = {{"exercise", "language", "case", "expected", "result"}};
  for (const CaseReport& c : report.cases) {
    rows.push_back(row_of(c));
  }
  std::array<std::size_t, kColumns> width{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) {
      width[i] = std::max(width[i], columns(row[i]));
    }
  }
  const char* red = color ? "\x1b[31m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const bool bad = r > 0 && !report.cases[r - 1].holds;
    fmt::print(out, "{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}{}{}\n", rows[r][0], width[0], rows[r][1],
               width[1], rows[r][2], width[2], rows[r][3], width[3], bad ? red : "", rows[r][4],
               bad ? reset : "");
    if (bad) {
      const CaseReport& c = report.cases[r - 1];
      fmt::print(out, "    {}\n", report::one_line(shown_path(c.the_case.file, root)));
      if (!c.message.empty()) {
        fmt::print(out, "    {}{}\n", c.first_failing.empty() ? "" : c.first_failing + ": ",
                   report::one_line(c.message));
      }
    }
  }
  fmt::print(out, "\n{}\n", closing_line(report));
}

nlohmann::ordered_json selftest_json(const SelftestReport& report, const std::string& course_id,
                                     const std::filesystem::path& root) {
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  std::size_t skipped = 0;
  for (const CaseReport& c : report.cases) {
    const SelftestCase& the_case = c.the_case;
    skipped += c.skipped ? 1 : 0;
    cases.push_back({
        {"exercise", the_case.exercise},
        {"language", the_case.language},
        {"kind", to_string(the_case.kind)},
        {"name", the_case.name},
        {"file", shown_path(the_case.file, root)},
        {"expected", expectation(the_case)},
        {"expected_check", text_or_null(the_case.expected_check)},
        {"gradings", the_case.absent.empty() ? the_case.gradings : 0},
        {"graded", c.graded},
        {"full_marks", c.full_marks},
        {"holds", c.holds},
        {"skipped", c.skipped},
        {"result", c.happened},
        {"first_failing", text_or_null(c.first_failing)},
        {"message", text_or_null(c.message)},
    });
  }
  return {
      {"selftest_version", 1},
      {"course", course_id},
      {"repeat", report.repeat},
      {"holds", report.holds()},
      {"interrupted", report.interrupted},
      {"cases_total", report.cases.size()},
      {"cases_failing", report.failing()},
      {"cases_skipped", skipped},
      {"gradings", report.gradings},
      {"seconds", report.seconds},
      {"cases", cases},
  };
}

}  // namespace grade::batch

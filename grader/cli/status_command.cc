#include "cli/status_command.h"

#include <algorithm>
#include <array>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "check/notebook.h"
#include "cli/grade_history.h"
#include "cli/history_text.h"
#include "cli/submission_files.h"
#include "cli/terminal_width.h"
#include "report/safe_text.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/untrusted_file.h"

extern char** environ;  // NOLINT: POSIX global

namespace grade::cli {

namespace {

using report::display_width;
using report::one_line;

constexpr std::size_t kColumns = 5;
using Cells = std::array<std::string, kColumns>;
constexpr std::size_t kStoryIndent = 4;  // a verdict story that does not fit, on its own line

// The submission `grade EXERCISE` would grade, and whether it was edited since it was graded.
void find_file(const Context& ctx, const std::string& id, StatusRow& row) {
  try {
    const std::vector<std::filesystem::path> found =
        submission_candidates(ctx.course, ctx.load(id), ctx.cwd);
    row.candidates = found.size();
    if (found.size() == 1) {
      row.file = found.front().filename().string();
    }
    if (found.size() == 1 && row.entry && row.entry->last.file == row.file) {
      // As the grader reads it: never through a link, never more than a notebook may hold.
      const Expected<UntrustedRead> read = read_untrusted(found.front(), check::kMaxNotebookBytes);
      row.changed =
          !read || !read->refused.empty() || sha256_hex(read->content) != row.entry->last.sha256;
    }
  } catch (const Error& e) {
    row.problem = e.what();
  }
}

std::string result_cell(const StatusRow& row) {
  if (!row.problem.empty()) {
    return "its spec does not load";
  }
  if (!row.entry) {
    return "not graded";
  }
  const history::Attempt& last = row.entry->last;
  return last.verdict == "error"
             ? "error"
             : fmt::format("{} {}/{}", last.verdict, last.score, last.max_score);
}

std::string file_cell(const StatusRow& row) {
  if (row.candidates > 1) {
    return fmt::format("{} files", row.candidates);
  }
  return row.file.empty() ? "missing" : one_line(row.file) + (row.changed ? "*" : "");
}

Cells cells_of(const StatusRow& row, history::Time now) {
  return {one_line(row.exercise), file_cell(row), result_cell(row),
          row.entry ? history::when(row.entry->last.time, now) : "",
          row.entry ? history::verdict_story(*row.entry, now) : ""};
}

std::string pad(const std::string& s, std::size_t width) {
  return s + std::string(width - std::min(width, display_width(s)), ' ');
}

// Columns as wide as their widest cell; a row too wide for `width` puts its last cell on a
// line of its own.
std::string table(const std::vector<Cells>& rows, std::size_t width) {
  std::array<std::size_t, kColumns> widths{};
  for (const Cells& row : rows) {
    for (std::size_t c = 0; c + 1 < kColumns; ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  const auto trimmed = [](const std::string& line) {
    return line.substr(0, line.find_last_not_of(' ') + 1);
  };
  std::string out;
  for (const Cells& row : rows) {
    std::string head;
    for (std::size_t c = 0; c + 1 < kColumns; ++c) {
      head += pad(row[c], widths[c]) + "  ";
    }
    const std::string& story = row[kColumns - 1];
    if (!story.empty() && display_width(head) + display_width(story) > width) {
      out += trimmed(head) + "\n" + std::string(kStoryIndent, ' ') + story + "\n";
    } else {
      out += trimmed(head + story) + "\n";
    }
  }
  return out;
}

// The current folder is the course's own folder or one inside it (a student's work kept in a
// clone of the course).
bool in_course_folder(const Context& ctx) {
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::weakly_canonical(ctx.course.root, ec);
  const std::filesystem::path here = std::filesystem::weakly_canonical(ctx.cwd, ec);
  const std::filesystem::path inside = here.lexically_relative(root);
  return !ec && !inside.empty() && *inside.begin() != "..";
}

}  // namespace

std::vector<StatusRow> status_rows(const Context& ctx, const GradeOptions& options) {
  // Read even when recording is off: it only shows what was kept before.
  GradeOptions reading = options;
  reading.history = true;
  const std::optional<history::Store> store = history_store(reading);
  std::vector<StatusRow> rows;
  for (const std::string& id : ctx.course.exercise_ids()) {
    StatusRow row;
    row.exercise = id;
    if (store) {
      row.entry = store->load(history_key(ctx.course, ctx.cwd, id));
    }
    find_file(ctx, id, row);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string status_text(const std::vector<StatusRow>& rows, history::Time now, std::size_t width) {
  std::vector<Cells> cells{{"exercise", "file", "last result", "when", "verdict"}};
  for (const StatusRow& row : rows) {
    cells.push_back(cells_of(row, now));
  }
  std::string out = table(cells, width);
  out += fmt::format("{} of {} exercises passed.\n", passed_count(rows), rows.size());
  if (std::any_of(rows.begin(), rows.end(), [](const StatusRow& row) { return row.changed; })) {
    out += "* edited since it was last graded: grade it again to see where it stands.\n";
  }
  return out;
}

std::size_t passed_count(const std::vector<StatusRow>& rows) {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const auto& row) {
    return row.entry && row.entry->standing == "passed";
  }));
}

bool status_worth_showing(const Context& ctx, const std::vector<StatusRow>& rows) {
  return in_course_folder(ctx) || std::any_of(rows.begin(), rows.end(), [](const auto& row) {
           return row.candidates > 0 || row.entry.has_value();
         });
}

int show_status(const Context& ctx, const GradeOptions& options,
                const std::vector<StatusRow>& rows) {
  switch (options.format) {
    case Format::kText:
      fmt::print(ctx.out, "{}",
                 status_text(rows, history_now(), text_width(environ, STDOUT_FILENO)));
      return 0;
    case Format::kJson:
      fmt::print(ctx.out, "{}", status_json(ctx, rows));
      return 0;
    case Format::kGradescope:
    case Format::kJunit:
      break;
  }
  throw Error(ErrorKind::kUsage, "grade status writes --format text or json");
}

void add_status_command(CLI::App& app, CommandLine& line) {
  add_command(app, line, "status",
              "Where you stand with every exercise: your file, the last result, when it changed",
              [&line](const Context& ctx) {
                return show_status(ctx, line.grade, status_rows(ctx, line.grade));
              });
}

}  // namespace grade::cli

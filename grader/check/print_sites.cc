#include "check/print_sites.h"

#include <fmt/format.h>

namespace grade::check {

namespace {

constexpr std::size_t kShortest = 3;  // "ID:" is a clue; "a" is not

// The constant start of each one-line string literal of `line` (Python): what a print of it
// begins with, whatever its placeholders become.
std::vector<std::string> literal_starts(std::string_view line) {
  std::vector<std::string> starts;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#') {
      break;
    }
    if (line[i] != '"' && line[i] != '\'') {
      continue;
    }
    const char quote = line[i];
    const std::size_t end = line.find(quote, i + 1);
    const std::string_view body =
        line.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
    const std::string_view start = body.substr(0, body.find_first_of("{%\\"));
    if (start.size() >= kShortest) {
      starts.emplace_back(start);
    }
    if (end == std::string_view::npos) {
      break;
    }
    i = end;
  }
  return starts;
}

}  // namespace

PrintSites::PrintSites(const Notebook& notebook) {
  for (const CodeCell& cell : notebook.code) {
    std::string_view rest = cell.source;
    for (int line = 1; !rest.empty(); ++line) {
      const std::size_t end = rest.find('\n');
      for (std::string& text : literal_starts(rest.substr(0, end))) {
        sites_.push_back({std::move(text), cell.number, line});
      }
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
  }
}

std::string PrintSites::where(std::string_view printed) const {
  const Site* best = nullptr;
  bool tie = false;
  for (const Site& site : sites_) {
    if (!printed.starts_with(site.text)) {
      continue;
    }
    if (best == nullptr || site.text.size() > best->text.size()) {
      best = &site;
      tie = false;
    } else if (site.text.size() == best->text.size() &&
               (site.cell != best->cell || site.line != best->line)) {
      tie = true;
    }
  }
  return best == nullptr || tie ? std::string()
                                : fmt::format("cell {}, line {}", best->cell, best->line);
}

}  // namespace grade::check

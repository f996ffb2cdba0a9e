#include "check/source_facts.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/notebook_magics.h"

namespace grade::check {

namespace {

using nlohmann::json;

int read_int(const json& j, const char* key, int missing) {
  const auto it = j.find(key);
  if (it == j.end()) {
    if (missing < 0) {
      throw std::invalid_argument(fmt::format("'{}' is missing", key));
    }
    return missing;
  }
  const auto value = it->get<std::int64_t>();
  if (value < 0 || value > 100'000'000) {
    throw std::invalid_argument(fmt::format("'{}' is out of range", key));
  }
  return static_cast<int>(value);
}

SourcePosition read_position(const json& j) {
  return {read_int(j, "cell", 0), read_int(j, "line", -1)};
}

std::vector<SourceFact> read_named(const json& doc, const char* key) {
  std::vector<SourceFact> facts;
  for (const json& item : doc.at(key)) {
    facts.push_back({item.at("name").get<std::string>(), read_position(item)});
  }
  return facts;
}

}  // namespace

std::string SourcePosition::str() const {
  return cell > 0 ? fmt::format("cell {}, line {}", cell, line) : fmt::format("line {}", line);
}

Expected<SourceFacts> parse_source_facts(std::string_view text) {
  if (text.size() > kMaxSourceFactsBytes) {
    return unexpected(fmt::format("its answer is larger than {} bytes", kMaxSourceFactsBytes));
  }
  SourceFacts facts;
  try {
    const json doc = json::parse(text);
    if (const auto error = doc.find("syntax_error"); error != doc.end()) {
      facts.syntax_error =
          SourceFacts::SyntaxError{read_position(*error), error->at("message").get<std::string>()};
      return facts;
    }
    facts.imports = read_named(doc, "imports");
    facts.calls = read_named(doc, "calls");
    facts.withs = read_named(doc, "with");
    for (const json& item : doc.at("main_guard")) {
      facts.main_guards.push_back(read_position(item));
    }
  } catch (const std::exception& e) {  // nlohmann's and read_int's: a malformed answer
    return unexpected(fmt::format("its answer is not what it should print: {}", e.what()));
  }
  return facts;
}

SourceAnalysis source_analysis(const std::string* cells, const std::string& source) {
  // Never the program's name: a student's file named like the analyzer would be run as it.
  std::string script = ".grade-source-facts.py";
  std::string cells_file = ".grade-cells.json";
  while (source == script || source == cells_file) {
    script.insert(0, "_");
    cells_file.insert(0, "_");
  }
  SourceAnalysis analysis;
  analysis.files.emplace_back(script, std::string(source_facts_script()));
  // -I -S: no environment, no site-packages, as the build's compile check.
  analysis.command = {"{interpreter}", "-I", "-S", script};
  if (cells != nullptr) {
    analysis.files.emplace_back(cells_file, *cells);
    analysis.command.insert(analysis.command.end(), {"--cells", cells_file});
  } else {
    analysis.command.insert(analysis.command.end(), {"--file", "{source}"});
  }
  return analysis;
}

std::string source_facts_cells(const Notebook& notebook) {
  json cells = json::array();
  for (const CodeCell& cell : notebook.code) {
    const TranslatedCell translated = translate_cell(cell.source, cell.number);
    // %%writefile text is a file's, not the program's; display-only cells run nothing.
    if (translated.kind != CellKind::kSkip && translated.kind != CellKind::kWriteFile) {
      cells.push_back({cell.number, translated.python});
    }
  }
  return cells.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace grade::check

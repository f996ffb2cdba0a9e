// How a program is written, as its language's analyzer reports it (check/source_facts.py,
// Python's own ast module, run in a run's sandbox): imports, calls and `with` statements
// resolved through import aliases, and the `__main__` guard, each with where it was written.
// Checks decide on these facts (check/source_checks.cc); the analyzer decides nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/notebook.h"
#include "util/expected.h"

namespace grade::check {

struct SourcePosition {
  int cell = 0;  // a notebook's cell number; 0 for a plain program
  int line = 0;

  std::string str() const;  // "line 12", "cell 3, line 2"
  auto operator<=>(const SourcePosition&) const = default;
};

struct SourceFact {
  std::string name;  // "threading.Lock", "threading.Lock.acquire", "multiprocessing"
  SourcePosition at;
};

struct SourceFacts {
  std::vector<SourceFact> imports;  // modules: import a.b (a.b), from a import b (a)
  std::vector<SourceFact> calls;
  std::vector<SourceFact> withs;            // what a `with` statement is over
  std::vector<SourcePosition> main_guards;  // module-level if __name__ == "__main__":
  struct SyntaxError {
    SourcePosition at;
    std::string message;
  };
  std::optional<SyntaxError> syntax_error;  // then there are no other facts
};

// More than the analyzer ever prints (1000 facts of each kind); a longer answer is not its.
inline constexpr std::size_t kMaxSourceFactsBytes = std::size_t{1} << 20;

// The analyzer's answer, checked field by field; a failure says what was wrong with it.
Expected<SourceFacts> parse_source_facts(std::string_view json);

// The analyzer's text, built into the grader.
std::string_view source_facts_script();

// One analysis: the files to place beside the program (the analyzer, a notebook's cells) and
// its command, a template like a language's ("{interpreter}", "{source}").
struct SourceAnalysis {
  std::vector<std::pair<std::string, std::string>> files;  // name, content
  std::vector<std::string> command;
};
// `cells`: a notebook's, from source_facts_cells(); null: a plain program, read from "{source}".
// `source` is the program's file name, which the analyzer's files never take.
SourceAnalysis source_analysis(const std::string* cells, const std::string& source);

// The analyzer's input for a notebook: its code cells that run, as the magics translation
// makes them (check/notebook_magics.h), as [[cell, source], ...]. The runner is never read.
std::string source_facts_cells(const Notebook& notebook);

}  // namespace grade::check

// The value of a line selector (spec/references.h) on one matched line: a capture, the
// creator of the process a captured PID names, or something about the task that wrote the
// line. Who wrote a line is known only for an observed run and a line one task wrote whole.
#pragma once

#include <string>
#include <vector>

#include "check/extract.h"
#include "run/run_result.h"
#include "spec/references.h"

namespace grade::check {

struct LineValue {
  enum class State {
    kKnown,
    kUndefined,  // no such value for this line (a printed PID that names no process)
    kUnknown,    // the grader could not see it (who wrote the line): the check is skipped
  };
  State state = State::kKnown;
  std::string text;  // kKnown: "4101", "true"
  std::string why;   // otherwise: a sentence fragment saying why
  int line = 0;      // the line it is on (values_of)
};

// The one value of `selector` on a line (a capture with several per line: its whole text).
LineValue value_on(const spec::LineSelector& selector, const Match& match,
                   const run::Observation& observation);

// The values of `selector` on a line: one, or one per value of a capture with several per
// line (split, findall), and `.parent` of each of those.
std::vector<LineValue> values_on(const spec::LineSelector& selector, const Match& match,
                                 const run::Observation& observation);

// The values of `selector` on every line of its extractor, in output order.
std::vector<LineValue> values_of(const spec::LineSelector& selector, const Extraction& extraction,
                                 const run::Observation& observation);

// The first value the grader could not see, or nullptr.
const LineValue* first_unknown(const std::vector<LineValue>& values);

// Who wrote the line: "the main thread (TID 4100)", "process 4101"; "" when unknown.
std::string describe_author(const Match& match, const run::Observation& observation);

// The lines of `extractor` (by 1-based line number) whose bytes went out in one write with
// bytes of another line. The threads of a process share its output buffer (Python's
// sys.stdout), and one thread's write may carry another's line: which thread printed such a
// line is not known, though its process is.
std::vector<int> lines_sharing_a_write(const Extraction& extraction,
                                       const spec::Extractor& extractor, const run::RunResult& run);

// How messages name a selector's values: "threads" for author.tid, "processes" for
// author.pid and author.parent_pid; "" for the others.
std::string author_noun(const spec::LineSelector& selector);

}  // namespace grade::check

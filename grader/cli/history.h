// A student's memory of progress: the last grading of each exercise in each of their folders,
// and the last time its verdict changed, kept in their own cache (cli/history_store.h) for
// `grade status` and for the line on what changed since the last attempt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/result.h"

namespace grade::cli::history {

// Seconds since the epoch.
using Time = std::int64_t;

struct CheckState {
  std::string id;
  std::string status;   // "pass" | "fail" | "skip"
  bool advice = false;  // `level: advice`: never decides anything, left out of comparisons
};

struct Attempt {
  Time time = 0;
  std::string file;  // the submission's file name as graded
  std::string sha256;
  std::string verdict;  // "passed" | "failed" | "error"
  int score = 0;
  int max_score = 0;
  std::vector<CheckState> checks;  // of the deciding run, in the report's order
};

// When the verdict last went from passed to failed or back. An error is the grader's trouble,
// not the student's, so it never counts as a change.
struct VerdictChange {
  Time time = 0;
  std::string from;
  std::string to;
};

// Whose history an entry is: a course, a folder (absolute) and an exercise.
struct Key {
  std::string course;
  std::string folder;
  std::string exercise;
};

struct Entry {
  Key key;
  Attempt last;
  std::string standing;     // the latest "passed" or "failed"; "" while every attempt was an error
  Time standing_since = 0;  // the first attempt of the standing verdict since it last changed
  std::optional<VerdictChange> change;
};

// What is remembered of a grading of `file` made at `time`.
Attempt attempt_of(const check::GradeResult& result, std::string file, Time time);

// The entry after `attempt`, given the one before it (none: the first attempt).
Entry advance(const std::optional<Entry>& previous, const Key& key, Attempt attempt);

// The entry as one JSON document.
std::string to_json(const Entry& entry);

// The entry a document holds if it is one of this format and version, complete, well typed and
// of `key`; anything else (another program's file, a damaged one, another key) is nothing.
std::optional<Entry> from_json(std::string_view text, const Key& key);

}  // namespace grade::cli::history

// One grading of one student's submission for one exercise, as the gradebook stores it: plain
// values, built from a worker's JSON result document (docs/result.schema.json) or, when there
// is no document, for a missing submission or a worker that died.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/result.h"
#include "util/expected.h"

namespace grade::batch {

enum class AttemptStatus {
  kPassed,   // the document's status
  kFailed,   // the document's status
  kError,    // the grader could not grade, or the worker died: worth retrying
  kMissing,  // the student's folder has no file for the exercise
};

std::string_view to_string(AttemptStatus status);  // "passed" | "failed" | "error" | "missing"
std::optional<AttemptStatus> attempt_status_from(std::string_view text);
std::optional<check::CheckStatus> check_status_from(std::string_view text);  // "pass" | ...

// One entry of the document's top-level "checks" (the deciding run's).
struct CheckRow {
  std::string id;
  std::string title;
  check::CheckStatus status = check::CheckStatus::kSkip;
  int points = 0;
  int max_points = 0;
  bool hidden = false;  // not shown to the student; optional in the document, default false
  bool unobserved = false;

  bool operator==(const CheckRow&) const = default;
};

// One check of a result document: its gradebook row and the texts a report shows.
struct DocumentCheck {
  CheckRow row;
  std::string message;  // optional in the document, default ""
  std::string hint;     // optional in the document, default ""

  bool operator==(const DocumentCheck&) const = default;
};

// A worker's result document (docs/result.schema.json), the fields the batch reads, each
// checked: what the gradebook records and what its exports show beyond the gradebook's rows.
struct ResultDocument {
  std::string exercise;                          // exercise.id
  std::string grader_version;                    // grader.version
  std::string content_sha256;                    // submission.sha256
  AttemptStatus status = AttemptStatus::kError;  // passed, failed or error
  int score = 0;
  int max_score = 0;
  // scoring.reason: why the scoring policy made the score 0; "" for none (and for documents
  // before schema version 10, which have no scoring).
  std::string score_reason;
  std::string error;                  // "" for null
  bool build_failed = false;          // a build ran and failed (build optional, may be null)
  std::vector<DocumentCheck> checks;  // in document order
};

struct Attempt {
  std::string attempt_id;  // 32 lowercase hex digits, random: ids of shards never collide
  std::string student;
  std::string exercise;
  std::string content_sha256;  // of the submission; "" when it was missing or unreadable
  std::string spec_sha256;     // of the exercise spec it was graded against
  AttemptStatus status = AttemptStatus::kError;
  int score = 0;
  int max_score = 0;
  std::string started_at;  // utc_timestamp(): fixed width, so text order is time order
  double seconds = 0;      // wall time of the whole grading
  std::string grader_version;
  std::string host;
  std::string error;                       // "" when none
  std::optional<std::string> result_json;  // the worker's document, as it wrote it
  std::vector<CheckRow> checks;            // in document order

  bool operator==(const Attempt&) const = default;
};

// What the batch parent knows about one grading besides the worker's document.
struct GradingContext {
  std::string student;
  std::string exercise;
  std::string spec_sha256;
  std::string started_at;  // utc_timestamp()
  double seconds = 0;
  std::string host;
};

// The one reader of result documents. Fails, saying which field, when the text is not such a
// document.
Expected<ResultDocument> parse_result_document(std::string_view json);

// Parses a worker's result document into an attempt with a new id. Fails, saying which field,
// when the text is not such a document or is about another exercise: the caller records the
// failure as error_attempt(), so a broken worker never stops a batch.
Expected<Attempt> attempt_from_result_json(std::string_view json, const GradingContext& context);

// The student's folder has no file for the exercise. `max_score`: the exercise's points.
Attempt missing_attempt(const GradingContext& context, int max_score);

// No usable document: the worker died, timed out or wrote garbage. `error` says which.
Attempt error_attempt(const GradingContext& context, std::string content_sha256, std::string error);

// A random 128-bit id, 32 lowercase hex digits (getrandom).
std::string new_attempt_id();

// "2024-05-01T09:30:00.250Z": UTC, milliseconds, always 24 characters.
std::string utc_timestamp(std::chrono::system_clock::time_point time);
inline std::string utc_timestamp() { return utc_timestamp(std::chrono::system_clock::now()); }

// The shape checks the gradebook relies on, so a bad value fails with a clear message.
bool is_attempt_id(std::string_view text);
bool is_utc_timestamp(std::string_view text);

}  // namespace grade::batch

// An attempt of the gradebook as the HTML reports show it: its result document
// (docs/result.schema.json) read once into report::AttemptDetails.
#pragma once

#include <string_view>

#include "batch/attempt.h"
#include "report/html_attempt.h"
#include "util/expected.h"

namespace grade::batch {

// The document's exercise, score, checks and runs (output, tasks). Leniently read: a field
// missing or of another type takes its default, so an older document still shows what it
// has; fails only when the text is not a JSON object. The anchor is "attempt-<attempt id>".
Expected<report::AttemptDetails> details_from_result_json(std::string_view json,
                                                          const Attempt& attempt);

// Details of an attempt without a document (missing file, a worker that died): its status,
// score and error alone.
report::AttemptDetails details_without_document(const Attempt& attempt);

}  // namespace grade::batch

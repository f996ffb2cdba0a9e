// A CSV file read so that it can be written back as it was: each field keeps its bytes as they
// stood in the file (quotes and all) beside its value, each record its own line end, the file
// its UTF-8 byte order mark and its separator. Canvas writes its gradebook export with `,` or,
// in locales with a decimal comma, `;`; a spreadsheet that saved it may have changed the line
// ends. Only the fields set with `set_field` are written anew, so the rest of an instructor's
// file comes back byte for byte.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace grade::batch {

struct RawField {
  std::string raw;    // as in the file: "\"Doe, Jane\""
  std::string value;  // what it means: Doe, Jane
};

struct RawRecord {
  std::vector<RawField> fields;
  std::string line_end;  // "\r\n", "\n", "\r", or "" for a last record without one
  std::size_t line = 0;  // 1-based line of the file where the record starts
};

struct RawCsv {
  std::string bom;  // "\xEF\xBB\xBF" or ""
  char separator = ',';
  std::vector<RawRecord> records;
};

// Reads `text`. The separator is `;` when the first record has more fields split at `;` than
// at `,`, else `,`. A quote left open at the end of the file is an error naming its line.
Expected<RawCsv> read_raw_csv(std::string_view text);

// The file again: unchanged fields as they were read.
void write_raw_csv(std::ostream& out, const RawCsv& csv);

// Sets a field to `value`, written as the project writes every CSV cell (batch/csv.h): a
// leading ' when a spreadsheet would take it for a formula, quoted when it holds the
// separator, a quote, CR or LF. A record shorter than `column` is padded with empty fields.
void set_field(RawRecord& record, std::size_t column, std::string_view value, char separator);

}  // namespace grade::batch

// Writing CSV as RFC 4180 says: fields separated by commas, records ended by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF, with its quotes doubled.
//
// CSV files end up in spreadsheets, which run a cell that starts with =, +, - or @ as a
// formula (=HYPERLINK can send the sheet's data away), and some skip a leading tab or CR
// before deciding. Such a field gets a leading ', as OWASP advises against CSV injection, and
// is read as text. Only text a student chose can start so: the numbers grade writes are never
// negative (the gradebook's schema checks scores >= 0), so they stay numbers.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace grade::batch {

// True when a spreadsheet could take `value` for a formula: it starts with =, +, -, @, tab or CR.
bool looks_like_formula(std::string_view value);

// The field as written: ' added when it looks like a formula, then quoted when it needs to be.
std::string csv_field(std::string_view value);
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace grade::batch

// Writing CSV as RFC 4180 says: fields separated by commas, records ended by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF, with its quotes doubled.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace grade::batch {

std::string csv_field(std::string_view value);
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace grade::batch

#include "batch/csv.h"

namespace grade::batch {

bool looks_like_formula(std::string_view value) {
  return !value.empty() &&
         std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
}

std::string csv_field(std::string_view value) {
  std::string text = looks_like_formula(value) ? "'" + std::string(value) : std::string(value);
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  quoted += '"';
  return quoted;
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out << ',';
    }
    out << csv_field(fields[i]);
  }
  out << "\r\n";
}

}  // namespace grade::batch

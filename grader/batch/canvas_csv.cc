#include "batch/canvas_csv.h"

#include <fmt/format.h>

#include "batch/csv.h"

namespace grade::batch {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// `,` or `;`, whichever splits the first record into more fields (quotes respected): what
// Canvas's own importer decides as well.
char guess_separator(std::string_view text) {
  int commas = 0;
  int semicolons = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      break;
    } else if (!quoted) {
      commas += c == ',' ? 1 : 0;
      semicolons += c == ';' ? 1 : 0;
    }
  }
  return semicolons > commas ? ';' : ',';
}

class Reader {
 public:
  Reader(std::string_view text, char separator) : text_(text), separator_(separator) {}

  bool done() const { return pos_ >= text_.size(); }

  Expected<RawRecord> record() {
    RawRecord record;
    record.line = line_;
    while (true) {
      const std::size_t start = pos_;
      Expected<std::string> value = field();
      if (!value) {
        return unexpected(value.error());
      }
      record.fields.push_back({std::string(text_.substr(start, pos_ - start)), *value});
      if (pos_ < text_.size() && text_[pos_] == separator_) {
        ++pos_;
        continue;
      }
      record.line_end = line_end();
      return record;
    }
  }

 private:
  // CRLF, LF, or a CR alone, as the CSV files of older spreadsheets on a Mac end their lines.
  bool at_line_end() const {
    return pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r';
  }

  std::string line_end() {
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '\r') {
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
    }
    line_ += pos_ > start ? 1 : 0;
    return std::string(text_.substr(start, pos_ - start));
  }

  // One field's value; pos_ ends on the separator, the line end or the end of the text. Text
  // after a closing quote is kept as it is, as lenient readers (and spreadsheets) do.
  Expected<std::string> field() {
    std::string value;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const std::size_t opened_at = line_;
      ++pos_;
      while (true) {
        const std::size_t quote = text_.find('"', pos_);
        if (quote == std::string_view::npos) {
          return unexpected(fmt::format("line {}: a quoted field is never closed", opened_at));
        }
        append_counting_lines(value, text_.substr(pos_, quote - pos_));
        pos_ = quote + 1;
        if (pos_ < text_.size() && text_[pos_] == '"') {
          value += '"';
          ++pos_;
          continue;
        }
        break;
      }
    }
    while (!at_line_end() && text_[pos_] != separator_) {
      value += text_[pos_++];
    }
    return value;
  }

  void append_counting_lines(std::string& value, std::string_view part) {
    for (std::size_t i = 0; i < part.size(); ++i) {
      const bool lone_cr = part[i] == '\r' && (i + 1 == part.size() || part[i + 1] != '\n');
      line_ += part[i] == '\n' || lone_cr ? 1U : 0U;
    }
    value += part;
  }

  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

Expected<RawCsv> read_raw_csv(std::string_view text) {
  RawCsv csv;
  if (text.substr(0, kBom.size()) == kBom) {
    csv.bom = kBom;
    text.remove_prefix(kBom.size());
  }
  csv.separator = guess_separator(text);
  Reader reader(text, csv.separator);
  while (!reader.done()) {
    Expected<RawRecord> record = reader.record();
    if (!record) {
      return unexpected(record.error());
    }
    csv.records.push_back(std::move(*record));
  }
  return csv;
}

void write_raw_csv(std::ostream& out, const RawCsv& csv) {
  out << csv.bom;
  for (const RawRecord& record : csv.records) {
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      if (i > 0) {
        out << csv.separator;
      }
      out << record.fields[i].raw;
    }
    out << record.line_end;
  }
}

void set_field(RawRecord& record, std::size_t column, std::string_view value, char separator) {
  if (record.fields.size() <= column) {
    record.fields.resize(column + 1);
  }
  // csv_field quotes for a comma; with another separator, the separator must be quoted too.
  // An unquoted field holds no quote, so quoting it needs no doubling.
  std::string raw = csv_field(value);
  if (separator != ',' && raw.find(separator) != std::string::npos && raw.front() != '"') {
    raw = '"' + raw + '"';
  }
  record.fields[column] = {std::move(raw), std::string(value)};
}

}  // namespace grade::batch

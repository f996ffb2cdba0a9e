#include "spec/expression_reader.h"

#include <fstream>
#include <string>

#include <fmt/format.h>

#include "util/error.h"

namespace grade::spec {

namespace {

// The column (1-based) of character `offset` of the scalar `node`, when its line in the file
// shows the scalar as written up to there: plain or quoted on one line, no escapes before it.
// 0 when it does not (a block scalar, an escape, a scalar folded over lines).
int column_of(const Location& at, const YAML::Node& node, std::size_t offset) {
  std::ifstream in(at.file);
  std::string line;
  for (int n = 0; n < at.line && std::getline(in, line);) {
    ++n;
    if (n < at.line) {
      continue;
    }
    std::size_t start = static_cast<std::size_t>(at.column - 1);
    if (start < line.size() && (line[start] == '"' || line[start] == '\'')) {
      ++start;
    }
    const std::string& scalar = node.Scalar();
    const std::size_t shown = std::min(offset, scalar.size());
    if (line.compare(start, shown, scalar, 0, shown) == 0) {
      return static_cast<int>(start + offset) + 1;
    }
  }
  return 0;
}

}  // namespace

Expression read_expression(const YamlReader& reader, const YAML::Node& node,
                           const ExpressionScope& scope, std::string_view what) {
  const std::string text = reader.string(node, what);
  ParsedExpression parsed = parse_expression(text, scope);
  if (parsed.expression) {
    return std::move(*parsed.expression);
  }
  const Location at = reader.where(node);
  const int column = at.line > 0 ? column_of(at, node, parsed.error.offset) : 0;
  if (column == 0) {
    reader.fail(node, fmt::format("{} (at character {} of {} '{}')", parsed.error.message,
                                  parsed.error.offset + 1, what, text));
  }
  throw Error(ErrorKind::kSpec,
              fmt::format("{}:{}:{}: {}", at.file, at.line, column, parsed.error.message));
}

}  // namespace grade::spec

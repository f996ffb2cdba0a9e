// A hand-written recursive-descent parser: every error carries the offset of what is wrong,
// which the loader turns into file:line:col. Depth is capped, so no text takes the stack.
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | name | function '(' name ')' | '(' expr ')'
#include "spec/expression.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "spec/exercise.h"
#include "util/text.h"

namespace grade::spec {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_name_char(char c) {
  return is_name_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

// Thrown inside the parser only; parse_expression returns it as a value.
struct Failure {
  ExpressionError error;
};

[[noreturn]] void fail(std::size_t offset, std::string message) {
  throw Failure{{offset, std::move(message)}};
}

std::string suggestion(std::string_view word, const std::vector<std::string>& known) {
  const auto closest = text::closest_match(word, known);
  return closest ? fmt::format(" (did you mean '{}'?)", *closest) : "";
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Turns names into leaves: what a name may stand for depends on the scope.
class Resolver {
 public:
  explicit Resolver(const ExpressionScope& scope) : scope_(scope) {}

  ExprNode name(const std::string& s, std::size_t at) const {
    try {
      return resolve(s, at);
    } catch (Failure& failure) {
      if (s.find('-') != std::string::npos) {
        failure.error.message += "; to subtract, write spaces around '-' (a - b)";
      }
      throw;
    }
  }

  ExprNode resolve(const std::string& s, std::size_t at) const {
    ExprNode node;
    node.offset = at;
    node.text = s;
    if (const auto fact = find_fact(s)) {
      if (fact->is_set()) {
        fail(at, fmt::format("'{}' is a set of values, not a number; its size is "
                             "observed.{}.count",
                             s, task_set_name(fact->tasks)));
      }
      node.kind = ExprNode::Kind::kFact;
      node.fact = *fact;
      return node;
    }
    const std::vector<std::string> parts = split_at_dots(s);
    const Extractor* extractor = scope_.exercise.find_extractor(parts[0]);
    if (extractor == nullptr || parts.size() < 2 || parts.size() > 3) {
      fail(at, fmt::format("unknown name '{}'{}", s, suggestion(s, known_names())));
    }
    node.selector = selector(*extractor, parts, s, at);
    if (extractor->name == scope_.line_extractor) {
      node.kind = ExprNode::Kind::kSelector;
      return node;
    }
    node.kind = ExprNode::Kind::kCapture;
    single_value(node.selector, s, at);
    return node;
  }

  // count(extractor), distinct(extractor.capture)
  ExprNode call(const std::string& function, const std::string& argument, std::size_t at,
                std::size_t argument_at) const {
    ExprNode node;
    node.offset = at;
    node.text = fmt::format("{}({})", function, argument);
    if (function == "count") {
      node.kind = ExprNode::Kind::kCount;
      if (scope_.exercise.find_extractor(argument) == nullptr) {
        fail(argument_at, fmt::format("count takes an extractor, and '{}' is none{}", argument,
                                      suggestion(argument, extractor_names())));
      }
      node.selector.extractor = argument;
      return node;
    }
    if (function == "distinct") {
      node.kind = ExprNode::Kind::kDistinct;
      const std::vector<std::string> parts = split_at_dots(argument);
      const Extractor* extractor = scope_.exercise.find_extractor(parts[0]);
      if (extractor == nullptr || parts.size() < 2 || parts.size() > 3) {
        fail(argument_at, fmt::format("distinct takes a line selector such as "
                                      "'extractor.capture', found '{}'{}",
                                      argument, suggestion(argument, capture_names())));
      }
      node.selector = selector(*extractor, parts, argument, argument_at);
      return node;
    }
    fail(at, fmt::format("unknown function '{}' (known: count, distinct){}", function,
                         suggestion(function, {"count", "distinct"})));
  }

 private:
  LineSelector selector(const Extractor& extractor, const std::vector<std::string>& parts,
                        const std::string& s, std::size_t at) const {
    LineSelector sel{LineSelector::Kind::kCapture, extractor.name, parts[1]};
    if (parts.size() == 3 && parts[1] == "author") {
      sel.capture.clear();
      sel.kind = author_kind(parts[2], at);
    } else if (!has(extractor.captures, parts[1])) {
      fail(at,
           fmt::format("extractor '{}' has no named group '{}' (it has: {}){}", extractor.name,
                       parts[1],
                       extractor.captures.empty() ? "none" : text::join(extractor.captures, ", "),
                       suggestion(parts[1], extractor.captures)));
    } else if (parts.size() == 3) {
      if (parts[2] != "parent") {
        fail(at, fmt::format("only 'parent' may follow a capture, as in '{}.{}.parent'", parts[0],
                             parts[1]));
      }
      sel.kind = LineSelector::Kind::kCaptureParent;
    }
    if (sel.is_boolean()) {
      fail(at, fmt::format("'{}' is true or false, not a number", s));
    }
    return sel;
  }

  LineSelector::Kind author_kind(const std::string& field, std::size_t at) const {
    if (const auto kind = find_author_field(field)) {
      return *kind;
    }
    const std::vector<std::string> fields = author_field_names();
    fail(at, fmt::format("unknown author field '{}' (known: {}){}", field, text::join(fields, ", "),
                         suggestion(field, fields)));
  }

  // A name of another line than the one checked: one number only when its extractor
  // matches at most one line.
  void single_value(const LineSelector& sel, const std::string& s, std::size_t at) const {
    if (sel.kind != LineSelector::Kind::kCapture) {
      fail(at, scope_.line_extractor.empty()
                   ? fmt::format("'{}' has a value per line, and a bound is one number for the "
                                 "run; count lines with count({}) or values with distinct({})",
                                 s, sel.extractor, s)
                   : fmt::format("'{}' is a value of each line of '{}', not of the '{}' line "
                                 "checked",
                                 s, sel.extractor, scope_.line_extractor));
    }
    if (scope_.one_line && scope_.one_line(sel.extractor)) {
      return;
    }
    const std::string fix = scope_.one_line_fix ? scope_.one_line_fix(sel.extractor) : "";
    fail(at, scope_.line_extractor.empty()
                 ? fmt::format("'{}' has a value per line, and a bound is one number for the "
                               "run; count lines with count({}), values with distinct({}), or "
                               "{}",
                               s, sel.extractor, s, fix)
                 : fmt::format("'{}' is compared as one value, but extractor '{}' may match "
                               "several lines; {}",
                               s, sel.extractor, fix));
  }

  std::vector<std::string> extractor_names() const {
    std::vector<std::string> names;
    for (const Extractor& e : scope_.exercise.extractors) {
      names.push_back(e.name);
    }
    return names;
  }

  std::vector<std::string> capture_names() const {
    std::vector<std::string> names;
    for (const Extractor& e : scope_.exercise.extractors) {
      for (const std::string& capture : e.captures) {
        names.push_back(e.name + "." + capture);
      }
    }
    return names;
  }

  std::vector<std::string> known_names() const {
    std::vector<std::string> names = capture_names();
    for (std::string& fact : fact_names()) {
      names.push_back(std::move(fact));
    }
    if (!scope_.line_extractor.empty()) {
      for (const std::string& field : author_field_names()) {
        names.push_back(fmt::format("{}.author.{}", scope_.line_extractor, field));
      }
    }
    return names;
  }

  const ExpressionScope& scope_;
};

class Parser {
 public:
  Parser(std::string_view text, const ExpressionScope& scope) : text_(text), resolver_(scope) {}

  Expression parse() {
    skip_space();
    if (pos_ == text_.size()) {
      fail(0,
           "the expression is empty; write a number, a name or a formula such as "
           "'square.n * square.n'");
    }
    expression_.root = expr(0);
    skip_space();
    if (pos_ < text_.size()) {
      fail(pos_, fmt::format("expected an operator (+ - * /) or the end, found '{}'{}", peek_word(),
                             text_[pos_] == '=' || text_[pos_] == '<' || text_[pos_] == '>'
                                 ? "; the comparison is the check's op"
                                 : ""));
    }
    expression_.text = std::string(text_);
    return std::move(expression_);
  }

 private:
  int expr(int depth) {
    int left = term(depth);
    while (skip_space(), at_any("+-")) {
      const char op = text_[pos_];
      const std::size_t at = pos_++;
      const int right = term(depth);
      left = add(op == '+' ? ExprNode::Kind::kAdd : ExprNode::Kind::kSubtract, at, left, right);
    }
    return left;
  }

  int term(int depth) {
    int left = unary(depth, std::nullopt);
    while (skip_space(), at_any("*/")) {
      const char op = text_[pos_];
      const std::size_t at = pos_++;
      const int right = unary(depth, op);
      if (op == '/' && expression_.at(right).kind == ExprNode::Kind::kNumber &&
          expression_.at(right).number == 0) {
        fail(expression_.at(right).offset, "division by zero");
      }
      left = add(op == '*' ? ExprNode::Kind::kMultiply : ExprNode::Kind::kDivide, at, left, right);
    }
    return left;
  }

  // `after`: the operator just read, for the message when no operand follows it.
  int unary(int depth, std::optional<char> after) {
    skip_space();
    if (depth >= kMaxExpressionDepth) {
      fail(pos_, fmt::format("the expression nests deeper than {} levels", kMaxExpressionDepth));
    }
    if (at_any("-")) {
      const std::size_t at = pos_++;
      const int operand = unary(depth + 1, '-');
      return add(ExprNode::Kind::kNegate, at, operand, -1);
    }
    return primary(depth, after);
  }

  int primary(int depth, std::optional<char> after) {
    if (pos_ == text_.size() || at_any("+*/)")) {
      const std::string found = pos_ == text_.size() ? "the end" : fmt::format("'{}'", text_[pos_]);
      fail(pos_, after ? fmt::format("expected an operand after '{}', found {}", *after, found)
                       : fmt::format("expected a number or a name, found {}", found));
    }
    if (at_any("(")) {
      const std::size_t open = pos_++;
      const int inner = expr(depth + 1);
      skip_space();
      if (!at_any(")")) {
        fail(open, "this '(' is never closed");
      }
      ++pos_;
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0 || text_[pos_] == '.') {
      return number();
    }
    if (is_name_start(text_[pos_])) {
      return name_or_call();
    }
    fail(pos_, fmt::format("unexpected '{}'", peek_word()));
  }

  int number() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0 || text_[pos_] == '.')) {
      ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (at_any("+-")) {
        ++pos_;
      }
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0) {
        ++pos_;
      }
    }
    const std::string_view written = text_.substr(start, pos_ - start);
    double value = 0;
    const auto [end, ec] = std::from_chars(written.data(), written.data() + written.size(), value);
    if (ec != std::errc() || end != written.data() + written.size() || !std::isfinite(value)) {
      fail(start, fmt::format("'{}' is not a number", written));
    }
    ExprNode node;
    node.kind = ExprNode::Kind::kNumber;
    node.number = value;
    node.offset = start;
    node.text = std::string(written);
    return push(std::move(node));
  }

  // A name: parts of letters, digits and '_' joined by '.'; a '-' between a part and a
  // letter belongs to it (extractor names may hold '-'), so `a - b` subtracts and `a-b` names.
  std::string read_name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const bool joins =
          (c == '.' || c == '-') && pos_ + 1 < text_.size() &&
          (c == '.' ? is_name_char(text_[pos_ + 1]) : is_name_start(text_[pos_ + 1]));
      if (!is_name_char(c) && !joins) {
        break;
      }
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  int name_or_call() {
    const std::size_t start = pos_;
    const std::string name = read_name();
    skip_space();
    if (!at_any("(")) {
      return push(resolver_.name(name, start));
    }
    ++pos_;
    skip_space();
    const std::size_t argument_at = pos_;
    if (pos_ == text_.size() || !is_name_start(text_[pos_])) {
      fail(pos_, fmt::format("{}( takes a name, as in count(pid_line)", name));
    }
    const std::string argument = read_name();
    skip_space();
    if (!at_any(")")) {
      fail(pos_, fmt::format("expected ')' after {}({}", name, argument));
    }
    ++pos_;
    return push(resolver_.call(name, argument, start, argument_at));
  }

  int add(ExprNode::Kind kind, std::size_t at, int left, int right) {
    ExprNode node;
    node.kind = kind;
    node.offset = at;
    node.left = left;
    node.right = right;
    return push(std::move(node));
  }

  int push(ExprNode node) {
    expression_.nodes.push_back(std::move(node));
    return static_cast<int>(expression_.nodes.size()) - 1;
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
      ++pos_;
    }
  }

  bool at_any(std::string_view chars) const {
    return pos_ < text_.size() && chars.find(text_[pos_]) != std::string_view::npos;
  }

  // The text from here up to the next space, escaped: what a message quotes.
  std::string peek_word() const {
    const std::size_t end = text_.find_first_of(" \t", pos_);
    return text::escape_control(text_.substr(pos_, std::min<std::size_t>(end - pos_, 20)));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Resolver resolver_;
  Expression expression_;
};

}  // namespace

bool Expression::needs_observation() const {
  return std::any_of(nodes.begin(), nodes.end(), [](const ExprNode& n) {
    switch (n.kind) {
      case ExprNode::Kind::kFact:
        return n.fact.needs_observation();
      case ExprNode::Kind::kSelector:
      case ExprNode::Kind::kDistinct:
        return n.selector.needs_observation();
      default:
        return false;
    }
  });
}

bool Expression::per_line() const {
  return std::any_of(nodes.begin(), nodes.end(),
                     [](const ExprNode& n) { return n.kind == ExprNode::Kind::kSelector; });
}

ParsedExpression parse_expression(std::string_view text, const ExpressionScope& scope) {
  ParsedExpression parsed;
  if (text.size() > kMaxExpressionLength) {
    parsed.error = {kMaxExpressionLength, fmt::format("the expression is longer than {} characters",
                                                      kMaxExpressionLength)};
    return parsed;
  }
  try {
    parsed.expression = Parser(text, scope).parse();
  } catch (const Failure& failure) {
    parsed.error = failure.error;
  }
  return parsed;
}

}  // namespace grade::spec

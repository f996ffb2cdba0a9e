#include "check/expression_value.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "check/authorship.h"
#include "check/fact_value.h"
#include "check/listing.h"
#include "util/text.h"

namespace grade::check {

namespace {

using Kind = spec::ExprNode::Kind;

// One node's value; `words` always carries the value, `noun` only for a name.
struct Part {
  std::optional<double> value;
  std::string words;
  std::string noun;
  std::string error;
  std::string unknown;
};

Part failed(std::string error) { return {std::nullopt, "", "", std::move(error), ""}; }
Part unseen(std::string why) { return {std::nullopt, "", "", "", std::move(why)}; }
Part named(double value, std::string noun) {
  return {value, fmt::format("{} ({})", noun, value), std::move(noun), "", ""};
}

Part from_fact(const Evidence& ev, const spec::Fact& fact) {
  FactValue f = fact_value(ev, fact);
  if (!f.value) {
    return unseen(std::move(f.unknown));
  }
  return {f.value, std::move(f.shown), std::move(f.noun), "", ""};
}

// A text as a number, or why it is not one.
Part number_of(const std::string& text, const std::string& name) {
  if (const auto n = parse_number(text)) {
    return named(*n, name);
  }
  return failed(fmt::format("{} is '{}', not a number", name, text::escape_control(text)));
}

Part from_selector(const Evidence& ev, const spec::ExprNode& node, const Match* line) {
  if (line == nullptr) {
    return failed(fmt::format("{} has no value outside a line", node.text));
  }
  const LineValue v = value_on(node.selector, *line, ev.run.observed);
  if (v.state == LineValue::State::kUnknown) {
    return unseen(v.why);
  }
  if (v.state == LineValue::State::kUndefined) {
    return failed(fmt::format("{} has no value ({})", node.selector.name(), v.why));
  }
  return number_of(v.text, node.selector.name());
}

Part from_capture(const Evidence& ev, const spec::ExprNode& node) {
  const std::vector<std::string> values = ev.extraction.values(node.selector.capture_ref());
  if (values.size() != 1) {
    return failed(fmt::format("{} needs exactly one value, saw {}", node.text, values.size()));
  }
  return number_of(values.front(), node.text);
}

const std::string& label_of(const Evidence& ev, const std::string& extractor) {
  return ev.exercise.find_extractor(extractor)->label;
}

Part from_distinct(const Evidence& ev, const spec::ExprNode& node) {
  const std::vector<LineValue> values = values_of(node.selector, ev.extraction, ev.run.observed);
  if (const LineValue* unknown = first_unknown(values)) {
    return unseen(unknown->why);
  }
  std::vector<std::string> texts;
  for (const LineValue& v : values) {
    if (v.state == LineValue::State::kKnown) {
      texts.push_back(v.text);
    }
  }
  return named(static_cast<double>(distinct_count(texts)),
               fmt::format("the different {} values on the {}", node.selector.name(),
                           label_of(ev, node.selector.extractor)));
}

std::string_view symbol(Kind kind) {
  switch (kind) {
    case Kind::kAdd:
      return "+";
    case Kind::kSubtract:
      return "-";
    case Kind::kMultiply:
      return "*";
    default:
      return "/";
  }
}

class Calculator {
 public:
  Calculator(const Evidence& ev, const spec::Expression& e, const Match* line)
      : ev_(ev), e_(e), line_(line) {}

  // Depth is capped by the parser (spec::kMaxExpressionDepth), so recursion is bounded.
  Part at(int index) const {
    const spec::ExprNode& node = e_.at(index);
    switch (node.kind) {
      case Kind::kNumber:
        return {node.number, node.text, "", "", ""};
      case Kind::kFact:
        return from_fact(ev_, node.fact);
      case Kind::kSelector:
        return from_selector(ev_, node, line_);
      case Kind::kCapture:
        return from_capture(ev_, node);
      case Kind::kCount:
        return named(static_cast<double>(ev_.extraction.of(node.selector.extractor).size()),
                     "the " + label_of(ev_, node.selector.extractor));
      case Kind::kDistinct:
        return from_distinct(ev_, node);
      case Kind::kNegate:
        return negate(at(node.left));
      default:
        return binary(node, at(node.left), at(node.right));
    }
  }

 private:
  static Part negate(Part p) {
    if (!p.value) {
      return p;
    }
    return {-*p.value, fmt::format("-{}", p.words), "", "", ""};
  }

  Part binary(const spec::ExprNode& node, const Part& a, const Part& b) const {
    for (const Part* p : {&a, &b}) {
      if (!p->value) {
        return *p;
      }
    }
    const std::string words = fmt::format("({} {} {})", a.words, symbol(node.kind), b.words);
    double value = 0;
    switch (node.kind) {
      case Kind::kAdd:
        value = *a.value + *b.value;
        break;
      case Kind::kSubtract:
        value = *a.value - *b.value;
        break;
      case Kind::kMultiply:
        value = *a.value * *b.value;
        break;
      default:
        if (*b.value == 0) {
          return failed(
              fmt::format("cannot compute {}: division by zero ({} is 0)", e_.text, b.words));
        }
        value = *a.value / *b.value;
    }
    if (!std::isfinite(value)) {
      return failed(fmt::format("cannot compute {}: {} is too large", e_.text, words));
    }
    return {value, words, "", "", ""};
  }

  const Evidence& ev_;
  const spec::Expression& e_;
  const Match* line_;
};

// "(a + b)" at the top is shown without its parentheses.
std::string unwrapped(const std::string& words) {
  return words.size() > 1 && words.front() == '(' && words.back() == ')'
             ? words.substr(1, words.size() - 2)
             : words;
}

}  // namespace

Computed compute(const Evidence& ev, const spec::Expression& expression, const Match* line) {
  const Part p = Calculator(ev, expression, line).at(expression.root);
  Computed c;
  c.error = p.error;
  c.unknown = p.unknown;
  c.value = p.value;
  if (!p.value) {
    return c;
  }
  c.noun = p.noun;
  const std::string result = fmt::format("{}", *p.value);
  const bool formula = p.noun.empty() && p.words != result;
  c.words = formula ? fmt::format("{} = {}", unwrapped(p.words), result) : p.words;
  return c;
}

bool equal_computed(double value, double computed) {
  constexpr double kTolerance = 1e-9;
  const double scale = std::max({1.0, std::fabs(value), std::fabs(computed)});
  return std::fabs(value - computed) <= kTolerance * scale;
}

}  // namespace grade::check

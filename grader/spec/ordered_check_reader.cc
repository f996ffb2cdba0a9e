// The ordered check (docs/spec-reference.md#ordered): the values of a line selector in an order.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spec/kind_readers.h"
#include "spec/reference_reader.h"
#include "util/text.h"

namespace grade::spec {

namespace {

Order read_order(const KindContext& ctx, const YAML::Node& node) {
  const std::string s = ctx.reader.string(node, "order");
  std::vector<std::string> names;
  for (const Order order :
       {Order::kIncreasing, Order::kDecreasing, Order::kNonDecreasing, Order::kNonIncreasing}) {
    if (s == order_name(order)) {
      return order;
    }
    names.emplace_back(order_name(order));
  }
  const auto closest = text::closest_match(s, names);
  ctx.reader.fail(node,
                  fmt::format("order must be one of {}, found '{}'{}", text::join(names, ", "), s,
                              closest ? fmt::format("; did you mean '{}'?", *closest) : ""));
}

}  // namespace

CheckKind read_ordered(const KindContext& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"of", "order"});
  OrderedCheck ordered;
  const YAML::Node of = map.required("of");
  ordered.of = read_selector(ctx.reader, ctx.exercise, of, "of");
  if (ordered.of.is_boolean()) {
    ctx.reader.fail(of, fmt::format("'{}' is true or false, which has no order", ordered.of.str()));
  }
  ordered.order = read_order(ctx, map.required("order"));
  return ordered;
}

}  // namespace grade::spec

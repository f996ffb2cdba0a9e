// Reads an expression written as a YAML scalar (spec/expression.h): an error points at the
// character it is about, as file:line:col, wherever the text lets that be worked out.
#pragma once

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "spec/expression.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

Expression read_expression(const YamlReader& reader, const YAML::Node& node,
                           const ExpressionScope& scope, std::string_view what);

}  // namespace grade::spec

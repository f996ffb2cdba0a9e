// Strict UTF-8: validating and repairing arbitrary bytes such as student output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace grade {

// Returns `bytes` with every byte that is not part of a well-formed UTF-8 sequence replaced by
// U+FFFD. Strict (Unicode table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), as
// strict as nlohmann::json's serializer, which throws on anything less.
std::string to_valid_utf8(std::string_view bytes);

// Length of the well-formed UTF-8 sequence starting at bytes[i] (by the same strict rules), or 0.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i);

// The code point of the well-formed sequence of `length` bytes at bytes[i], where `length` is
// what utf8_sequence_length returned (not 0).
char32_t utf8_code_point(std::string_view bytes, std::size_t i, std::size_t length);

}  // namespace grade

// Independent checks of what the report writers promise (valid UTF-8, well-formed XML 1.0,
// terminal-safe text), written apart from the code under test so that a bug shared by the
// writer and its checker cannot hide itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grade::fuzz {

// The code points of strictly valid UTF-8 (no overlongs, surrogates or values past
// U+10FFFF); nullopt for anything else.
std::optional<std::u32string> decode_utf8(std::string_view s);

// `c` as UTF-8 (a valid scalar value).
std::string encode_utf8(char32_t c);

// A character XML 1.0 allows in a document.
bool xml_char(char32_t c);

// Characters that reorder or break the text around them when rendered (bidi marks,
// embeddings, overrides, isolates, the line and paragraph separators).
bool layout_control(char32_t c);

// Valid UTF-8 holding no control character but newline, and no layout control. With
// `allow_sgr`, "ESC [ digits/semicolons m" (a color) is allowed too.
bool terminal_safe_text(std::string_view s, bool allow_sgr);

// XML 1.0 well-formedness of a whole document as the report writers produce it: an optional
// declaration, one root element, comments; every tag closed in order, attributes quoted and
// unique, references to the predefined entities or to allowed characters, no "]]>" in text.
bool well_formed_xml(std::string_view document);

// Character data or an attribute value with its references replaced by what they stand for;
// nullopt when it holds a raw '<' or '&' that starts no reference.
std::optional<std::string> xml_unescape(std::string_view s);

}  // namespace grade::fuzz

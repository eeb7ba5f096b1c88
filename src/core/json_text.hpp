// Provides JSON string escaping shared by every writer of JSON text (reports, command output,
// store exports and events, Discord payloads, secret redaction): one rule, so each writes the
// same bytes for the same text and the redactor recognises a secret in any of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace omega {

// Returns the length (1 to 4) of the valid UTF-8 sequence starting at byte `i` of `text`, or 0
// when the bytes there are not one (overlong forms, surrogates, values beyond U+10FFFF and
// truncated sequences are not). `i` must be below text.size().
std::size_t utf8_sequence(std::string_view text, std::size_t i);

// Appends `text` escaped for the inside of a JSON string literal (no quotes): `"` and `\`
// backslashed; \b \f \n \r \t as such; other control characters below U+0020 as \u00XX. Valid
// UTF-8 passes unchanged; a byte that does not start a valid UTF-8 sequence (overlong forms,
// surrogates and values beyond U+10FFFF included) becomes U+FFFD, so the output is always valid
// JSON that strict parsers (simdjson, Discord) accept.
void append_json_escaped(std::string& out, std::string_view text);

// Returns `text` escaped as append_json_escaped does (no quotes).
std::string json_escape(std::string_view text);

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

// Returns `text` as a JSON string literal, quotes included: "\"a\\\"b\"" for a"b.
std::string json_string(std::string_view text);

}  // namespace omega

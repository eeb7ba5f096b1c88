// Provides encode_flat / decode_flat: flat JSON objects of text values, the payload format of
// the chat's store streams (control commands and results, farm events).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega::chat {

using FlatFields = std::map<std::string, std::string, std::less<>>;

// Encodes the fields as one JSON object of strings (keys in order, values JSON-escaped).
std::string encode_flat(const FlatFields& fields);
// Decodes a JSON object whose values are strings or integers (integers become their text).
Result<FlatFields> decode_flat(std::string_view json);

}  // namespace omega::chat

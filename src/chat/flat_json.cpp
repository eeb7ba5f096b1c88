#include "chat/flat_json.hpp"

#include <simdjson.h>

#include "core/json_text.hpp"

namespace omega::chat {

std::string encode_flat(const FlatFields& fields) {
  std::string out = "{";
  for (const auto& [k, v] : fields) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += json_escape(k);
    out += "\":\"";
    out += json_escape(v);
    out += '"';
  }
  out += '}';
  return out;
}

Result<FlatFields> decode_flat(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  const simdjson::padded_string padded(json);
  if (parser.parse(padded).get(e) != simdjson::SUCCESS || !e.is_object()) {
    return Error(ErrorCode::kParse, "control message is not a JSON object");
  }
  FlatFields out;
  for (auto [key, value] : e.get_object()) {
    std::string text;
    if (value.is_string()) {
      text = std::string(value.get_string().value());
    } else if (value.is_int64()) {
      text = std::to_string(value.get_int64().value());
    } else {
      return Error(ErrorCode::kParse,
                   "control message field '" + std::string(key) + "' is not text or an integer");
    }
    out.emplace(std::string(key), std::move(text));
  }
  return out;
}

}  // namespace omega::chat

// Provides JsonWriter, a small streaming writer for the Discord payloads we send (compact JSON,
// escaped strings, invalid UTF-8 replaced), and utf16_length, the length Discord's limits count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace omega::chat::discord {

// Writes one JSON value, compact, in the order of the calls. Commas are placed for the caller;
// misuse (a value where a key is due, unbalanced ends) is a programmer error and asserted.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // Writes an object key; the next call writes its value.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& null();
  // Writes `json` as it is: a number literal kept exactly as received, or a nested document.
  JsonWriter& raw(std::string_view json);

  // Returns the document written so far (complete once every begin has its end).
  const std::string& str() const { return out_; }
  std::string take() && { return std::move(out_); }

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// Returns `text` as a JSON string literal (quotes included). Control characters are escaped and
// bytes that are not valid UTF-8 become U+FFFD, so Discord never sees invalid JSON.
std::string json_quote(std::string_view text);

// Returns the number of UTF-16 code units of UTF-8 `text` (invalid bytes count one each): the
// measure Discord's length limits use, never below the number of characters.
std::size_t utf16_length(std::string_view text);

// Returns the length of the longest prefix of `text` that holds at most `max_units` UTF-16 code
// units and ends on a character boundary (never inside a UTF-8 sequence).
std::size_t utf8_prefix_for_units(std::string_view text, std::size_t max_units);

}  // namespace omega::chat::discord

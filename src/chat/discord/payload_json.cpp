#include "chat/discord/payload_json.hpp"

#include "core/assert.hpp"
#include "core/json_text.hpp"

namespace omega::chat::discord {

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  OMEGA_ASSERT(!first_.empty() && !after_key_, "JsonWriter: end_object without an open object");
  first_.pop_back();
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  OMEGA_ASSERT(!first_.empty() && !after_key_, "JsonWriter: end_array without an open array");
  first_.pop_back();
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  OMEGA_ASSERT(!after_key_ && !first_.empty(), "JsonWriter: key outside an object");
  before_value();
  out_ += json_quote(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ += json_quote(text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

std::string json_quote(std::string_view text) {
  return json_string(text);
}

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t len = utf8_sequence(text, i);
    units += len == 4 ? 2 : 1;
    i += len == 0 ? 1 : len;
  }
  return units;
}

std::size_t utf8_prefix_for_units(std::string_view text, std::size_t max_units) {
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t len = utf8_sequence(text, i);
    const std::size_t step = len == 0 ? 1 : len;
    const std::size_t u = len == 4 ? 2 : 1;
    if (units + u > max_units) break;
    units += u;
    i += step;
  }
  return i;
}

}  // namespace omega::chat::discord

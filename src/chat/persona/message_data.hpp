// Provides MessageData: the values a reply template may show (fields, flags and lists of rows),
// kept free of the template engine so handlers need not include it.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace omega::chat {

// One row of a list section: named text values.
using MessageRow = std::map<std::string, std::string, std::less<>>;

// The values of one reply. Templates read fields as {{name}}, flags as {{#name}}…{{/name}} and
// lists as {{#name}}…{{/name}} repeated per row.
struct MessageData {
  std::map<std::string, std::string, std::less<>> fields;
  std::map<std::string, bool, std::less<>> flags;
  std::map<std::string, std::vector<MessageRow>, std::less<>> lists;

  // Sets a text field and returns *this, for chaining.
  MessageData& set(std::string key, std::string value) {
    fields[std::move(key)] = std::move(value);
    return *this;
  }
  // Sets a flag and returns *this.
  MessageData& flag(std::string key, bool value = true) {
    flags[std::move(key)] = value;
    return *this;
  }
  // Appends a row to a list and returns *this.
  MessageData& add_row(const std::string& list, MessageRow row) {
    lists[list].push_back(std::move(row));
    return *this;
  }
};

}  // namespace omega::chat

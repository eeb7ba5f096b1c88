// Provides RedisReply (one reply, copied out of hiredis) and RedisCommand (one command's words).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace omega::store {

// The words of one command, binary-safe: {"HSET", "omega:order:c1", "status", "filled"}.
using RedisCommand = std::vector<std::string>;

// One Redis reply (RESP2), owned.
struct RedisReply {
  enum class Type : std::uint8_t { kNil, kInteger, kString, kStatus, kError, kArray };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string str;  // kString, kStatus, kError
  std::vector<RedisReply> elements;

  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }
  // True for an error reply whose code (first word) is `code`, e.g. "WRONGTYPE", "BUSYGROUP".
  bool is_error_code(std::string_view code) const {
    return is_error() && str.starts_with(code) &&
           (str.size() == code.size() || str[code.size()] == ' ');
  }
};

}  // namespace omega::store

#include "chat/control/control_protocol.hpp"

#include <charconv>

namespace omega::chat {
namespace {

using Fields = FlatFields;

Result<std::string> need(const Fields& f, std::string_view key, std::string_view what) {
  auto it = f.find(key);
  if (it == f.end() || it->second.empty()) {
    return Error(ErrorCode::kParse,
                 std::string(what) + ": field '" + std::string(key) + "' is missing");
  }
  return it->second;
}

std::string get(const Fields& f, std::string_view key) {
  auto it = f.find(key);
  return it == f.end() ? std::string() : it->second;
}

Result<Timestamp> ts_of(const Fields& f, std::string_view what) {
  OMEGA_ASSIGN_OR_RETURN(std::string text, need(f, "ts", what));
  std::int64_t ns = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), ns);
  if (ec != std::errc() || p != text.data() + text.size()) {
    return Error(ErrorCode::kParse, std::string(what) + ": 'ts' is not integer nanoseconds");
  }
  return Timestamp::from_ns(ns);
}

}  // namespace

bool expires(std::string_view action) {
  return action != "halt" && action != "bot.stop" && action != "bot.pause";
}

std::string_view required_role(std::string_view action) {
  if (action == "halt" || action == "resume") return "admin";
  for (std::string_view a :
       {"bot.start", "bot.stop", "bot.pause", "buy", "sell", "close", "cancel"}) {
    if (a == action) return "trader";
  }
  return {};
}

std::string encode(const ControlCommand& c) {
  return encode_flat({{"id", c.id},
                      {"ts", std::to_string(c.ts.ns())},
                      {"user", c.user},
                      {"role", c.role},
                      {"front_end", c.front_end},
                      {"action", c.action},
                      {"bot", c.bot},
                      {"symbol", c.symbol},
                      {"quantity", c.quantity},
                      {"price", c.price},
                      {"order", c.order}});
}

std::string encode(const ControlResult& r) {
  return encode_flat({{"id", r.id},
                      {"ts", std::to_string(r.ts.ns())},
                      {"action", r.action},
                      {"user", r.user},
                      {"status", r.status},
                      {"detail", r.detail}});
}

Result<ControlCommand> decode_command(std::string_view payload) {
  OMEGA_ASSIGN_OR_RETURN(Fields f, decode_flat(payload));
  ControlCommand c;
  OMEGA_ASSIGN_OR_RETURN(c.id, need(f, "id", "control command"));
  OMEGA_ASSIGN_OR_RETURN(c.ts, ts_of(f, "control command"));
  OMEGA_ASSIGN_OR_RETURN(c.user, need(f, "user", "control command"));
  OMEGA_ASSIGN_OR_RETURN(c.role, need(f, "role", "control command"));
  OMEGA_ASSIGN_OR_RETURN(c.action, need(f, "action", "control command"));
  if (required_role(c.action).empty()) {
    return Error(ErrorCode::kParse, "control command: unknown action '" + c.action + "'");
  }
  c.front_end = get(f, "front_end");
  c.bot = get(f, "bot");
  c.symbol = get(f, "symbol");
  c.quantity = get(f, "quantity");
  c.price = get(f, "price");
  c.order = get(f, "order");
  return c;
}

Result<ControlResult> decode_result(std::string_view payload) {
  OMEGA_ASSIGN_OR_RETURN(Fields f, decode_flat(payload));
  ControlResult r;
  OMEGA_ASSIGN_OR_RETURN(r.id, need(f, "id", "control result"));
  OMEGA_ASSIGN_OR_RETURN(r.ts, ts_of(f, "control result"));
  OMEGA_ASSIGN_OR_RETURN(r.status, need(f, "status", "control result"));
  r.action = get(f, "action");
  r.user = get(f, "user");
  r.detail = get(f, "detail");
  return r;
}

}  // namespace omega::chat

#include "chat/control/control_handlers.hpp"

#include <charconv>

#include <fmt/format.h>

#include "model/fixed_point.hpp"
#include "model/symbol.hpp"

namespace omega::chat {
namespace {

// The user setting that holds a staged trade command until /confirm (so a confirmation works
// from another process of the same front end, e.g. two `omega chat --once` calls).
constexpr std::string_view kPendingSetting = "control.pending";

Status positive_decimal(const std::string& text, std::string_view what) {
  auto v = Quantity::parse(text);
  if (!v.ok() || !(Quantity::zero(0) < *v)) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("'{}' is not a valid {} (a positive number such as 0.01)", text, what));
  }
  return ok_status();
}

Status valid_symbol(const std::string& text) {
  if (auto s = Symbol::parse(text); !s.ok()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("'{}' is not a symbol ({})", text, s.error().message()));
  }
  return ok_status();
}

}  // namespace

std::string describe(const ControlCommand& c) {
  if (c.action == "buy" || c.action == "sell") {
    return fmt::format("{} {} {} {}", c.action, c.quantity, c.symbol,
                       c.price.empty() ? "at market" : "at " + c.price);
  }
  if (c.action == "close") return fmt::format("close the {} position at market", c.symbol);
  if (c.action == "cancel") return fmt::format("cancel order {}", c.order);
  if (c.action.starts_with("bot.")) return fmt::format("{} bot {}", c.action.substr(4), c.bot);
  if (c.action == "halt") return "halt all trading (kill switch)";
  if (c.action == "resume") return "resume trading";
  return c.action;
}

HandlerReply control_reply(const ControlCommand& command, const std::optional<ControlResult>& r,
                           bool gave_up) {
  HandlerReply out;
  out.type = MessageType::kControl;
  out.data.set("action", describe(command)).set("id", command.id);
  out.data.set("command", command.action);
  if (!r) {
    out.data.flag(gave_up ? "failed" : "pending");
    out.data.set("status", gave_up ? "no answer" : "pending");
    out.data.set("detail", gave_up
                               ? "the farm did not answer; is `omega run` running on this store?"
                               : "command " + command.id + " is queued for the farm");
    if (gave_up) out.outcome = ReplyOutcome::kFailed;
    return out;
  }
  out.data.set("status", r->status).set("detail", r->detail);
  out.data.flag("ok", r->status == "ok").flag("failed", r->status != "ok");
  out.data.flag("rejected", r->status == "rejected");
  if (r->status != "ok") out.outcome = ReplyOutcome::kFailed;
  return out;
}

ControlHandlers::ControlHandlers(ChatPipeline& pipeline, store::Store& store, ChatClock clock,
                                 ControlOptions options)
    : clock_(std::move(clock)),
      options_(options),
      client_(store, clock_),
      watcher_(std::make_unique<ControlWatcher>(client_, options.poll)) {
  for (const char* name : {"buy", "sell", "close", "cancel"}) {
    pipeline.register_handler(name, [this](const ChatRequest& r) { return stage(r); });
  }
  pipeline.register_handler("confirm", [this](const ChatRequest& r) { return confirm(r); });
  for (const char* name : {"bot", "halt", "resume"}) {
    pipeline.register_handler(name, [this](const ChatRequest& r) { return send_now(r); });
  }
}

ControlHandlers::~ControlHandlers() {
  watcher_.reset();  // joins the follow-up thread before the client goes
}

Result<HandlerReply> ControlHandlers::stage(const ChatRequest& r) {
  ControlCommand c;
  c.action = r.command;
  if (r.command == "buy" || r.command == "sell") {
    OMEGA_TRY(valid_symbol(r.args.at(0)));
    OMEGA_TRY(positive_decimal(r.args.at(1), "quantity"));
    if (r.args.size() > 2) OMEGA_TRY(positive_decimal(r.args[2], "price"));
    c.symbol = r.args[0];
    c.quantity = r.args[1];
    c.price = r.args.size() > 2 ? r.args[2] : "";
  } else if (r.command == "close") {
    OMEGA_TRY(valid_symbol(r.args.at(0)));
    c.symbol = r.args[0];
  } else {
    c.order = r.args.at(0);
  }
  const Timestamp expires = clock_() + options_.confirm_window;
  const std::string staged = encode_flat({{"action", c.action},
                                          {"symbol", c.symbol},
                                          {"quantity", c.quantity},
                                          {"price", c.price},
                                          {"order", c.order},
                                          {"expires", std::to_string(expires.ns())}});
  OMEGA_TRY(client_.store().put_setting(store::UserId(r.user_id), kPendingSetting, staged));
  HandlerReply out;
  out.type = MessageType::kConfirm;
  out.data.set("summary", describe(c)).set("command", c.action);
  out.data.set(
      "expires_s",
      std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(options_.confirm_window).count()));
  return out;
}

Result<HandlerReply> ControlHandlers::confirm(const ChatRequest& r) {
  const store::UserId user(r.user_id);
  OMEGA_ASSIGN_OR_RETURN(auto staged, client_.store().get_setting(user, kPendingSetting));
  if (!staged || staged->empty()) {
    return Error(ErrorCode::kState,
                 "nothing to confirm: send /buy, /sell, /close or /cancel first");
  }
  OMEGA_ASSIGN_OR_RETURN(auto f, decode_flat(*staged));
  // Used or not, a staged command is confirmed at most once.
  OMEGA_TRY(client_.store().put_setting(user, kPendingSetting, ""));
  std::int64_t expires = 0;
  const std::string& e = f["expires"];
  std::from_chars(e.data(), e.data() + e.size(), expires);
  if (clock_() > Timestamp::from_ns(expires)) {
    return Error(
        ErrorCode::kState,
        "the confirmation window passed (" +
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(options_.confirm_window).count()) +
            " s); send the command again");
  }
  ControlCommand c;
  c.action = f["action"];
  c.symbol = f["symbol"];
  c.quantity = f["quantity"];
  c.price = f["price"];
  c.order = f["order"];
  return dispatch(r, std::move(c));
}

Result<HandlerReply> ControlHandlers::send_now(const ChatRequest& r) {
  ControlCommand c;
  if (r.command == "bot") {
    c.action = "bot." + r.args.at(0);
    c.bot = r.args.at(1);
  } else {
    c.action = r.command;
  }
  return dispatch(r, std::move(c));
}

Result<HandlerReply> ControlHandlers::dispatch(const ChatRequest& r, ControlCommand c) {
  c.user = r.user_id;
  c.role = std::string(to_string(r.role));
  c.front_end = r.front_end;
  OMEGA_ASSIGN_OR_RETURN(c.id, client_.send(c));
  OMEGA_ASSIGN_OR_RETURN(auto result, client_.wait(c.id, options_.answer_within));
  if (!result && r.follow_up) {
    watcher_->watch(c.id, std::chrono::steady_clock::now() + options_.give_up_after,
                    [c, follow_up = r.follow_up](std::optional<ControlResult> later) {
                      follow_up(control_reply(c, later, !later.has_value()));
                    });
  }
  return control_reply(c, result);
}

}  // namespace omega::chat

#include "chat/discord/components.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

constexpr std::string_view kConfirmPrefix = "omega:confirm:";
constexpr std::string_view kCancelPrefix = "omega:cancel:";

bool valid_pending_id(std::string_view id) {
  return !id.empty() && id.size() <= 48 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool valid_snowflake(std::string_view id) {
  return !id.empty() && id.size() <= 20 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void write_components(JsonWriter& w, const std::vector<ActionRow>& rows) {
  w.begin_array();
  for (const ActionRow& row : rows) {
    w.begin_object().key("type").value(1).key("components").begin_array();
    for (const Button& b : row.buttons) {
      w.begin_object();
      w.key("type").value(2);
      w.key("style").value(static_cast<int>(b.style));
      w.key("label").value(b.label);
      if (b.style == ButtonStyle::kLink) {
        w.key("url").value(b.url);
      } else {
        w.key("custom_id").value(b.custom_id);
      }
      if (b.disabled) w.key("disabled").value(true);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
}

std::vector<std::string> component_violations(const std::vector<ActionRow>& rows) {
  std::vector<std::string> out;
  if (rows.size() > 5) out.push_back(fmt::format("{} action rows; the limit is 5", rows.size()));
  std::set<std::string> ids;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& buttons = rows[r].buttons;
    if (buttons.empty() || buttons.size() > 5) {
      out.push_back(fmt::format("components[{}]: {} buttons; allowed 1-5", r, buttons.size()));
    }
    for (std::size_t i = 0; i < buttons.size(); ++i) {
      const Button& b = buttons[i];
      const std::string at = fmt::format("components[{}].components[{}]", r, i);
      if (utf16_length(b.label) > 80) out.push_back(at + ".label: longer than 80 characters");
      if (b.style == ButtonStyle::kLink) {
        if (b.url.empty() || !b.custom_id.empty()) {
          out.push_back(at + ": a link button has a url and no custom_id");
        }
        continue;
      }
      const std::size_t n = utf16_length(b.custom_id);
      if (n < 1 || n > 100) {
        out.push_back(fmt::format("{}.custom_id: has {} characters; allowed 1-100", at, n));
      }
      if (!ids.insert(b.custom_id).second) {
        out.push_back(at + ".custom_id: '" + b.custom_id + "' is used twice");
      }
    }
  }
  return out;
}

Result<std::string> confirmation_custom_id(ConfirmDecision decision, std::string_view pending_id,
                                           std::string_view requester_id) {
  if (!valid_pending_id(pending_id)) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("pending confirmation id '{}' must be 1-48 characters of "
                             "[A-Za-z0-9_-]",
                             pending_id));
  }
  if (!valid_snowflake(requester_id)) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("requester '{}' is not a Discord user id", requester_id));
  }
  return fmt::format("{}{}:{}",
                     decision == ConfirmDecision::kConfirm ? kConfirmPrefix : kCancelPrefix,
                     pending_id, requester_id);
}

Result<ActionRow> confirmation_row(std::string_view pending_id, std::string_view requester_id) {
  OMEGA_ASSIGN_OR_RETURN(std::string confirm, confirmation_custom_id(ConfirmDecision::kConfirm,
                                                                     pending_id, requester_id));
  OMEGA_ASSIGN_OR_RETURN(std::string cancel, confirmation_custom_id(ConfirmDecision::kCancel,
                                                                    pending_id, requester_id));
  ActionRow row;
  row.buttons.push_back({ButtonStyle::kSuccess, "Confirm", std::move(confirm), {}, false});
  row.buttons.push_back({ButtonStyle::kDanger, "Cancel", std::move(cancel), {}, false});
  return row;
}

ActionRow disabled_row(ActionRow row, std::optional<ConfirmDecision> chosen) {
  for (Button& b : row.buttons) {
    b.disabled = true;
    if (!chosen) continue;
    const bool is_confirm = b.custom_id.rfind(kConfirmPrefix, 0) == 0;
    const bool is_cancel = b.custom_id.rfind(kCancelPrefix, 0) == 0;
    if (*chosen == ConfirmDecision::kConfirm && is_confirm) b.label = "Confirmed";
    if (*chosen == ConfirmDecision::kCancel && is_cancel) b.label = "Cancelled";
  }
  return row;
}

Result<ButtonPress> parse_button_press(const Interaction& in) {
  if (in.type != InteractionType::kMessageComponent || in.component_type != 2) {
    return Error(ErrorCode::kInvalidArgument, "not a button click");
  }
  ButtonPress press;
  std::string_view rest = in.custom_id;
  if (rest.rfind(kConfirmPrefix, 0) == 0) {
    press.decision = ConfirmDecision::kConfirm;
    rest.remove_prefix(kConfirmPrefix.size());
  } else if (rest.rfind(kCancelPrefix, 0) == 0) {
    press.decision = ConfirmDecision::kCancel;
    rest.remove_prefix(kCancelPrefix.size());
  } else {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("custom_id '{}' is not a confirmation button of ours", in.custom_id));
  }
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || !valid_pending_id(rest.substr(0, colon)) ||
      !valid_snowflake(rest.substr(colon + 1))) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("custom_id '{}' is malformed (omega:confirm:<pending>:<user>)", in.custom_id));
  }
  press.pending_id = std::string(rest.substr(0, colon));
  press.requester_id = std::string(rest.substr(colon + 1));
  press.clicker_id = in.user_id;
  press.channel_id = in.channel_id;
  press.message_id = in.message_id;
  return press;
}

Result<std::optional<InboundMessage>> pipeline_message(const ButtonPress& press) {
  if (!press.by_requester()) {
    return Error(ErrorCode::kPermissionDenied,
                 "only the user who asked for this trade can confirm or cancel it");
  }
  if (press.decision == ConfirmDecision::kCancel) return std::optional<InboundMessage>();
  InboundMessage msg;
  msg.front_end = "discord";
  msg.user_id = press.clicker_id;
  msg.channel = press.channel_id;
  msg.text = "/confirm";
  return std::optional<InboundMessage>(std::move(msg));
}

}  // namespace omega::chat::discord

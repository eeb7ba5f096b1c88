// Provides message components for the Discord front end: action rows of buttons, the
// Confirm/Cancel row of trade commands (the pending confirmation and its requester in the
// custom_id), the disabled row shown after use or expiry, and the parser of a click.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_message.hpp"
#include "chat/discord/application_commands.hpp"
#include "core/result.hpp"

namespace omega::chat::discord {

class JsonWriter;

// Discord's button styles.
enum class ButtonStyle : std::uint8_t {
  kPrimary = 1,
  kSecondary = 2,
  kSuccess = 3,
  kDanger = 4,
  kLink = 5,
};

// One button (component type 2).
struct Button {
  ButtonStyle style = ButtonStyle::kSecondary;
  std::string label;      // at most 80 characters
  std::string custom_id;  // 1-100 characters; links carry `url` instead
  std::string url;
  bool disabled = false;
};

// One action row (component type 1): up to five buttons.
struct ActionRow {
  std::vector<Button> buttons;
};

// Writes `rows` as the value of a `components` key.
void write_components(JsonWriter& w, const std::vector<ActionRow>& rows);

// Returns every way `rows` break Discord's component limits (at most 5 rows of at most 5
// buttons, labels <= 80, custom_id 1-100 and unique, links with a url and no custom_id).
std::vector<std::string> component_violations(const std::vector<ActionRow>& rows);

// What a confirmation button says.
enum class ConfirmDecision : std::uint8_t { kConfirm, kCancel };

// Returns the custom_id "omega:confirm:<pending>:<user>" (or "omega:cancel:…"). The pending id
// is 1-48 characters of [A-Za-z0-9_-] and the requester a snowflake (digits, at most 20); other
// values are a kInvalidArgument error, so a custom_id never exceeds 100 characters.
Result<std::string> confirmation_custom_id(ConfirmDecision decision, std::string_view pending_id,
                                           std::string_view requester_id);

// Returns the row of a trade command awaiting confirmation: Confirm (style 3, success) and
// Cancel (style 4, danger).
Result<ActionRow> confirmation_row(std::string_view pending_id, std::string_view requester_id);

// Returns `row` with every button disabled, the one chosen (when given) relabelled
// "Confirmed"/"Cancelled", for the message once the confirmation was used or expired.
ActionRow disabled_row(ActionRow row, std::optional<ConfirmDecision> chosen = std::nullopt);

// A click on a confirmation button.
struct ButtonPress {
  ConfirmDecision decision = ConfirmDecision::kCancel;
  std::string pending_id;
  std::string requester_id;  // who asked for the trade
  std::string clicker_id;    // who clicked
  std::string channel_id;
  std::string message_id;  // the message carrying the buttons

  // True when the one who clicked is the one who asked; others must not confirm a trade.
  bool by_requester() const { return clicker_id == requester_id; }
};

// Parses a component interaction (type 3, a button) of ours; fails with kInvalidArgument for
// a custom_id that is not one of ours or a component that is not a button.
Result<ButtonPress> parse_button_press(const Interaction& interaction);

// Returns the pipeline's message for a press by the requester: "/confirm" for Confirm. Cancel
// has no pipeline command (the pending command simply lapses): nullopt, and the front end
// answers by disabling the buttons. A press by someone else is a kPermissionDenied error.
Result<std::optional<InboundMessage>> pipeline_message(const ButtonPress& press);

}  // namespace omega::chat::discord

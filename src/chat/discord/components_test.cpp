#include "chat/discord/components.hpp"

#include <gtest/gtest.h>

#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

Interaction click(std::string custom_id, std::string user = "1000000000000000007") {
  Interaction in;
  in.id = "1";
  in.token = "t";
  in.type = InteractionType::kMessageComponent;
  in.component_type = 2;
  in.custom_id = std::move(custom_id);
  in.user_id = std::move(user);
  in.channel_id = "42";
  in.message_id = "555";
  return in;
}

TEST(ConfirmationRow, HasConfirmSuccessAndCancelDangerCarryingThePendingId) {
  auto row = confirmation_row("p-17", "1000000000000000007");
  ASSERT_TRUE(row.ok()) << row.error().to_string();
  ASSERT_EQ(row->buttons.size(), 2u);
  EXPECT_EQ(row->buttons[0].label, "Confirm");
  EXPECT_EQ(row->buttons[0].style, ButtonStyle::kSuccess);
  EXPECT_EQ(row->buttons[0].custom_id, "omega:confirm:p-17:1000000000000000007");
  EXPECT_EQ(row->buttons[1].label, "Cancel");
  EXPECT_EQ(row->buttons[1].style, ButtonStyle::kDanger);
  EXPECT_TRUE(component_violations({*row}).empty());

  JsonWriter w;
  write_components(w, {*row});
  EXPECT_EQ(
      w.str(),
      R"([{"type":1,"components":[)"
      R"({"type":2,"style":3,"label":"Confirm","custom_id":"omega:confirm:p-17:1000000000000000007"},)"
      R"({"type":2,"style":4,"label":"Cancel","custom_id":"omega:cancel:p-17:1000000000000000007"}]}])");
}

TEST(ConfirmationRow, TheLongestIdsStayWithin100Characters) {
  const std::string pending(48, 'Z');
  const std::string user(20, '9');
  auto row = confirmation_row(pending, user);
  ASSERT_TRUE(row.ok());
  for (const Button& b : row->buttons) EXPECT_LE(b.custom_id.size(), 100u);
  EXPECT_TRUE(component_violations({*row}).empty());
}

TEST(ConfirmationRow, RefusesIdsThatCouldBreakTheCustomId) {
  EXPECT_FALSE(confirmation_row("", "1").ok());
  EXPECT_FALSE(confirmation_row(std::string(49, 'a'), "1").ok());
  EXPECT_FALSE(confirmation_row("a:b", "1").ok());
  EXPECT_FALSE(confirmation_row("ok", "alice").ok());
  EXPECT_FALSE(confirmation_row("ok", std::string(21, '1')).ok());
  auto bad = confirmation_row("a b", "1");
  EXPECT_NE(bad.error().message().find("'a b'"), std::string::npos);
}

TEST(DisabledRow, DisablesEveryButtonAndMarksTheChoice) {
  const ActionRow row = *confirmation_row("p1", "7");
  const ActionRow used = disabled_row(row, ConfirmDecision::kConfirm);
  EXPECT_TRUE(used.buttons[0].disabled && used.buttons[1].disabled);
  EXPECT_EQ(used.buttons[0].label, "Confirmed");
  EXPECT_EQ(used.buttons[1].label, "Cancel");
  const ActionRow cancelled = disabled_row(row, ConfirmDecision::kCancel);
  EXPECT_EQ(cancelled.buttons[1].label, "Cancelled");
  const ActionRow expired = disabled_row(row);
  EXPECT_EQ(expired.buttons[0].label, "Confirm");
  EXPECT_TRUE(expired.buttons[0].disabled);
  JsonWriter w;
  write_components(w, {expired});
  EXPECT_NE(w.str().find(R"("disabled":true)"), std::string::npos);
}

TEST(ParseButtonPress, ReadsTheDecisionPendingIdAndRequester) {
  auto press = parse_button_press(click("omega:confirm:p-17:1000000000000000007"));
  ASSERT_TRUE(press.ok()) << press.error().to_string();
  EXPECT_EQ(press->decision, ConfirmDecision::kConfirm);
  EXPECT_EQ(press->pending_id, "p-17");
  EXPECT_EQ(press->requester_id, "1000000000000000007");
  EXPECT_TRUE(press->by_requester());
  EXPECT_EQ(press->message_id, "555");
  auto msg = pipeline_message(*press);
  ASSERT_TRUE(msg.ok());
  ASSERT_TRUE(msg->has_value());
  EXPECT_EQ((*msg)->text, "/confirm");
  EXPECT_EQ((*msg)->user_id, "1000000000000000007");
  EXPECT_EQ((*msg)->channel, "42");
  EXPECT_EQ((*msg)->front_end, "discord");

  auto cancel = parse_button_press(click("omega:cancel:p-17:1000000000000000007"));
  ASSERT_TRUE(cancel.ok());
  EXPECT_EQ(cancel->decision, ConfirmDecision::kCancel);
  auto none = pipeline_message(*cancel);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(ParseButtonPress, SomeoneElsesClickConfirmsNothing) {
  auto press = parse_button_press(click("omega:confirm:p-17:1000000000000000007", "99"));
  ASSERT_TRUE(press.ok());
  EXPECT_FALSE(press->by_requester());
  auto msg = pipeline_message(*press);
  ASSERT_FALSE(msg.ok());
  EXPECT_EQ(msg.error().code(), ErrorCode::kPermissionDenied);
}

TEST(ParseButtonPress, RefusesForeignOrMalformedIds) {
  for (const char* id : {"other:thing", "omega:confirm:", "omega:confirm:p1", "omega:confirm:p1:",
                         "omega:confirm:p 1:7", "omega:confirm:p1:7x", "omega:delete:p1:7"}) {
    auto press = parse_button_press(click(id));
    ASSERT_FALSE(press.ok()) << id;
    EXPECT_EQ(press.error().code(), ErrorCode::kInvalidArgument);
  }
  Interaction select = click("omega:confirm:p1:7");
  select.component_type = 3;  // a select menu
  EXPECT_FALSE(parse_button_press(select).ok());
  Interaction command = click("omega:confirm:p1:7");
  command.type = InteractionType::kApplicationCommand;
  EXPECT_FALSE(parse_button_press(command).ok());
}

TEST(ComponentViolations, CatchesRowsButtonsAndIds) {
  std::vector<ActionRow> rows(6, ActionRow{{Button{ButtonStyle::kPrimary, "x", "a"}}});
  auto p = component_violations(rows);
  EXPECT_NE(p.front().find("6 action rows"), std::string::npos);
  ActionRow six;
  for (int i = 0; i < 6; ++i)
    six.buttons.push_back({ButtonStyle::kPrimary, "x", std::to_string(i)});
  EXPECT_NE(component_violations({six}).front().find("6 buttons"), std::string::npos);
  ActionRow bad{{Button{ButtonStyle::kPrimary, std::string(81, 'l'), std::string(101, 'c')},
                 Button{ButtonStyle::kLink, "site", "id", ""},
                 Button{ButtonStyle::kPrimary, "dup", "same"},
                 Button{ButtonStyle::kPrimary, "dup", "same"}}};
  p = component_violations({bad});
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NE(p[0].find("label"), std::string::npos);
  EXPECT_NE(p[1].find("custom_id: has 101"), std::string::npos);
  EXPECT_NE(p[2].find("link button"), std::string::npos);
  EXPECT_NE(p[3].find("'same' is used twice"), std::string::npos);
}

}  // namespace
}  // namespace omega::chat::discord

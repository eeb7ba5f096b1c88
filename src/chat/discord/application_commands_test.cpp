#include "chat/discord/application_commands.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "chat/chat_settings.hpp"
#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

namespace dom = simdjson::dom;

std::string generated() {
  auto body = bulk_overwrite_body(command_table());
  EXPECT_TRUE(body.ok()) << body.error().to_string();
  return body.ok() ? *body : "[]";
}

// Finds the command called `name` in the generated payload.
dom::element find_command(dom::parser& parser, const std::string& json, std::string_view name) {
  dom::array all = parser.parse(json).get_array().value();
  for (dom::element c : all) {
    if (std::string_view(c["name"].get_string().value()) == name) return c;
  }
  ADD_FAILURE() << "no command " << name;
  return {};
}

std::vector<std::string> option_names(dom::element parent) {
  std::vector<std::string> out;
  dom::array options;
  if (parent["options"].get_array().get(options) != simdjson::SUCCESS) return out;
  for (dom::element o : options) out.emplace_back(o["name"].get_string().value());
  return out;
}

TEST(ApplicationCommands, GeneratedPayloadKeepsEveryDiscordLimit) {
  const std::string json = generated();
  const auto problems = command_payload_violations(json);
  for (const auto& p : problems) ADD_FAILURE() << p;
  dom::parser parser;
  dom::array all = parser.parse(json).get_array().value();
  EXPECT_EQ(all.size(), command_table().size());
}

// Walks the whole payload independently of the checker: every name, description, option and
// choice against the reference's numbers.
void walk_option(dom::element o, int depth, const std::string& path) {
  SCOPED_TRACE(path);
  const std::string_view name = o["name"].get_string().value();
  EXPECT_GE(name.size(), 1u);
  EXPECT_LE(name.size(), 32u);
  for (char c : name) {
    EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') << c;
  }
  const std::string_view desc = o["description"].get_string().value();
  EXPECT_GE(desc.size(), 1u);
  EXPECT_LE(utf16_length(desc), 100u);
  dom::array options;
  if (o["options"].get_array().get(options) == simdjson::SUCCESS) {
    EXPECT_LE(options.size(), 25u);
    bool optional_seen = false;
    for (dom::element child : options) {
      const int64_t type = child["type"].get_int64().value();
      if (type > 2) {
        const bool required = child["required"].get_bool().value();
        EXPECT_FALSE(required && optional_seen) << "required after optional";
        optional_seen = optional_seen || !required;
      } else {
        EXPECT_EQ(depth, 0) << "subcommands only at the top";
      }
      walk_option(child, depth + 1, path + "." + std::string(child["name"].get_string().value()));
    }
  }
  dom::array choices;
  if (o["choices"].get_array().get(choices) == simdjson::SUCCESS) {
    EXPECT_LE(choices.size(), 25u);
    EXPECT_TRUE(o["autocomplete"].error() == simdjson::NO_SUCH_FIELD);
    for (dom::element c : choices) {
      EXPECT_LE(c["name"].get_string().value().size(), 100u);
      EXPECT_LE(c["value"].get_string().value().size(), 100u);
    }
  }
}

TEST(ApplicationCommands, IndependentWalkOfEveryCommandOptionAndChoice) {
  const std::string json = generated();
  dom::parser parser;
  dom::array all = parser.parse(json).get_array().value();
  EXPECT_LE(all.size(), 100u);
  std::set<std::string> names;
  for (dom::element c : all) {
    EXPECT_EQ(c["type"].get_int64().value(), 1);
    const std::string name(c["name"].get_string().value());
    EXPECT_TRUE(names.insert(name).second) << name;
    walk_option(c, 0, name);
  }
}

TEST(ApplicationCommands, ActionsBecomeSubcommands) {
  const std::string json = generated();
  dom::parser parser;
  EXPECT_EQ(option_names(find_command(parser, json, "alerts")),
            (std::vector<std::string>{"add", "list", "remove"}));
  EXPECT_EQ(option_names(find_command(parser, json, "persona")),
            (std::vector<std::string>{"list", "set"}));
  dom::element bot = find_command(parser, json, "bot");
  EXPECT_EQ(option_names(bot), (std::vector<std::string>{"start", "stop", "pause"}));
  for (dom::element sub : bot["options"].get_array().value()) {
    EXPECT_EQ(sub["type"].get_int64().value(), 1);
    EXPECT_EQ(option_names(sub), (std::vector<std::string>{"bot"}));
    EXPECT_TRUE(sub["options"].at(0)["required"].get_bool().value());
  }
  dom::element persona = find_command(parser, json, "persona");
  EXPECT_TRUE(option_names(persona["options"].at(0)).empty());  // list takes nothing
  EXPECT_EQ(option_names(persona["options"].at(1)), (std::vector<std::string>{"name"}));
}

TEST(ApplicationCommands, SymbolsAutocompleteAndFixedValuesAreChoices) {
  const std::string json = generated();
  dom::parser parser;
  dom::element fib = find_command(parser, json, "fib");
  dom::element symbol = fib["options"].at(0);
  EXPECT_EQ(std::string_view(symbol["name"].get_string().value()), "symbol");
  EXPECT_TRUE(symbol["autocomplete"].get_bool().value());
  EXPECT_TRUE(symbol["required"].get_bool().value());
  dom::element tf = fib["options"].at(1);
  EXPECT_EQ(std::string_view(tf["name"].get_string().value()), "timeframe");
  EXPECT_FALSE(tf["required"].get_bool().value());
  EXPECT_EQ(tf["choices"].get_array().value().size(), 11u);
  EXPECT_EQ(std::string_view(tf["choices"].at(4)["value"].get_string().value()), "1h");
}

TEST(ApplicationCommands, QuantitiesAreNumbersAndAdminCommandsAreHidden) {
  const std::string json = generated();
  dom::parser parser;
  dom::element buy = find_command(parser, json, "buy");
  EXPECT_EQ(option_names(buy), (std::vector<std::string>{"symbol", "quantity", "price"}));
  EXPECT_EQ(buy["options"].at(1)["type"].get_int64().value(), 10);
  EXPECT_EQ(buy["options"].at(1)["min_value"].get_int64().value(), 0);
  EXPECT_EQ(std::string_view(
                find_command(parser, json, "halt")["default_member_permissions"].get_string()),
            "0");
  EXPECT_EQ(find_command(parser, json, "help")["default_member_permissions"].error(),
            simdjson::NO_SUCH_FIELD);
}

TEST(ApplicationCommands, SettingsOverridesDecideWhichCommandsAreHidden) {
  ChatSettings settings;
  settings.command_roles["status"] = Role::kAdmin;
  CommandPayloadOptions opt;
  opt.settings = &settings;
  const auto cmds = application_commands(command_table(), opt);
  const auto status = std::find_if(cmds.begin(), cmds.end(),
                                   [](const ApplicationCommand& c) { return c.name == "status"; });
  ASSERT_NE(status, cmds.end());
  EXPECT_EQ(status->default_member_permissions, "0");
  opt.hide_admin_commands = false;
  for (const auto& c : application_commands(command_table(), opt)) {
    EXPECT_FALSE(c.default_member_permissions.has_value()) << c.name;
  }
}

TEST(ApplicationCommands, RequiredOptionsAreMovedFirst) {
  const std::vector<CommandSpec> table = {
      {"odd", "Optional before required", Role::kViewer, {{"A", false, {}}, {"B", true, {}}}}};
  const auto cmds = application_commands(table);
  ASSERT_EQ(cmds[0].options.size(), 2u);
  EXPECT_EQ(cmds[0].options[0].name, "b");
  EXPECT_TRUE(command_payload_violations(commands_json(cmds)).empty());
}

// ---- the checker catches each limit ---------------------------------------------------------

std::vector<std::string> check(std::string_view json) {
  return command_payload_violations(json);
}

bool mentions(const std::vector<std::string>& problems, std::string_view what) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

TEST(CommandPayloadViolations, CatchesBadNamesAndDescriptions) {
  EXPECT_TRUE(mentions(check(R"([{"name":"Fib","description":"x"}])"), "[0].name: 'Fib'"));
  EXPECT_TRUE(mentions(check(R"([{"name":"a b","description":"x"}])"), "[0].name"));
  EXPECT_TRUE(mentions(check(R"([{"name":"abcdefghijklmnopqrstuvwxyz0123456","description":"x"}])"),
                       "has 33 characters; allowed 1-32"));
  EXPECT_TRUE(mentions(check(R"([{"name":"","description":"x"}])"), "allowed 1-32"));
  EXPECT_TRUE(mentions(check(R"([{"name":"a","description":""}])"), "description: has 0"));
  EXPECT_TRUE(
      mentions(check("[{\"name\":\"a\",\"description\":\"" + std::string(101, 'x') + "\"}]"),
               "has 101 characters; allowed 1-100"));
  EXPECT_TRUE(mentions(check(R"([{"name":"a","description":"x"},{"name":"a","description":"y"}])"),
                       "registered twice"));
  EXPECT_TRUE(mentions(check(R"([{"description":"x"}])"), "[0].name: is required"));
  EXPECT_TRUE(mentions(check(R"({"name":"a"})"), "JSON array"));
  EXPECT_TRUE(mentions(check("[{"), "not valid JSON"));
  EXPECT_TRUE(check(R"([{"name":"größe","description":"x"}])").empty());
}

TEST(CommandPayloadViolations, CatchesOptionRules) {
  std::string many = R"([{"name":"a","description":"x","options":[)";
  for (int i = 0; i < 26; ++i) {
    many += (i ? "," : "") + std::string(R"({"type":3,"name":"o)") + std::to_string(i) +
            R"(","description":"d"})";
  }
  many += "]}]";
  EXPECT_TRUE(mentions(check(many), "26 options; the limit is 25"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d"},{"type":3,"name":"q","description":"d","required":true}]}])"),
      "required options must come before optional ones"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":12,"name":"p","description":"d"}]}])"),
      "option type 1-11"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":5,"name":"p","description":"d","autocomplete":true}]}])"),
      "only STRING, INTEGER and NUMBER options autocomplete"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d","autocomplete":true,"choices":[{"name":"n","value":"v"}]}]}])"),
      "may not be combined with choices"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d","min_value":1}]}])"),
      "only INTEGER and NUMBER options have it"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d","max_length":6001}]}])"),
      "integer 0-6000"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d"},{"type":3,"name":"p","description":"d"}]}])"),
      "'p' appears twice"));
}

TEST(CommandPayloadViolations, CatchesChoiceRules) {
  std::string many =
      R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d","choices":[)";
  for (int i = 0; i < 26; ++i) {
    many += (i ? "," : "") + std::string(R"({"name":"c","value":"v"})");
  }
  many += "]}]}]";
  EXPECT_TRUE(mentions(check(many), "26 choices; the limit is 25"));
  EXPECT_TRUE(mentions(
      check("[{\"name\":\"a\",\"description\":\"x\",\"options\":[{\"type\":3,\"name\":\"p\","
            "\"description\":\"d\",\"choices\":[{\"name\":\"c\",\"value\":\"" +
            std::string(101, 'v') + "\"}]}]}]"),
      "choices[0].value: has 101 characters"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":4,"name":"p","description":"d","choices":[{"name":"c","value":"1"}]}]}])"),
      "must be a number"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":5,"name":"p","description":"d","choices":[{"name":"c","value":"1"}]}]}])"),
      "only STRING, INTEGER and NUMBER options have choices"));
}

TEST(CommandPayloadViolations, CatchesNestingRules) {
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":1,"name":"s","description":"d"},{"type":3,"name":"p","description":"d"}]}])"),
      "may not be mixed"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":2,"name":"g","description":"d","options":[{"type":3,"name":"p","description":"d"}]}]}])"),
      "a subcommand group may only hold subcommands"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":1,"name":"s","description":"d","options":[{"type":1,"name":"t","description":"d"}]}]}])"),
      "a subcommand may not hold subcommands"));
  EXPECT_TRUE(mentions(
      check(
          R"([{"name":"a","description":"x","options":[{"type":3,"name":"p","description":"d","options":[]}]}])"),
      "only subcommands and groups hold options"));
  EXPECT_TRUE(
      check(
          R"([{"name":"a","description":"x","options":[{"type":2,"name":"g","description":"d","options":[{"type":1,"name":"s","description":"d","options":[{"type":3,"name":"p","description":"d","required":true}]}]}]}])")
          .empty());
}

TEST(CommandPayloadViolations, CatchesTheTotalsPerCommandAndPerApplication) {
  // 25 options x 25 choices of 100-character names: far beyond 8000 characters.
  std::string big = R"([{"name":"a","description":"x","options":[)";
  for (int i = 0; i < 25; ++i) {
    big += (i ? "," : "") + std::string(R"({"type":3,"name":"o)") + std::to_string(i) +
           R"(","description":"d","choices":[)";
    for (int k = 0; k < 25; ++k) {
      big += (k ? "," : "") + std::string(R"({"name":")") + std::string(100, 'n') +
             R"(","value":"v"})";
    }
    big += "]}";
  }
  big += "]}]";
  EXPECT_TRUE(mentions(check(big), "the limit is 8000"));
  std::string many = "[";
  for (int i = 0; i < 101; ++i) {
    many += (i ? "," : "") + std::string(R"({"name":"c)") + std::to_string(i) +
            R"(","description":"d"})";
  }
  many += "]";
  EXPECT_TRUE(mentions(check(many), "101 CHAT_INPUT commands; the limit is 100"));
}

TEST(BulkOverwriteBody, RefusesATableDiscordWouldReject) {
  const std::vector<CommandSpec> table = {{"Bad Name", "x", Role::kViewer, {}}};
  auto body = bulk_overwrite_body(table);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code(), ErrorCode::kValidation);
  EXPECT_NE(body.error().message().find("'Bad Name'"), std::string::npos);
}

// ---- interactions ---------------------------------------------------------------------------

// The reference's example (section 2.1), for a command of our table.
constexpr std::string_view kFibInteraction = R"({"op":0,"t":"INTERACTION_CREATE","s":42,"d":{
 "id":"1300000000000000001","application_id":"1200000000000000000","type":2,"version":1,
 "token":"aW50ZXJhY3Rpb246","guild_id":"1100000000000000000","channel_id":"1100000000000000010",
 "channel":{"id":"1100000000000000010","type":0,"name":"trading"},
 "member":{"user":{"id":"1000000000000000007","username":"alice","discriminator":"0","global_name":"Alice","avatar":null},
           "roles":["1100000000000000100","1100000000000000101"],"permissions":"2147483647","joined_at":"2024-01-01T00:00:00.000000+00:00",
           "nick":null,"pending":false,"mute":false,"deaf":false,"flags":0},
 "app_permissions":"442368","locale":"en-US","guild_locale":"en-US","entitlements":[],
 "authorizing_integration_owners":{"0":"1100000000000000000"},"context":0,"attachment_size_limit":10485760,
 "unknown_future_field":{"nested":[1,2,3]},
 "data":{"id":"1250000000000000000","name":"fib","type":1,"guild_id":"1100000000000000000",
   "options":[{"type":3,"name":"timeframe","value":"4h"},{"type":3,"name":"symbol","value":"BTC/USDT"}]}}})";

TEST(ParseInteraction, ReadsTheGatewayEnvelopeIntoWhoWhereAndWhat) {
  auto in = parse_interaction(kFibInteraction);
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  EXPECT_EQ(in->id, "1300000000000000001");
  EXPECT_EQ(in->application_id, "1200000000000000000");
  EXPECT_EQ(in->token, "aW50ZXJhY3Rpb246");
  EXPECT_EQ(in->type, InteractionType::kApplicationCommand);
  EXPECT_EQ(in->guild_id, "1100000000000000000");
  EXPECT_EQ(in->channel_id, "1100000000000000010");
  EXPECT_EQ(in->user_id, "1000000000000000007");
  EXPECT_EQ(in->username, "alice");
  EXPECT_EQ(in->role_ids, (std::vector<std::string>{"1100000000000000100", "1100000000000000101"}));
  EXPECT_EQ(in->permissions, 2147483647u);
  EXPECT_EQ(in->locale, "en-US");
  EXPECT_EQ(in->command, "fib");
  ASSERT_EQ(in->options.size(), 2u);
  EXPECT_EQ(in->option("symbol")->value, "BTC/USDT");

  auto msg = to_inbound_message(*in);
  ASSERT_TRUE(msg.ok()) << msg.error().to_string();
  EXPECT_EQ(msg->front_end, "discord");
  EXPECT_EQ(msg->user_id, "1000000000000000007");
  EXPECT_EQ(msg->channel, "1100000000000000010");
  EXPECT_EQ(msg->text, "/fib BTC/USDT 4h");  // the table's order, not the payload's
}

TEST(ParseInteraction, ReadsADirectMessageWithUserAndNoMember) {
  auto in = parse_interaction(
      R"({"id":"1","token":"t","type":2,"channel_id":"9","user":{"id":"77","username":"bob"},
          "data":{"name":"help","type":1}})");
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  EXPECT_EQ(in->guild_id, "");
  EXPECT_TRUE(in->role_ids.empty());
  EXPECT_EQ(in->user_id, "77");
  EXPECT_EQ(to_inbound_message(*in)->text, "/help");
}

TEST(ParseInteraction, KeepsSubcommandsAndExactNumbers) {
  auto in = parse_interaction(
      R"({"id":"1","token":"t","type":2,"channel_id":"9","user":{"id":"77"},
          "data":{"name":"buy","options":[{"type":3,"name":"symbol","value":"ETH/USDT"},
          {"type":10,"name":"quantity","value":0.1},{"type":10,"name":"price","value":1e-7}]}})");
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  EXPECT_EQ(to_inbound_message(*in)->text, "/buy ETH/USDT 0.1 0.0000001");

  auto bot = parse_interaction(
      R"({"id":"1","token":"t","type":2,"user":{"id":"77"},
          "data":{"name":"bot","options":[{"type":1,"name":"pause","options":[{"type":3,"name":"bot","value":"fib-1"}]}]}})");
  ASSERT_TRUE(bot.ok()) << bot.error().to_string();
  EXPECT_EQ(bot->subcommands, (std::vector<std::string>{"pause"}));
  EXPECT_EQ(to_inbound_message(*bot)->text, "/bot pause fib-1");

  auto quiz = parse_interaction(
      R"({"id":"1","token":"t","type":2,"user":{"id":"77"},
          "data":{"name":"quiz","options":[{"type":4,"name":"answer","value":3}]}})");
  EXPECT_EQ(to_inbound_message(*quiz)->text, "/quiz 3");
  auto learn = parse_interaction(
      R"({"id":"1","token":"t","type":2,"user":{"id":"77"},
          "data":{"name":"learn","options":[{"type":3,"name":"topic","value":"golden pocket"}]}})");
  EXPECT_EQ(to_inbound_message(*learn)->text, "/learn golden pocket");  // the rest argument
}

TEST(ParseInteraction, ReadsAutocompleteWithTheFocusedOption) {
  auto in = parse_interaction(
      R"({"id":"1","token":"t","type":4,"guild_id":"5","channel_id":"9",
          "member":{"user":{"id":"77"},"roles":[]},
          "data":{"name":"fib","options":[{"type":3,"name":"symbol","value":"bt","focused":true}]}})");
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  EXPECT_EQ(in->type, InteractionType::kAutocomplete);
  ASSERT_NE(in->focused_option(), nullptr);
  EXPECT_EQ(in->focused_option()->name, "symbol");
  EXPECT_EQ(in->focused_option()->value, "bt");
  EXPECT_FALSE(to_inbound_message(*in).ok());  // autocomplete never runs a command
}

TEST(ParseInteraction, ReadsAButtonClick) {
  auto in = parse_interaction(
      R"({"id":"1","token":"t","type":3,"channel_id":"9","user":{"id":"77"},
          "message":{"id":"555","content":"Confirm?"},
          "data":{"custom_id":"omega:confirm:p1:77","component_type":2}})");
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  EXPECT_EQ(in->type, InteractionType::kMessageComponent);
  EXPECT_EQ(in->custom_id, "omega:confirm:p1:77");
  EXPECT_EQ(in->component_type, 2);
  EXPECT_EQ(in->message_id, "555");
}

TEST(ParseInteraction, NamesTheMissingOrBrokenField) {
  struct Case {
    std::string_view json;
    std::string_view field;
  };
  const Case cases[] = {
      {"not json", "not valid JSON"},
      {R"({"t":"MESSAGE_CREATE","d":{}})", "t is 'MESSAGE_CREATE'"},
      {R"({"token":"t","type":2,"user":{"id":"1"},"data":{"name":"x"}})", "id is missing"},
      {R"({"id":"1","type":2,"user":{"id":"1"},"data":{"name":"x"}})", "token is missing"},
      {R"({"id":"1","token":"t","type":9,"user":{"id":"1"}})", "type is missing"},
      {R"({"id":"1","token":"t","type":2,"data":{"name":"x"}})", "member or user is missing"},
      {R"({"id":"1","token":"t","type":2,"user":{}})", "user.id is missing"},
      {R"({"id":"1","token":"t","type":2,"user":{"id":"1"}})", "data is missing"},
      {R"({"id":"1","token":"t","type":2,"user":{"id":"1"},"data":{"options":[]}})",
       "data.name is missing"},
      {R"({"id":"1","token":"t","type":2,"user":{"id":"1"},"data":{"name":"x","options":[{"type":3,"name":"a"}]}})",
       "data.options[0].value is missing"},
      {R"({"id":"1","token":"t","type":2,"user":{"id":"1"},"data":{"name":"x","options":[{"type":3,"name":"a","value":[1]}]}})",
       "data.options[0].value must be"},
      {R"({"id":"1","token":"t","type":2,"member":{"user":{"id":"1"},"permissions":"12x"},"data":{"name":"x"}})",
       "member.permissions '12x'"},
      {R"({"id":"1","token":"t","type":3,"user":{"id":"1"},"data":{}})",
       "data.custom_id is missing"},
  };
  for (const Case& c : cases) {
    auto in = parse_interaction(c.json);
    ASSERT_FALSE(in.ok()) << c.json;
    EXPECT_EQ(in.error().code(), ErrorCode::kParse);
    EXPECT_NE(in.error().message().find(c.field), std::string::npos) << in.error().message();
  }
}

Interaction command(std::string name, std::vector<std::string> subs,
                    std::vector<InteractionOption> options) {
  Interaction in;
  in.id = "1";
  in.token = "t";
  in.user_id = "77";
  in.command = std::move(name);
  in.subcommands = std::move(subs);
  in.options = std::move(options);
  return in;
}

TEST(ToInboundMessage, RefusesWhatThePipelineCouldNotReadBack) {
  auto unknown = to_inbound_message(command("nope", {}, {}));
  EXPECT_NE(unknown.error().message().find("unknown command /nope"), std::string::npos);
  auto bad_opt = to_inbound_message(command("fib", {}, {{"colour", "red"}}));
  EXPECT_NE(bad_opt.error().message().find("'colour' is not an option of /fib"), std::string::npos);
  auto spaces = to_inbound_message(command("fib", {}, {{"symbol", "BTC USDT"}}));
  EXPECT_NE(spaces.error().message().find("symbol must be one word"), std::string::npos);
  auto gap = to_inbound_message(command("performance", {}, {{"period", "7d"}}));
  EXPECT_NE(gap.error().message().find("give bot too when you give period"), std::string::npos);
  auto no_sub = to_inbound_message(command("alerts", {}, {}));
  EXPECT_NE(no_sub.error().message().find("needs one subcommand"), std::string::npos);
  auto bad_sub = to_inbound_message(command("alerts", {"purge"}, {}));
  EXPECT_NE(bad_sub.error().message().find("unknown subcommand /alerts purge"), std::string::npos);
  auto stray_sub = to_inbound_message(command("fib", {"x"}, {}));
  EXPECT_FALSE(stray_sub.ok());
  EXPECT_EQ(to_inbound_message(command("performance", {}, {{"bot", "b1"}, {"period", "7d"}}))->text,
            "/performance b1 7d");
}

TEST(ToInboundMessage, EveryGeneratedCommandReadsBackThroughThePipelinesTable) {
  // Fill every option of every generated (sub)command and check the text names the command and
  // carries each value in the table's order.
  for (const ApplicationCommand& c : application_commands(command_table())) {
    std::vector<std::pair<std::vector<std::string>, const std::vector<CommandOption>*>> variants;
    if (!c.options.empty() && c.options.front().type == OptionType::kSubCommand) {
      for (const CommandOption& sub : c.options) variants.push_back({{sub.name}, &sub.options});
    } else {
      variants.push_back({{}, &c.options});
    }
    for (const auto& [subs, opts] : variants) {
      std::vector<InteractionOption> given;
      for (const CommandOption& o : *opts) {
        given.push_back({o.name, o.choices.empty() ? "v_" + o.name : o.choices.back().value});
      }
      auto msg = to_inbound_message(command(c.name, subs, given));
      ASSERT_TRUE(msg.ok()) << c.name << ": " << msg.error().to_string();
      EXPECT_EQ(msg->text.rfind("/" + c.name, 0), 0u) << msg->text;
      for (const InteractionOption& g : given) {
        EXPECT_NE(msg->text.find(" " + g.value), std::string::npos) << msg->text;
      }
    }
  }
}

}  // namespace
}  // namespace omega::chat::discord

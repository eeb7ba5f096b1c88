// Tests the chat pipeline: the whole authorization matrix (every command × every role), bad
// input, rate limits and cooldowns on a stepped clock, personas, education commands, audit.
#include "chat/chat_pipeline.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "chat/education_handlers.hpp"

namespace omega::chat {
namespace {

using std::chrono::seconds;

constexpr const char* kSettings = R"(chat:
  default_persona: base
  max_input_bytes: 200
  rate_limit: {max_commands: 5, window: 10s}
  users:
    vera: viewer
    tom: trader
    ada: admin
  cooldowns:
    learn: 3s
)";

struct Fixture {
  Fixture() : Fixture(kSettings) {}
  explicit Fixture(const std::string& yaml)
      : personas(PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value()),
        education(EducationLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/education").value()),
        quizzes(education),
        pipeline(
            settings(yaml), personas, [this] { return now; }, audit) {
    register_education_handlers(pipeline, education, quizzes);
  }
  static ChatSettings settings(const std::string& yaml) {
    ConfigOptions o;
    o.apply_env = false;
    auto c = Config::parse(yaml, "chat.yaml", o);
    EXPECT_TRUE(c.ok());
    auto s = ChatSettings::from_config(*c);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
    return *s;
  }
  ChatReply say(const std::string& user, const std::string& text) {
    return pipeline.handle({"console", user, "", text});
  }

  Timestamp now = Timestamp::from_ns(1'700'000'000'000'000'000);
  PersonaLibrary personas;
  EducationLibrary education;
  QuizTracker quizzes;
  MemoryAuditSink audit;
  ChatPipeline pipeline;
};

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

// Builds a valid invocation of `spec` from its declared arguments.
std::string valid_invocation(const CommandSpec& spec) {
  std::string text = "/" + std::string(spec.name);
  for (const ArgSpec& a : spec.args) {
    if (!a.required) break;
    if (!a.choices.empty())
      text += " " + std::string(a.choices.front());
    else if (a.symbol)
      text += " BTC/USDT";
    else
      text += " 1";
  }
  return text;
}

TEST(ChatPipeline, AuthorizationMatrixEveryCommandTimesEveryRole) {
  constexpr const char* kUsers[] = {"vera", "tom", "ada"};
  constexpr Role kRoles[] = {Role::kViewer, Role::kTrader, Role::kAdmin};
  std::size_t checked = 0;
  for (const CommandSpec& spec : command_table()) {
    for (int r = 0; r < 3; ++r) {
      Fixture f(std::string(kSettings) + "");  // fresh limits per cell
      const ChatReply reply = f.say(kUsers[r], valid_invocation(spec));
      ASSERT_FALSE(reply.text.empty()) << spec.name;
      if (allows(kRoles[r], spec.role)) {
        EXPECT_NE(reply.outcome, ReplyOutcome::kDenied) << spec.name << " " << kUsers[r];
        EXPECT_NE(reply.outcome, ReplyOutcome::kRejected)
            << spec.name << " " << kUsers[r] << ": " << reply.text;
        if (spec.availability != Availability::kReady) {
          EXPECT_EQ(reply.outcome, ReplyOutcome::kUnavailable) << spec.name;
          EXPECT_TRUE(has(reply.text, "not available here")) << reply.text;
        }
      } else {
        EXPECT_EQ(reply.outcome, ReplyOutcome::kDenied) << spec.name << " " << kUsers[r];
        EXPECT_TRUE(has(reply.text, "needs the " + std::string(to_string(spec.role))))
            << reply.text;
      }
      EXPECT_EQ(reply.ephemeral, spec.private_data) << spec.name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, command_table().size() * 3);
}

TEST(ChatPipeline, RolesFollowTheIssue) {
  for (const char* name : {"buy", "sell", "close", "cancel", "bot", "backtest", "balance"}) {
    ASSERT_NE(find_command(name), nullptr) << name;
    EXPECT_EQ(find_command(name)->role, Role::kTrader) << name;
  }
  EXPECT_EQ(find_command("halt")->role, Role::kAdmin);
  EXPECT_EQ(find_command("resume")->role, Role::kAdmin);
  EXPECT_TRUE(find_command("buy")->needs_confirmation);
  EXPECT_TRUE(find_command("balance")->private_data);
  EXPECT_EQ(find_command("help")->role, Role::kViewer);
}

TEST(ChatPipeline, ConfigurationOverridesACommandsRole) {
  Fixture f(std::string(kSettings) + "  commands:\n    learn: trader\n");
  EXPECT_EQ(f.say("vera", "/learn traps").outcome, ReplyOutcome::kDenied);
  EXPECT_EQ(f.say("tom", "/learn traps").outcome, ReplyOutcome::kAnswered);
}

TEST(ChatPipeline, BadInputGetsAHelpfulReply) {
  Fixture f;
  ChatReply r = f.say("vera", "/frobnicate");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "unknown command /frobnicate")) << r.text;
  r = f.say("vera", "/fib BTC/USDT 1h --fast");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "unknown option '--fast'")) << r.text;
  r = f.say("vera", "/fib BTC/USDT 1h extra");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "unexpected argument 'extra'")) << r.text;
  r = f.say("vera", "/fib");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "missing SYMBOL")) << r.text;
  r = f.say("vera", "/fib BTC/USDT 7h");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "not a valid TF")) << r.text;
  r = f.say("vera", "/" + std::string(5000, 'x'));
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "message too long (5001 bytes; the limit is 200)")) << r.text;
  r = f.say("vera", "hello there");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  EXPECT_TRUE(has(r.text, "/help")) << r.text;
  r = f.say("vera", "   ");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRejected);
  r = f.say("mallory", "/help");
  EXPECT_EQ(r.outcome, ReplyOutcome::kDenied);
  EXPECT_TRUE(has(r.text, "not in the chat configuration")) << r.text;
  // The '!' prefix and upper case work like '/'.
  EXPECT_EQ(f.say("vera", "!HELP").outcome, ReplyOutcome::kAnswered);
  // Every message was audited, including the refused ones.
  EXPECT_EQ(f.audit.records().size(), 10u);
  EXPECT_EQ(f.audit.records().back().outcome, ReplyOutcome::kAnswered);
  EXPECT_LE(f.audit.records()[5].text.size(), 200u);
}

TEST(ChatPipeline, RateLimitsPerUserInASlidingWindow) {
  Fixture f;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(f.say("vera", "/help").outcome, ReplyOutcome::kAnswered);
  ChatReply r = f.say("vera", "/help");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRateLimited);
  EXPECT_TRUE(has(r.text, "available again in 10 s")) << r.text;
  EXPECT_EQ(f.say("tom", "/help").outcome, ReplyOutcome::kAnswered);  // other users unaffected
  f.now = Timestamp::from_ns(f.now.ns() + seconds(9).count() * 1'000'000'000);
  EXPECT_EQ(f.say("vera", "/help").outcome, ReplyOutcome::kRateLimited);
  f.now = Timestamp::from_ns(f.now.ns() + 1'000'000'000);
  EXPECT_EQ(f.say("vera", "/help").outcome, ReplyOutcome::kAnswered);
}

TEST(ChatPipeline, CooldownsPerUserAndCommand) {
  Fixture f;
  EXPECT_EQ(f.say("vera", "/learn traps").outcome, ReplyOutcome::kAnswered);
  ChatReply r = f.say("vera", "/learn risk");
  EXPECT_EQ(r.outcome, ReplyOutcome::kRateLimited);
  EXPECT_TRUE(has(r.text, "/learn is available again in 3 s")) << r.text;
  EXPECT_EQ(f.say("vera", "/help").outcome, ReplyOutcome::kAnswered);       // other command
  EXPECT_EQ(f.say("tom", "/learn risk").outcome, ReplyOutcome::kAnswered);  // other user
  f.now = Timestamp::from_ns(f.now.ns() + 2'999'000'000);
  EXPECT_EQ(f.say("vera", "/learn risk").outcome, ReplyOutcome::kRateLimited);
  f.now = Timestamp::from_ns(f.now.ns() + 1'000'000);
  EXPECT_EQ(f.say("vera", "/learn risk").outcome, ReplyOutcome::kAnswered);
}

TEST(ChatPipeline, PersonaListAndSetChangeTheVoice) {
  Fixture f;
  ChatReply r = f.say("vera", "/persona");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered);
  for (const char* name : {"xyko", "f", "biel", "z", "gemini"}) EXPECT_TRUE(has(r.text, name));
  r = f.say("vera", "/persona set biel");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(has(r.text, "You now talk to Biel")) << r.text;
  r = f.say("vera", "/balance");
  EXPECT_TRUE(has(r.text, "Sorry vera")) << r.text;  // Biel's denial
  r = f.say("vera", "/persona set nobody");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(r.text, "no persona called 'nobody'")) << r.text;
  EXPECT_EQ(f.pipeline.persona_of("tom").name, "base");
}

TEST(ChatPipeline, AChannelPersonaAppliesUntilAUserPicksTheirOwn) {
  Fixture f;
  ASSERT_TRUE(f.pipeline.set_channel_persona("trading-floor", "xyko").ok());
  EXPECT_FALSE(f.pipeline.set_channel_persona("x", "nobody").ok());
  EXPECT_EQ(f.pipeline.persona_of("vera", "trading-floor").name, "xyko");
  EXPECT_EQ(f.pipeline.persona_of("vera", "lobby").name, "base");
  ChatReply r = f.pipeline.handle({"discord", "vera", "trading-floor", "/status"});
  EXPECT_EQ(r.text.rfind("Xyko. Data first.", 0), 0u) << r.text;
  ASSERT_TRUE(f.pipeline.set_persona("vera", "gemini").ok());
  EXPECT_EQ(f.pipeline.persona_of("vera", "trading-floor").name, "gemini");
}

TEST(ChatPipeline, LearnAndQuiz) {
  Fixture f;
  ChatReply r = f.say("vera", "/learn golden-pocket");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(has(r.text, "The golden pocket")) << r.text;
  EXPECT_TRUE(has(r.text, "/learn fibonacci-basics")) << r.text;
  r = f.say("ada", "/learn look ahead bias");
  EXPECT_TRUE(has(r.text, "Backtesting pitfalls")) << r.text;
  r = f.say("tom", "/learn");
  EXPECT_TRUE(has(r.text, "backtesting-pitfalls")) << r.text;
  r = f.say("tom", "/quiz");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(has(r.text, "golden pocket")) << r.text;
  r = f.say("tom", "/quiz 3");
  EXPECT_TRUE(has(r.text, "Right!")) << r.text;
  EXPECT_TRUE(has(r.text, "Score: 1/1")) << r.text;
  r = f.say("tom", "/quiz 1");
  EXPECT_TRUE(has(r.text, "Not quite")) << r.text;
  EXPECT_TRUE(has(r.text, "/learn risk-and-position-sizing")) << r.text;
  r = f.say("tom", "/quiz two");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  r = f.say("ada", "/quiz 1");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(r.text, "no quiz running")) << r.text;
}

TEST(ChatPipeline, HelpMarksWhatTheRoleCannotUse) {
  Fixture f;
  ChatReply r = f.say("vera", "/help");
  EXPECT_TRUE(has(r.text, "/halt  — Kill switch: stop all trading now (needs admin)")) << r.text;
  r = f.say("ada", "/help");
  EXPECT_FALSE(has(r.text, "(needs admin)")) << r.text;
}

}  // namespace
}  // namespace omega::chat

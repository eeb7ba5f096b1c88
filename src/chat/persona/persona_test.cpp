// Tests personas: every bundled persona renders every message type, each voice shows what its
// file says, and broken persona files fail with the file, line and key.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chat/persona/persona_library.hpp"
#include "chat/persona/persona_renderer.hpp"

namespace omega::chat {
namespace {

PersonaLibrary bundled() {
  auto lib = PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas");
  EXPECT_TRUE(lib.ok()) << (lib.ok() ? "" : lib.error().to_string());
  return std::move(lib).value();
}

// Values for every field any bundled template uses, so rendering exercises the whole template.
MessageData sample_data() {
  MessageData d;
  d.set("user", "ana").set("symbol", "BTC/USDT").set("timeframe", "1h").set("close", "64000.5");
  d.set("change_pct", "2.10").set("bars", "500").set("rsi", "61.2").set("ema_fast", "63500");
  d.set("ema_slow", "62000").set("atr", "420.7").set("trend", "up").set("direction", "up");
  d.set("from_price", "58000").set("to_price", "66000").set("gp_low", "60800");
  d.set("gp_high", "61056").set("level_786", "59712").set("risk_pct", "1.8");
  d.set("moon_phase", "waxing gibbous").set("moon_illumination", "78");
  d.set("title", "Fibonacci basics").set("body", "Levels are ratios of a move.");
  d.set("text", "Which ratio bounds the golden pocket?").set("command", "balance");
  d.set("required_role", "trader").set("role", "viewer").set("retry_after_s", "3");
  d.set("reason", "the store is not wired yet").set("message", "unknown symbol XYZ");
  d.flag("has_pocket").flag("in_pocket").flag("cosmic").flag("mercury_retrograde", false);
  d.add_row("levels", {{"ratio", "0.618"}, {"price", "61056"}});
  d.add_row("hits",
            {{"time", "2024-04-20 10:00"}, {"pattern", "engulfing"}, {"direction", "bullish"}});
  d.add_row("bull_hits", {{"time", "2024-04-20 10:00"}, {"pattern", "engulfing"}});
  d.add_row("bull", {{"point", "price above EMA(50)"}});
  d.add_row("bear", {{"point", "RSI near overbought"}});
  d.add_row("commands", {{"name", "fib"},
                         {"usage", "SYMBOL [tf]"},
                         {"description", "Fibonacci levels"},
                         {"role", "viewer"}});
  d.add_row("choices", {{"n", "1"}, {"text", "0.618–0.65"}});
  d.add_row("personas", {{"name", "z"}, {"description", "cosmic"}});
  d.add_row("related", {{"id", "golden-pocket"}});
  return d;
}

TEST(PersonaLibrary, LoadsTheFiveBundledPersonasAndTheBase) {
  const PersonaLibrary lib = bundled();
  EXPECT_EQ(lib.names(), (std::vector<std::string>{"base", "biel", "f", "gemini", "xyko", "z"}));
  EXPECT_TRUE(lib.find("Xyko").ok());
  auto missing = lib.find("nobody");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("known: base"), std::string::npos);
}

TEST(PersonaRenderer, EveryPersonaRendersEveryMessageType) {
  const PersonaLibrary lib = bundled();
  const MessageData data = sample_data();
  for (const Persona& p : lib.all()) {
    for (MessageType t : kAllMessageTypes) {
      auto text = render_message(p, t, data);
      ASSERT_TRUE(text.ok()) << p.name << "/" << to_string(t) << ": " << text.error().to_string();
      EXPECT_FALSE(text->empty()) << p.name << "/" << to_string(t);
      EXPECT_EQ(text->find("{{"), std::string::npos) << p.name << "/" << to_string(t);
    }
  }
}

std::string render(const PersonaLibrary& lib, std::string_view name, MessageType t) {
  auto p = lib.find(name);
  EXPECT_TRUE(p.ok());
  auto text = render_message(**p, t, sample_data());
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

TEST(PersonaRenderer, XykoShowsTablesAndNumbersWithoutEmoji) {
  const PersonaLibrary lib = bundled();
  const std::string a = render(lib, "xyko", MessageType::kAnalysis);
  EXPECT_TRUE(has(a, "| RSI(14)  | 61.2 |")) << a;
  EXPECT_TRUE(has(a, "| ATR(14)  | 420.7 |")) << a;
  EXPECT_TRUE(has(a, "— Xyko")) << a;
  EXPECT_FALSE(has(a, "📊")) << a;
  EXPECT_TRUE(has(render(lib, "xyko", MessageType::kFib), "| 0.618 | 61056 |"));
}

TEST(PersonaRenderer, FTalksLevelsAndRiskReward) {
  const PersonaLibrary lib = bundled();
  const std::string a = render(lib, "f", MessageType::kAnalysis);
  EXPECT_TRUE(has(a, "golden pocket")) << a;
  EXPECT_TRUE(has(a, "Risk/reward")) << a;
  EXPECT_TRUE(has(a, "59712")) << a;
  EXPECT_TRUE(has(render(lib, "f", MessageType::kFib), "1.618 extension"));
}

TEST(PersonaRenderer, BielGreetsByNameAndLinksLessons) {
  const PersonaLibrary lib = bundled();
  const std::string a = render(lib, "biel", MessageType::kAnalysis);
  EXPECT_TRUE(has(a, "Hey ana!")) << a;
  EXPECT_TRUE(has(a, "/learn indicators")) << a;
  EXPECT_TRUE(has(render(lib, "biel", MessageType::kFib), "/learn golden-pocket"));
  EXPECT_TRUE(has(render(lib, "biel", MessageType::kPatterns), "/learn reading-candles"));
}

TEST(PersonaRenderer, ZAddsTheSkyAndTheHonestStatistics) {
  const PersonaLibrary lib = bundled();
  for (MessageType t : {MessageType::kAnalysis, MessageType::kFib, MessageType::kPatterns}) {
    const std::string a = render(lib, "z", t);
    EXPECT_TRUE(has(a, "Moon waxing gibbous (78% lit)")) << a;
    EXPECT_TRUE(has(a, "Mercury direct")) << a;
    EXPECT_TRUE(has(a, "no cosmic factor showed a significant effect")) << a;
  }
  EXPECT_FALSE(has(render(lib, "xyko", MessageType::kAnalysis), "Moon"));
}

TEST(PersonaRenderer, GeminiGivesBothCases) {
  const PersonaLibrary lib = bundled();
  for (MessageType t : {MessageType::kAnalysis, MessageType::kFib, MessageType::kPatterns}) {
    const std::string a = render(lib, "gemini", t);
    EXPECT_TRUE(has(a, "Bull case")) << a;
    EXPECT_TRUE(has(a, "Bear case")) << a;
  }
  EXPECT_TRUE(has(render(lib, "gemini", MessageType::kAnalysis), "- RSI near overbought"));
}

TEST(PersonaRenderer, InheritsWhatAPersonaDoesNotOverride) {
  const PersonaLibrary lib = bundled();
  // Xyko does not define `denied`: the base text is used, without the base's emoji (Xyko: none).
  const std::string d = render(lib, "xyko", MessageType::kDenied);
  EXPECT_EQ(d, "/balance needs the trader role; you are viewer. Ask an admin if you need it.");
  EXPECT_EQ(render(lib, "base", MessageType::kDenied).rfind("⛔", 0), 0u);
}

TEST(PersonaRenderer, DoesNotEscapeHtml) {
  const PersonaLibrary lib = bundled();
  MessageData d;
  d.set("message", "a < b & \"c\"");
  auto p = lib.find("base");
  auto text = render_message(**p, MessageType::kError, d);
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(has(*text, "a < b & \"c\""));
}

// Parses a one-file library whose non-base persona is `text`; returns the error text.
std::string error_of(const std::string& text) {
  std::string base_yaml = "name: base\ndescription: d\ntemplates:\n";
  for (MessageType t : kAllMessageTypes) {
    base_yaml += "  " + std::string(to_string(t)) + ": \"" + std::string(to_string(t)) + "\"\n";
  }
  auto parsed = PersonaLibrary::parse({"base.yaml", base_yaml}, {{"bad.yaml", text}});
  return parsed.ok() ? std::string() : parsed.error().to_string();
}

TEST(PersonaLibrary, ErrorsNameTheFileLineAndKey) {
  std::string e = error_of("name: bad\ndescription: d\nvoice:\n  emoji: plenty\n");
  EXPECT_TRUE(has(e, "bad.yaml:4")) << e;
  EXPECT_TRUE(has(e, "voice.emoji")) << e;
  EXPECT_TRUE(has(e, "none, some or lots")) << e;

  e = error_of("name: bad\ndescription: d\ntemplates:\n  fib: \"{{#levels}}x\"\n");
  EXPECT_TRUE(has(e, "bad.yaml:4")) << e;
  EXPECT_TRUE(has(e, "templates.fib")) << e;

  e = error_of("name: bad\ndescription: d\ntemplates:\n  fibb: x\n");
  EXPECT_TRUE(has(e, "fibb")) << e;
  EXPECT_TRUE(has(e, "bad.yaml:4")) << e;

  e = error_of("name: Bad Name\ndescription: d\n");
  EXPECT_TRUE(has(e, "name")) << e;

  e = error_of("description: d\n");
  EXPECT_TRUE(has(e, "name")) << e;

  e = error_of("name: bad\ndescription: [unclosed\n");
  EXPECT_TRUE(has(e, "bad.yaml")) << e;

  e = error_of("name: base\ndescription: d\n");
  EXPECT_TRUE(has(e, "already defined")) << e;
}

TEST(PersonaLibrary, TheBaseMustDefineEveryTemplate) {
  auto parsed = PersonaLibrary::parse({"base.yaml", "name: base\ndescription: d\n"}, {});
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(has(parsed.error().to_string(), "must define a template for 'help'"));
}

}  // namespace
}  // namespace omega::chat

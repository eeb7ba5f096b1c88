// Tests /analyze, /fib and /patterns on the bundled BTC/USDT data through the whole pipeline,
// in every persona, with Z's cosmic line and a clear failure for unknown symbols.
#include "chat/market_handlers.hpp"

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "chat/chat_pipeline.hpp"

namespace omega::chat {
namespace {

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

class MarketHandlers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    personas_ = new PersonaLibrary(
        PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value());
    market_ = new BundledMarketData(OMEGA_DATA_DIR);
    cosmic_ = new cosmic::CosmicFactorService();
  }
  static void TearDownTestSuite() {
    delete cosmic_;
    delete market_;
    delete personas_;
  }
  ChatReply say(const std::string& persona, const std::string& text) {
    ChatSettings s;
    s.users["ana"] = Role::kViewer;
    s.max_commands_per_window = 1000;
    ChatPipeline p(s, *personas_, clock_, audit_);
    register_market_handlers(p, *market_, *cosmic_, clock_);
    EXPECT_TRUE(p.set_persona("ana", persona).ok());
    return p.handle({"console", "ana", "", text});
  }

  static PersonaLibrary* personas_;
  static BundledMarketData* market_;
  static cosmic::CosmicFactorService* cosmic_;
  ChatClock clock_ = [] { return Timestamp::from_ns(1'713'657'600'000'000'000); };  // 2024-04-21
  MemoryAuditSink audit_;
};

PersonaLibrary* MarketHandlers::personas_ = nullptr;
BundledMarketData* MarketHandlers::market_ = nullptr;
cosmic::CosmicFactorService* MarketHandlers::cosmic_ = nullptr;

TEST_F(MarketHandlers, EveryPersonaAnswersEveryMarketCommand) {
  for (const char* persona : {"base", "xyko", "f", "biel", "z", "gemini"}) {
    for (const char* cmd : {"/analyze BTC/USDT", "/fib BTC/USDT 4h", "/patterns BTC/USDT 1h"}) {
      const ChatReply r = say(persona, cmd);
      EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered) << persona << " " << cmd << ": " << r.text;
      EXPECT_TRUE(has(r.text, "BTC/USDT")) << r.text;
      EXPECT_FALSE(has(r.text, "n/a")) << persona << " " << cmd << ": " << r.text;
    }
  }
}

TEST_F(MarketHandlers, VoicesDifferOnTheSameData) {
  EXPECT_TRUE(has(say("xyko", "/analyze BTC/USDT 1h").text, "| RSI(14)  |"));
  EXPECT_TRUE(has(say("f", "/analyze BTC/USDT 1h").text, "Risk/reward"));
  EXPECT_TRUE(has(say("biel", "/analyze BTC/USDT 1h").text, "/learn indicators"));
  const std::string z = say("z", "/analyze BTC/USDT 1h").text;
  EXPECT_TRUE(has(z, "Sky now: Moon")) << z;
  EXPECT_TRUE(has(z, "no cosmic factor showed a significant effect")) << z;
  EXPECT_FALSE(has(say("xyko", "/fib BTC/USDT 1h").text, "Moon"));
  const std::string g = say("gemini", "/analyze BTC/USDT 1h").text;
  EXPECT_TRUE(has(g, "Bull case")) << g;
  EXPECT_TRUE(has(g, "Bear case")) << g;
}

TEST_F(MarketHandlers, ResamplesForLongerTimeframes) {
  const ChatReply r = say("xyko", "/analyze BTC/USDT 1d");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered) << r.text;
  EXPECT_TRUE(has(r.text, "BTC/USDT 1d")) << r.text;
}

TEST_F(MarketHandlers, FibAttachesItsChartAsPng) {
  const ChatReply r = say("xyko", "/fib BTC/USDT 1h");
  ASSERT_EQ(r.outcome, ReplyOutcome::kAnswered) << r.text;
  ASSERT_EQ(r.attachments.size(), 1U);
  const Attachment& a = r.attachments[0];
  EXPECT_EQ(a.file_name, "fib_BTC-USDT_1h.png");
  EXPECT_EQ(a.content_type, "image/png");
  EXPECT_NE(a.description.find("BTC/USDT 1h"), std::string::npos) << a.description;
  ASSERT_GT(a.bytes.size(), 10'000U);
  const unsigned char signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  EXPECT_EQ(std::memcmp(a.bytes.data(), signature, sizeof signature), 0);
  // The same request draws the same picture; other commands attach nothing.
  EXPECT_EQ(say("base", "/fib BTC/USDT 1h").attachments[0].bytes, a.bytes);
  EXPECT_TRUE(say("xyko", "/analyze BTC/USDT 1h").attachments.empty());
  EXPECT_TRUE(say("base", "/fib DOGE/USDT 1h").attachments.empty());
}

TEST_F(MarketHandlers, UnknownSymbolFailsClearly) {
  const ChatReply r = say("base", "/fib DOGE/USDT 1h");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(r.text, "no market data for DOGE/USDT")) << r.text;
}

}  // namespace
}  // namespace omega::chat

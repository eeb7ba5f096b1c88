// Tests /analyze, /fib and /patterns on the bundled BTC/USDT data through the whole pipeline,
// in every persona, with Z's cosmic line and a clear failure for unknown symbols.
#include "chat/market_handlers.hpp"

#include <cmath>
#include <cstring>
#include <random>
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
  ChatReply say(const std::string& persona, const std::string& text, bool attachments = false) {
    ChatSettings s;
    s.users["ana"] = Role::kViewer;
    s.max_commands_per_window = 1000;
    ChatPipeline p(s, *personas_, clock_, audit_);
    register_market_handlers(p, *market_, *cosmic_, clock_);
    EXPECT_TRUE(p.set_persona("ana", persona).ok());
    InboundMessage in{"console", "ana", "", text};
    in.attachments = attachments;
    return p.handle(in);
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

TEST_F(MarketHandlers, FibAttachesItsChartAsPngWhenTheFrontEndTakesFiles) {
  const ChatReply r = say("xyko", "/fib BTC/USDT 1h", true);
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
  EXPECT_EQ(say("base", "/fib BTC/USDT 1h", true).attachments[0].bytes, a.bytes);
  EXPECT_TRUE(say("xyko", "/analyze BTC/USDT 1h", true).attachments.empty());
  EXPECT_TRUE(say("base", "/fib DOGE/USDT 1h", true).attachments.empty());
  // A front end that cannot deliver files gets the same text and no chart drawn.
  const ChatReply text_only = say("xyko", "/fib BTC/USDT 1h");
  EXPECT_EQ(text_only.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(text_only.attachments.empty());
  EXPECT_EQ(text_only.text, r.text);
}

TEST_F(MarketHandlers, UnknownSymbolFailsClearly) {
  const ChatReply r = say("base", "/fib DOGE/USDT 1h");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(r.text, "no market data for DOGE/USDT")) << r.text;
}

// Serves seeded random walks (with a drift per seed) as one symbol: a real MarketDataPort over
// in-memory candles, so /analyze sees every RSI zone and both sides of EMA(50).
class WalkMarket final : public MarketDataPort {
 public:
  explicit WalkMarket(std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> step(static_cast<double>(seed % 7) * 0.02 - 0.06, 1.0);
    auto s = std::make_shared<data::CandleSeries>(2, 0);
    double price = 10000.0;
    for (int i = 0; i < 400; ++i) {
      const double open = price;
      price = std::max(100.0, price * (1.0 + step(rng) / 100.0));
      const double hi = std::max(open, price) * 1.002;
      const double lo = std::min(open, price) * 0.998;
      const auto raw = [](double v) { return static_cast<std::int64_t>(std::llround(v * 100.0)); };
      s->push_back_raw(1'700'000'000'000'000'000 + i * 3'600'000'000'000LL, raw(open), raw(hi),
                       raw(lo), raw(price), 1);
    }
    series_ = s;
  }
  Result<std::shared_ptr<const data::CandleSeries>> candles(std::string_view, Timeframe) override {
    return std::shared_ptr<const data::CandleSeries>(series_);
  }

 private:
  std::shared_ptr<const data::CandleSeries> series_;
};

double number_after(const std::string& text, std::string_view label) {
  const std::size_t at = text.find(label);
  if (at == std::string::npos) return NAN;
  return std::stod(text.substr(at + label.size()));
}

// Fails when a Gemini point contradicts the numbers of the same reply.
void expect_grounded(const MessageData& d, const std::string& list, const std::string& point) {
  const double rsi = std::stod(d.fields.at("rsi"));
  const double close = std::stod(d.fields.at("close"));
  const double ema = std::stod(d.fields.at("ema_slow"));
  const double change = std::stod(d.fields.at("change_pct"));
  SCOPED_TRACE(list + ": " + point + " (RSI " + d.fields.at("rsi") + ", close " +
               d.fields.at("close") + ", EMA50 " + d.fields.at("ema_slow") + ")");
  if (has(point, "buyers in control")) EXPECT_GE(rsi, 70.0);
  if (has(point, "sellers in control")) EXPECT_LE(rsi, 30.0);
  if (has(point, "leans to buyers")) EXPECT_GE(rsi, 55.0);
  if (has(point, "leans to sellers")) EXPECT_LE(rsi, 45.0);
  if (has(point, "is neutral")) EXPECT_TRUE(rsi > 45.0 && rsi < 55.0);
  if (has(point, "overbought")) EXPECT_GE(rsi, 70.0);
  if (has(point, "oversold")) EXPECT_LE(rsi, 30.0);
  if (has(point, "above EMA(50)")) EXPECT_GT(close, ema);
  if (has(point, "below EMA(50)")) EXPECT_LT(close, ema);
  if (has(point, "% over the last")) {
    EXPECT_DOUBLE_EQ(std::stod(point), change);
    EXPECT_EQ(list == "bull", change >= 0);
  }
  if (has(point, "% above EMA(50)")) {
    EXPECT_NEAR(std::stod(point.substr(point.find("is ") + 3)), (close / ema - 1) * 100, 0.02);
  }
  // A point quoting the RSI quotes the reply's own value.
  if (has(point, "RSI ")) EXPECT_DOUBLE_EQ(number_after(point, "RSI "), rsi);
}

TEST(GeminiGrounding, BullAndBearCasesNeverContradictTheNumbers) {
  PersonaLibrary personas =
      PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value();
  cosmic::CosmicFactorService cosmic;
  MemoryAuditSink audit;
  ChatClock clock = [] { return Timestamp::from_ns(1'713'657'600'000'000'000); };
  int zones[5] = {0, 0, 0, 0, 0};  // RSI <=30, 30-45, 45-55, 55-70, >=70: every zone is seen
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    WalkMarket market(seed);
    ChatSettings s;
    s.users["ana"] = Role::kViewer;
    s.max_commands_per_window = 1000;
    ChatPipeline p(s, personas, clock, audit);
    register_market_handlers(p, market, cosmic, clock);
    ASSERT_TRUE(p.set_persona("ana", "gemini").ok());
    const ChatReply reply = p.handle({"console", "ana", "", "/analyze WALK/USDT 1h"});
    ASSERT_EQ(reply.outcome, ReplyOutcome::kAnswered) << reply.text;
    // Gemini's reply quotes RSI and the close next to its points.
    const std::string rsi_text = reply.text.substr(reply.text.find("RSI ") + 4);
    MessageData d;
    d.set("rsi", rsi_text.substr(0, rsi_text.find(',')));
    const std::string close_text = reply.text.substr(reply.text.find("close ") + 6);
    d.set("close", close_text.substr(0, close_text.find(',')));
    // EMA(50) and the change come from Xyko's table of the same data.
    ASSERT_TRUE(p.set_persona("ana", "xyko").ok());
    const std::string table = p.handle({"console", "ana", "", "/analyze WALK/USDT 1h"}).text;
    d.set("ema_slow", std::to_string(number_after(table, "| EMA(50)  | ")));
    d.set("change_pct", std::to_string(number_after(table, "| change % | ")));
    const double rsi = std::stod(d.fields["rsi"]);
    ++zones[rsi <= 30 ? 0 : rsi <= 45 ? 1 : rsi < 55 ? 2 : rsi < 70 ? 3 : 4];
    std::string list;
    std::size_t pos = 0;
    std::size_t points = 0;
    while (pos < reply.text.size()) {
      std::size_t end = reply.text.find('\n', pos);
      if (end == std::string::npos) end = reply.text.size();
      const std::string line = reply.text.substr(pos, end - pos);
      if (has(line, "Bull case")) list = "bull";
      if (has(line, "Bear case")) list = "bear";
      if ((line.starts_with("+ ") || line.starts_with("- ")) && !list.empty()) {
        expect_grounded(d, list, line.substr(2));
        ++points;
      }
      pos = end + 1;
    }
    EXPECT_GE(points, 4u) << reply.text;
  }
  for (int z = 0; z < 5; ++z) EXPECT_GT(zones[z], 0) << "RSI zone " << z << " never produced";
}

}  // namespace
}  // namespace omega::chat

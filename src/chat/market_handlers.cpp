#include "chat/market_handlers.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/ema.hpp"
#include "analytics/indicators/rsi.hpp"
#include "analytics/patterns/pattern_registry.hpp"
#include "chat/chart/chart_layout.hpp"
#include "chat/chart/fib_chart.hpp"

namespace omega::chat {
namespace {

// Bars the chat looks at: enough for EMA(50) and a few swings, small enough for a fast reply.
constexpr std::size_t kWindowBars = 1000;
constexpr std::size_t kPatternBars = 50;
constexpr std::size_t kMaxPatternHits = 8;

struct Bars {
  std::vector<double> open, high, low, close;
  std::vector<std::int64_t> time_ns;
  int precision = 2;
  data::CandleSeries series;  // the same bars, for charts
};

// Charts /fib drew, by symbol, timeframe and the bars they were drawn from: the same request on
// the same bars draws the same picture (about 20 ms of Cairo), so it is drawn once. Holds the
// newest kMaxCharts; shared by the pipeline's threads.
class ChartCache {
 public:
  static constexpr std::size_t kMaxCharts = 16;

  std::optional<Attachment> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    for (const auto& [k, a] : entries_) {
      if (k == key) return a;
    }
    return std::nullopt;
  }
  void put(std::string key, Attachment a) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxCharts) entries_.pop_front();
    entries_.emplace_back(std::move(key), std::move(a));
  }

 private:
  std::mutex mutex_;
  std::deque<std::pair<std::string, Attachment>> entries_;
};

std::string price_text(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : "n/a";
}

std::string time_text(std::int64_t ns) {
  std::string iso = format_iso8601(Timestamp::from_ns(ns));
  return iso.substr(0, std::min<std::size_t>(iso.size(), 16));  // "2024-04-20T10:00"
}

Result<Bars> load(MarketDataPort& market, const ChatRequest& r, Timeframe& tf) {
  OMEGA_ASSIGN_OR_RETURN(tf, Timeframe::parse(r.args.size() > 1 ? r.args[1] : "1h"));
  OMEGA_ASSIGN_OR_RETURN(auto series, market.candles(r.args[0], tf));
  const std::size_t n = series->size();
  if (n < 60) return Error(ErrorCode::kNotFound, "not enough candles for " + r.args[0]);
  const std::size_t first = n > kWindowBars ? n - kWindowBars : 0;
  std::vector<std::size_t> rows(n - first);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = first + i;
  const data::CandleSeries tail = series->gather(rows);
  Bars b;
  b.open = tail.to_doubles(data::Column::kOpen);
  b.high = tail.to_doubles(data::Column::kHigh);
  b.low = tail.to_doubles(data::Column::kLow);
  b.close = tail.to_doubles(data::Column::kClose);
  b.time_ns.assign(tail.open_time_ns().begin(), tail.open_time_ns().end());
  b.precision = std::min(tail.price_precision(), 2);
  b.series = tail;
  return b;
}

void add_common(MessageData& d, const ChatRequest& r, const Timeframe& tf, const Bars& b) {
  d.set("symbol", r.args[0]).set("timeframe", tf.to_string());
  d.set("close", price_text(b.close.back(), b.precision));
  d.set("bars", std::to_string(b.close.size()));
}

void add_cosmic(MessageData& d, const ChatRequest& r, const PersonaLibrary& personas,
                cosmic::CosmicFactorService& service, const ChatClock& clock) {
  auto p = personas.find(r.persona);
  if (!p.ok() || !(*p)->emphasises("cosmic")) return;
  const Timestamp now = clock();
  const cosmic::MoonPhase moon = service.moon_phase(now);
  std::string phase(cosmic::to_string(moon.name));
  std::replace(phase.begin(), phase.end(), '_', ' ');
  d.flag("cosmic").flag("mercury_retrograde", service.is_mercury_retrograde(now));
  d.set("moon_phase", phase);
  d.set("moon_illumination", fmt::format("{:.0f}", moon.illuminated_fraction * 100.0));
}

constexpr const char* kChatSwing = "zigzag:5%";

// Returns the last complete swing leg of the bars, if any.
std::optional<fib::SwingLeg> last_leg(const Bars& b) {
  auto spec = fib::parse_swing_spec(kChatSwing);
  if (!spec.ok()) return std::nullopt;
  const auto swings = fib::detect_swings(*spec, b.high, b.low, b.close);
  const auto legs = fib::swing_legs(swings);
  if (legs.empty()) return std::nullopt;
  return legs.back();
}

// The levels the chat shows: extensions beyond the swing end only (targets, and a reply short
// enough for a chat).
std::vector<fib::FibLevel> chat_levels(const fib::SwingLeg& leg) {
  return fib::fib_levels(leg, fib::RatioSet::standard(), fib::ExtensionSide::kBeyondEnd);
}

// Adds the last swing leg, its levels and golden pocket; false when there is no complete leg.
bool add_fib(MessageData& d, const Bars& b) {
  const std::optional<fib::SwingLeg> last = last_leg(b);
  if (!last) return false;
  const fib::SwingLeg& leg = *last;
  const fib::PriceZone pocket = fib::golden_pocket(leg);
  const double close = b.close.back();
  d.flag("has_pocket").flag("in_pocket", pocket.contains(close));
  d.set("direction", leg.up() ? "up" : "down");
  d.set("from_price", price_text(leg.from.price, b.precision));
  d.set("to_price", price_text(leg.to.price, b.precision));
  d.set("gp_low", price_text(pocket.low, b.precision));
  d.set("gp_high", price_text(pocket.high, b.precision));
  double level_786 = NAN;
  const auto levels = chat_levels(leg);
  for (const fib::FibLevel& l : levels) {
    d.add_row("levels", {{"ratio", fmt::format("{:.3f}", l.ratio)},
                         {"price", price_text(l.price, b.precision)}});
    if (std::fabs(l.ratio - 0.786) < 1e-9 && l.kind == fib::LevelKind::kRetracement) {
      level_786 = l.price;
    }
  }
  d.set("level_786", price_text(level_786, b.precision));
  const double entry = (pocket.low + pocket.high) / 2.0;
  d.set("risk_pct", price_text(std::fabs(entry - level_786) / entry * 100.0, 2));
  return true;
}

Result<HandlerReply> analyze(MarketDataPort& market, const ChatRequest& r,
                             const PersonaLibrary& personas, cosmic::CosmicFactorService& service,
                             const ChatClock& clock) {
  Timeframe tf;
  OMEGA_ASSIGN_OR_RETURN(const Bars b, load(market, r, tf));
  const std::size_t n = b.close.size();
  std::vector<double> rsi(n), ema20(n), ema50(n), atr(n);
  indicators::rsi(b.close, 14, rsi);
  indicators::ema(b.close, 20, ema20);
  indicators::ema(b.close, 50, ema50);
  indicators::atr(b.high, b.low, b.close, 14, atr);
  HandlerReply out;
  out.type = MessageType::kAnalysis;
  MessageData& d = out.data;
  add_common(d, r, tf, b);
  const double close = b.close.back();
  const double change = (close / b.close.front() - 1.0) * 100.0;
  const bool up = close > ema50.back() && ema20.back() > ema50.back();
  const bool down = close < ema50.back() && ema20.back() < ema50.back();
  d.set("change_pct", fmt::format("{:+.2f}", change));
  d.set("rsi", fmt::format("{:.1f}", rsi.back()));
  d.set("ema_fast", price_text(ema20.back(), b.precision));
  d.set("ema_slow", price_text(ema50.back(), b.precision));
  d.set("atr", price_text(atr.back(), b.precision));
  d.set("trend", up ? "up" : down ? "down" : "sideways");
  // Gemini's two cases: the same readings, argued both ways.
  const auto point = [&](const std::string& list, const std::string& text) {
    d.add_row(list, {{"point", text}});
  };
  // Every sentence must be true of the numbers it quotes (tested in gemini_grounding_test).
  const double gap = (close / ema50.back() - 1.0) * 100.0;
  if (close > ema50.back()) {
    point("bull", "price is above EMA(50) " + d.fields["ema_slow"]);
    point("bear", fmt::format("price is {:.2f}% above EMA(50); a pullback to it is normal", gap));
  } else if (close < ema50.back()) {
    point("bull",
          fmt::format("price is {:.2f}% below EMA(50): room for a bounce back to it", -gap));
    point("bear", "price is below EMA(50) " + d.fields["ema_slow"]);
  }
  const double r14 = rsi.back();
  const std::string rsi_text = "RSI " + d.fields["rsi"];
  if (r14 >= 70.0) {
    point("bull", rsi_text + ": strong momentum, buyers in control");
    point("bear", rsi_text + " is overbought; pullbacks are common from here");
  } else if (r14 >= 55.0) {
    point("bull", rsi_text + ": momentum leans to buyers");
    point("bear", rsi_text + " can fall back to the neutral 50 without breaking anything");
  } else if (r14 > 45.0) {
    point("bull", rsi_text + " is neutral: buyers can take over from here");
    point("bear", rsi_text + " is neutral: no momentum behind buyers");
  } else if (r14 > 30.0) {
    point("bear", rsi_text + ": momentum leans to sellers");
    point("bull", rsi_text + " can recover to the neutral 50 without breaking anything");
  } else {
    point("bear", rsi_text + ": strong selling, sellers in control");
    point("bull", rsi_text + " is oversold; bounces are common from here");
  }
  point(change >= 0 ? "bull" : "bear", fmt::format("{:+.2f}% over the last {} bars", change, n));
  if (change != 0 && std::isfinite(atr.back())) {
    const double move = std::fabs(close - b.close.front());
    point(change >= 0 ? "bear" : "bull",
          fmt::format("ATR {} is {:.1f}% of that move: one bar can take back that much",
                      d.fields["atr"], move > 0 ? atr.back() / move * 100.0 : 0.0));
  }
  add_fib(d, b);
  add_cosmic(d, r, personas, service, clock);
  return out;
}

Result<HandlerReply> fib_levels(MarketDataPort& market, const ChatRequest& r,
                                const PersonaLibrary& personas,
                                cosmic::CosmicFactorService& service, const ChatClock& clock,
                                ChartCache& charts) {
  Timeframe tf;
  OMEGA_ASSIGN_OR_RETURN(const Bars b, load(market, r, tf));
  HandlerReply out;
  out.type = MessageType::kFib;
  add_common(out.data, r, tf, b);
  if (!add_fib(out.data, b)) {
    return Error(ErrorCode::kNotFound, "no complete 5% swing in the last " +
                                           std::to_string(b.close.size()) + " bars of " +
                                           r.args[0] + " " + tf.to_string());
  }
  // The chart of the same leg and levels goes along as a PNG when the front end delivers files;
  // a reply without it still answers.
  const std::string chart_key =
      fmt::format("{}|{}|{}|{}|{}|{}|{}", r.args[0], tf.to_string(), b.close.size(),
                  b.time_ns.back(), b.close.back(), b.high.back(), b.low.back());
  std::optional<Attachment> cached = r.attachments ? charts.find(chart_key) : std::nullopt;
  if (cached) {
    out.attachments.push_back(std::move(*cached));
  } else if (const std::optional<fib::SwingLeg> leg = r.attachments ? last_leg(b) : std::nullopt) {
    chart::ChartOptions options;
    options.symbol = r.args[0];
    options.timeframe = tf.to_string();
    options.subtitle =
        fmt::format("{} · last leg {} {} → {}", kChatSwing, leg->up() ? "up" : "down",
                    chart::format_price(leg->from.price, b.precision),
                    chart::format_price(leg->to.price, b.precision));
    auto chart = chart::render_leg_chart(b.series, *leg, chat_levels(*leg), options);
    if (chart.ok()) {
      out.attachments.push_back(
          {chart::chart_file_name(r.args[0], tf.to_string()), std::string(chart::kPngContentType),
           std::move(chart->png),
           fmt::format("Candlestick chart of {} {} with the Fibonacci levels of the last {} swing "
                       "leg",
                       r.args[0], tf.to_string(), kChatSwing)});
      charts.put(chart_key, out.attachments.back());
    }
  }
  add_cosmic(out.data, r, personas, service, clock);
  return out;
}

Result<HandlerReply> patterns(MarketDataPort& market, const ChatRequest& r,
                              const PersonaLibrary& personas, cosmic::CosmicFactorService& service,
                              const ChatClock& clock) {
  Timeframe tf;
  OMEGA_ASSIGN_OR_RETURN(const Bars b, load(market, r, tf));
  HandlerReply out;
  out.type = MessageType::kPatterns;
  MessageData& d = out.data;
  add_common(d, r, tf, b);
  const std::size_t n = b.close.size();
  const std::size_t from = n > kPatternBars ? n - kPatternBars : 0;
  d.set("bars", std::to_string(n - from));
  const patterns::OhlcSpans bars{b.open, b.high, b.low, b.close};
  std::vector<int> scores(n);
  struct Hit {
    std::size_t bar;
    std::string name;
    int score;
  };
  std::vector<Hit> hits;
  for (patterns::Pattern p : patterns::all_patterns()) {
    patterns::run_pattern(p, bars, scores);
    for (std::size_t i = from; i < n; ++i) {
      if (scores[i] != 0) hits.push_back({i, std::string(patterns::to_string(p)), scores[i]});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& c) { return a.bar > c.bar; });
  if (hits.size() > kMaxPatternHits) hits.resize(kMaxPatternHits);
  for (const Hit& h : hits) {
    const std::string dir = h.score > 0 ? "bullish" : "bearish";
    MessageRow row{{"time", time_text(b.time_ns[h.bar])}, {"pattern", h.name}, {"direction", dir}};
    d.add_row(h.score > 0 ? "bull_hits" : "bear_hits", row);
    d.add_row("hits", std::move(row));
  }
  add_cosmic(d, r, personas, service, clock);
  return out;
}

}  // namespace

void add_cosmic_factors(MessageData& d, const ChatRequest& r, const PersonaLibrary& personas,
                        cosmic::CosmicFactorService& service, const ChatClock& clock) {
  add_cosmic(d, r, personas, service, clock);
}

void register_market_handlers(ChatPipeline& pipeline, MarketDataPort& market,
                              cosmic::CosmicFactorService& cosmic, const ChatClock& clock) {
  const PersonaLibrary& personas = pipeline.personas();
  pipeline.register_handler("analyze", [&market, &personas, &cosmic, clock](const ChatRequest& r) {
    return analyze(market, r, personas, cosmic, clock);
  });
  auto charts = std::make_shared<ChartCache>();
  pipeline.register_handler("fib",
                            [&market, &personas, &cosmic, clock, charts](const ChatRequest& r) {
                              return fib_levels(market, r, personas, cosmic, clock, *charts);
                            });
  pipeline.register_handler("patterns", [&market, &personas, &cosmic, clock](const ChatRequest& r) {
    return patterns(market, r, personas, cosmic, clock);
  });
}

}  // namespace omega::chat

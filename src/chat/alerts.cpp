#include "chat/alerts.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"

namespace omega::chat {
namespace {

constexpr std::string_view kAlertsSetting = "alerts";
constexpr std::size_t kMaxRulesPerUser = 20;
constexpr std::size_t kFibBars = 300;
constexpr std::string_view kForms =
    "price SYMBOL above|below LEVEL, fib SYMBOL [TF], risk PCT or signal [KIND]";

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t s = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > s) out.emplace_back(text.substr(s, i - s));
  }
  return out;
}

Error bad(const std::string& what) {
  return Error(ErrorCode::kInvalidArgument, what + "; an alert is " + std::string(kForms));
}

std::string price_text(double v) {
  return fmt::format("{:.2f}", v);
}

}  // namespace

std::string AlertRule::to_string() const {
  switch (kind) {
    case Kind::kPrice:
      return fmt::format("price {} {} {}", symbol, above ? "above" : "below",
                         level.to_string_trimmed());
    case Kind::kFib:
      return fmt::format("fib {} {}", symbol, timeframe.to_string());
    case Kind::kRisk:
      return fmt::format("risk {}", fmt::format("{:g}", risk_pct));
    case Kind::kSignal:
      return signal_kind.empty() ? "signal" : "signal " + signal_kind;
  }
  return "signal";
}

Result<AlertRule> parse_alert(std::string_view text) {
  const std::vector<std::string> w = words(text);
  if (w.empty()) return bad("the alert is empty");
  AlertRule r;
  const std::string& kind = w[0];
  if (kind == "price") {
    if (w.size() != 4) return bad("'price' takes SYMBOL above|below LEVEL");
    if (auto s = Symbol::parse(w[1]); !s.ok()) return bad("'" + w[1] + "' is not a symbol");
    if (w[2] != "above" && w[2] != "below") return bad("'" + w[2] + "' is not above or below");
    auto level = Price::parse(w[3]);
    if (!level.ok() || !(Price::zero(0) < *level)) return bad("'" + w[3] + "' is not a price");
    r.kind = AlertRule::Kind::kPrice;
    r.symbol = w[1];
    r.above = w[2] == "above";
    r.level = *level;
    return r;
  }
  if (kind == "fib") {
    if (w.size() < 2 || w.size() > 3) return bad("'fib' takes SYMBOL [TF]");
    if (auto s = Symbol::parse(w[1]); !s.ok()) return bad("'" + w[1] + "' is not a symbol");
    r.kind = AlertRule::Kind::kFib;
    r.symbol = w[1];
    if (w.size() == 3) {
      auto tf = Timeframe::parse(w[2]);
      if (!tf.ok()) return bad("'" + w[2] + "' is not a timeframe");
      r.timeframe = *tf;
    }
    return r;
  }
  if (kind == "risk") {
    if (w.size() != 2) return bad("'risk' takes PCT");
    double pct = 0;
    auto [p, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), pct);
    if (ec != std::errc() || p != w[1].data() + w[1].size() || !(pct > 0) || pct > 100) {
      return bad("'" + w[1] + "' is not a percentage between 0 and 100");
    }
    r.kind = AlertRule::Kind::kRisk;
    r.risk_pct = pct;
    return r;
  }
  if (kind == "signal") {
    if (w.size() > 2) return bad("'signal' takes at most one KIND");
    r.kind = AlertRule::Kind::kSignal;
    if (w.size() == 2) r.signal_kind = w[1];
    return r;
  }
  return bad("'" + kind + "' is not a kind of alert");
}

Status AlertBook::load(store::StoreCatalog& catalog) {
  OMEGA_ASSIGN_OR_RETURN(auto settings, catalog.all_settings());
  std::lock_guard lock(mutex_);
  rules_.clear();
  for (const store::SettingEntry& e : settings) {
    if (e.key != kAlertsSetting) continue;
    std::vector<AlertRule>& rules = rules_[e.user_id.value()];
    std::size_t start = 0;
    while (start < e.value.size()) {
      std::size_t end = e.value.find('\n', start);
      if (end == std::string::npos) end = e.value.size();
      const std::string line = e.value.substr(start, end - start);
      start = end + 1;
      const std::size_t sp = line.find(' ');
      if (sp == std::string::npos) continue;
      auto rule = parse_alert(std::string_view(line).substr(sp + 1));
      if (!rule.ok()) {
        return Error(ErrorCode::kParse,
                     fmt::format("alerts of user {}: '{}': {}", e.user_id.value(), line,
                                 rule.error().message()));
      }
      rule->id = std::atoi(line.substr(0, sp).c_str());
      rules.push_back(*rule);
    }
  }
  return ok_status();
}

Status AlertBook::save(const std::string& user, const std::vector<AlertRule>& rules) {
  std::string text;
  for (const AlertRule& r : rules) text += fmt::format("{} {}\n", r.id, r.to_string());
  return settings_->put_setting(store::UserId(user), kAlertsSetting, text);
}

Result<AlertRule> AlertBook::add(std::string_view user, std::string_view text) {
  OMEGA_ASSIGN_OR_RETURN(AlertRule rule, parse_alert(text));
  std::lock_guard lock(mutex_);
  std::vector<AlertRule> rules = rules_[std::string(user)];
  if (rules.size() >= kMaxRulesPerUser) {
    return Error(
        ErrorCode::kOutOfRange,
        fmt::format("you have {} alerts, the most there can be; remove one first", rules.size()));
  }
  int next = 1;
  for (const AlertRule& r : rules) next = std::max(next, r.id + 1);
  rule.id = next;
  rules.push_back(rule);
  OMEGA_TRY(save(std::string(user), rules));  // saved first: memory follows the store
  rules_[std::string(user)] = std::move(rules);
  return rule;
}

Status AlertBook::remove(std::string_view user, int id) {
  std::lock_guard lock(mutex_);
  auto it = rules_.find(user);
  std::vector<AlertRule> rules = it == rules_.end() ? std::vector<AlertRule>{} : it->second;
  const auto before = rules.size();
  std::erase_if(rules, [id](const AlertRule& r) { return r.id == id; });
  if (rules.size() == before) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("you have no alert #{}; /alerts list shows them", id));
  }
  OMEGA_TRY(save(std::string(user), rules));
  rules_[std::string(user)] = std::move(rules);
  return ok_status();
}

std::vector<AlertRule> AlertBook::list(std::string_view user) const {
  std::lock_guard lock(mutex_);
  auto it = rules_.find(user);
  return it == rules_.end() ? std::vector<AlertRule>{} : it->second;
}

std::vector<std::pair<std::string, AlertRule>> AlertBook::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, AlertRule>> out;
  for (const auto& [user, rules] : rules_) {
    for (const AlertRule& r : rules) out.emplace_back(user, r);
  }
  return out;
}

std::vector<Notification> AlertEngine::on_candle(const std::string& symbol, Timeframe tf,
                                                 const Candle& bar,
                                                 const std::vector<Candle>& history) {
  std::vector<Notification> out;
  // Price rules watch the 1m bars: the previous 1m close says which side the price came from.
  std::optional<Price> prev;
  const bool minute = tf == Timeframe::m1();
  if (minute) {
    std::lock_guard lock(mutex_);
    if (auto it = last_close_.find(symbol); it != last_close_.end()) prev = it->second;
    last_close_[symbol] = bar.close;
  }
  const std::string when = std::to_string(bar.open_time.ns());
  // The last swing's retracement levels, computed once per bar when a Fibonacci rule asks.
  std::optional<std::vector<fib::FibLevel>> levels;
  for (const auto& [user, rule] : book_->all()) {
    if (rule.symbol != symbol) continue;
    if (rule.kind == AlertRule::Kind::kPrice && minute && prev) {
      const bool crossed = rule.above ? (*prev < rule.level && rule.level <= bar.high)
                                      : (rule.level < *prev && bar.low <= rule.level);
      if (!crossed) continue;
      out.push_back({NotifyEvent::kAlert, fmt::format("alert:{}:{}:{}", user, rule.id, when),
                     fmt::format("alert #{}: {} crossed {} {} (bar {}–{}, close {})", rule.id,
                                 symbol, rule.above ? "above" : "below",
                                 rule.level.to_string_trimmed(), bar.low.to_string_trimmed(),
                                 bar.high.to_string_trimmed(), bar.close.to_string_trimmed()),
                     user});
    } else if (rule.kind == AlertRule::Kind::kFib && rule.timeframe == tf && history.size() > 10) {
      if (!levels) {
        levels.emplace();
        std::vector<double> hi, lo, cl;
        for (const Candle& c : history) {
          hi.push_back(c.high.to_double());
          lo.push_back(c.low.to_double());
          cl.push_back(c.close.to_double());
        }
        auto spec = fib::parse_swing_spec("zigzag:5%");
        if (spec.ok()) {
          // The swing known before this bar: the touch is of a level drawn in advance.
          hi.pop_back();
          lo.pop_back();
          cl.pop_back();
          const auto swings = fib::detect_swings(*spec, hi, lo, cl);
          const auto legs = fib::swing_legs(swings);
          if (!legs.empty()) {
            for (const fib::FibLevel& l : fib::fib_levels(legs.back(), fib::RatioSet::standard(),
                                                          fib::ExtensionSide::kBeyondEnd)) {
              if (l.kind == fib::LevelKind::kRetracement && l.ratio > 0.3 && l.ratio < 0.9) {
                levels->push_back(l);
              }
            }
          }
        }
      }
      for (const fib::FibLevel& l : *levels) {
        if (bar.low.to_double() <= l.price && l.price <= bar.high.to_double()) {
          out.push_back({NotifyEvent::kAlert,
                         fmt::format("alert:{}:{}:{}:{:.3f}", user, rule.id, when, l.ratio),
                         fmt::format("alert #{}: {} {} touched the {:.3f} level at {} (bar {}–{})",
                                     rule.id, symbol, tf.to_string(), l.ratio, price_text(l.price),
                                     bar.low.to_string_trimmed(), bar.high.to_string_trimmed()),
                         user});
        }
      }
    }
  }
  return out;
}

std::vector<Notification> AlertEngine::on_positions(const std::vector<PositionView>& positions) {
  std::vector<Notification> out;
  for (const auto& [user, rule] : book_->all()) {
    if (rule.kind != AlertRule::Kind::kRisk) continue;
    for (const PositionView& p : positions) {
      if (!p.unrealized || !p.avg_entry || !(*p.unrealized < Money::zero(0))) continue;
      const double entry_value = std::fabs(p.avg_entry->to_double() * p.net_quantity.to_double());
      if (entry_value <= 0) continue;
      const double loss_pct = -p.unrealized->to_double() / entry_value * 100.0;
      if (loss_pct < rule.risk_pct) continue;
      out.push_back(
          {NotifyEvent::kAlert,
           fmt::format("alert:{}:{}:{}:{}", user, rule.id, p.bot_id, p.symbol.to_string()),
           fmt::format("alert #{}: {} {} is {:.2f}% under water ({}), past your {:g}%", rule.id,
                       p.bot_id, p.symbol.to_string(), loss_pct, money_text(*p.unrealized),
                       rule.risk_pct),
           user});
    }
  }
  return out;
}

std::vector<Notification> AlertEngine::on_signal(const store::SignalRecord& signal) {
  std::vector<Notification> out;
  for (const auto& [user, rule] : book_->all()) {
    if (rule.kind != AlertRule::Kind::kSignal) continue;
    if (!rule.signal_kind.empty() && rule.signal_kind != signal.kind) continue;
    out.push_back({NotifyEvent::kAlert,
                   fmt::format("alert:{}:{}:{}:{}:{}", user, rule.id, signal.bot_id.value(),
                               signal.kind, signal.ts.ns()),
                   fmt::format("alert #{}: {} signalled {} on {}", rule.id, signal.bot_id.value(),
                               signal.kind, signal.symbol.to_string()),
                   user});
  }
  return out;
}

Result<std::vector<Notification>> AlertEngine::poll_candles(store::CandleStore& candles) {
  std::map<std::string, std::pair<std::string, Timeframe>> watched;  // "symbol|tf"
  for (const auto& [user, rule] : book_->all()) {
    const Timeframe tf = rule.kind == AlertRule::Kind::kFib ? rule.timeframe : Timeframe::m1();
    if (rule.kind == AlertRule::Kind::kPrice || rule.kind == AlertRule::Kind::kFib) {
      watched[rule.symbol + "|" + tf.to_string()] = {rule.symbol, tf};
    }
  }
  std::vector<Notification> out;
  for (const auto& [key, watch] : watched) {
    const auto& [symbol_text, tf] = watch;
    auto symbol = Symbol::parse(symbol_text);
    if (!symbol.ok()) continue;
    OMEGA_ASSIGN_OR_RETURN(auto latest, candles.latest_candle(*symbol, tf));
    if (!latest) continue;
    std::optional<Timestamp> seen;
    {
      std::lock_guard lock(mutex_);
      if (auto it = last_bar_.find(key); it != last_bar_.end()) seen = it->second;
      last_bar_[key] = latest->open_time;
      if (!seen && tf == Timeframe::m1()) last_close_[symbol_text] = latest->close;
    }
    if (!seen || !(*seen < latest->open_time)) continue;
    // Every bar since the last look, in order, each with the history it had.
    const Timestamp from = latest->open_time - tf.duration() * static_cast<std::int64_t>(kFibBars);
    OMEGA_ASSIGN_OR_RETURN(auto bars,
                           candles.candles(*symbol, tf, from, latest->open_time + Duration(1)));
    std::vector<Candle> history;
    for (const Candle& c : bars) {
      history.push_back(c);
      if (!(*seen < c.open_time)) continue;
      auto n = on_candle(symbol_text, tf, c, history);
      out.insert(out.end(), n.begin(), n.end());
    }
  }
  return out;
}

}  // namespace omega::chat

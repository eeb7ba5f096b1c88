// Provides alert rules (price crosses a level, touch of a Fibonacci level, position risk,
// signals), AlertBook (every user's rules, persisted in the user settings "alerts") and
// AlertEngine, which evaluates them on incoming candles, positions and signals and returns the
// notifications to route.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/farm_state.hpp"
#include "chat/notification_router.hpp"
#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "model/candle.hpp"
#include "store/store.hpp"

namespace omega::chat {

// One rule. Text forms (what /alerts add takes):
//   price SYMBOL above|below LEVEL   the price crosses LEVEL (from the other side)
//   fib SYMBOL [TF]                  a bar touches a retracement level (0.382, 0.5, 0.618,
//                                    0.786) of the last 5% swing on TF (default 1h)
//   risk PCT                         a position's open loss reaches PCT % of its entry value
//   signal [KIND]                    a bot publishes a signal (of KIND, or any)
struct AlertRule {
  enum class Kind : std::uint8_t { kPrice, kFib, kRisk, kSignal };
  int id = 0;  // per user, from 1
  Kind kind = Kind::kPrice;
  std::string symbol;
  Timeframe timeframe = Timeframe::h1();
  bool above = true;
  Price level;
  double risk_pct = 0;
  std::string signal_kind;  // "" = any

  // Returns the rule in its text form (parse_alert reads it back).
  std::string to_string() const;
};

// Parses a rule's text form; the error names the word that is wrong and shows the forms.
Result<AlertRule> parse_alert(std::string_view text);

// Every user's rules, loaded from and saved to the user setting "alerts" (one rule per line,
// "ID TEXT"). Thread-safe.
class AlertBook {
 public:
  explicit AlertBook(store::SettingsStore& settings) : settings_(&settings) {}

  // Loads every user's rules from the store (at start).
  Status load(store::StoreCatalog& catalog);
  // Adds a rule for `user` and saves; returns it with its id. At most 20 rules per user.
  Result<AlertRule> add(std::string_view user, std::string_view text);
  // Removes rule `id` of `user` and saves; kNotFound when there is none.
  Status remove(std::string_view user, int id);
  // Returns `user`'s rules by id.
  std::vector<AlertRule> list(std::string_view user) const;
  // Returns every (user, rule).
  std::vector<std::pair<std::string, AlertRule>> all() const;

 private:
  Status save(const std::string& user, const std::vector<AlertRule>& rules);

  store::SettingsStore* settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<AlertRule>, std::less<>> rules_;
};

// Evaluates the rules. Keeps the previous close per symbol (for crossings) and the bars already
// seen, so each bar is judged once.
class AlertEngine {
 public:
  explicit AlertEngine(const AlertBook& book) : book_(&book) {}

  // A closed bar of `symbol` (`history`: recent bars of the rule's timeframe, oldest first,
  // ending with `bar`, for Fibonacci rules; may be empty for price rules).
  std::vector<Notification> on_candle(const std::string& symbol, Timeframe tf, const Candle& bar,
                                      const std::vector<Candle>& history);
  // The open positions now.
  std::vector<Notification> on_positions(const std::vector<PositionView>& positions);
  // A signal a bot published.
  std::vector<Notification> on_signal(const store::SignalRecord& signal);

  // Reads the newest bars of every symbol a price or Fibonacci rule watches from `candles` and
  // evaluates the new ones; the first look at a series only remembers its last close.
  Result<std::vector<Notification>> poll_candles(store::CandleStore& candles);

 private:
  const AlertBook* book_;
  std::mutex mutex_;
  std::map<std::string, Price> last_close_;    // symbol
  std::map<std::string, Timestamp> last_bar_;  // symbol|tf
};

}  // namespace omega::chat

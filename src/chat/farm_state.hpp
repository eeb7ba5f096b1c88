// Provides FarmStatePort, what the chat knows about the running farm (bots and their states,
// positions, open orders, balances, performance, risk), and StoreFarmState, which reads it from
// the store every process of the farm writes: the ledger, position snapshots, bot state, metric
// series and candles. Money is exact (fixed point) up to the reply text.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "model/fixed_point.hpp"
#include "store/records.hpp"
#include "store/store.hpp"

namespace omega::chat {

// The bot id under which farm-wide state lives in the BotStateStore (halt, kill switch, initial
// balances, risk limits); no bot may use it.
inline constexpr std::string_view kFarmStateBot = "farm";

// State keys (docs/chat.md, "Farm state in the store").
namespace farm_keys {
inline constexpr std::string_view kRunState = "run_state";       // per bot: running|paused|stopped
inline constexpr std::string_view kKind = "kind";                // per bot: strategy kind
inline constexpr std::string_view kHalted = "halted";            // farm: "true" | "false"
inline constexpr std::string_view kHaltReason = "halt_reason";   // farm: who and why
inline constexpr std::string_view kKillSwitch = "kill_switch";   // farm: "true" when tripped
inline constexpr std::string_view kInitial = "account.initial";  // farm: "USDT=10000 BTC=0.5"
inline constexpr std::string_view kLimits = "risk.limits";       // farm: "max_leverage=3 ..."
}  // namespace farm_keys

// The metric series of the account's equity (for drawdowns); one point per bar or so.
inline constexpr std::string_view kEquityMetric = "equity";

// One bot as /status shows it.
struct BotStatus {
  std::string bot_id;
  std::string run_state;  // "running", "paused", "stopped", or "unknown" when never written
  std::string kind;
  int open_positions = 0;
  int open_orders = 0;
  std::int64_t fills = 0;
  std::optional<Timestamp> last_fill;
};

// The farm as /status shows it.
struct FarmStatus {
  std::vector<BotStatus> bots;  // by id
  bool halted = false;
  std::string halt_reason;
  bool kill_switch = false;
};

// One open position with its average entry, mark and unrealised PnL (in the quote currency).
struct PositionView {
  std::string bot_id;
  Symbol symbol;
  Quantity net_quantity;
  std::optional<Price> avg_entry;
  std::optional<Price> mark;        // the close of the newest stored candle
  std::optional<Money> notional;    // |net| * mark
  std::optional<Money> unrealized;  // (mark - entry) * net
};

// One currency's cash and, when marks are known, the account's equity in the quote currency.
struct BalanceLine {
  std::string currency;
  Money amount;
};

struct BalanceView {
  std::vector<BalanceLine> cash;  // initial balances plus every fill's cash flow, by currency
  std::string quote;              // the currency equity is given in ("" when unknown)
  std::optional<Money> equity;    // quote cash + spot holdings and contract PnL at marks
  std::optional<Money> unrealized;
};

// PnL and statistics of one bot (or all) over a period.
struct PerformanceView {
  std::string bot;     // "" = every bot
  std::string period;  // "1d", "7d", "30d", "all"
  Money realized;      // closed PnL in the period, before fees
  Money fees;
  Money net;  // realized - fees
  std::int64_t fills = 0;
  std::int64_t closes = 0;                 // fills that reduced a position
  std::int64_t wins = 0;                   // closes with a positive realized PnL
  Money volume;                            // traded notional
  std::optional<double> max_drawdown_pct;  // from the equity metric series, when recorded
};

// One position's share of the exposure.
struct ExposureLine {
  std::string bot_id;
  std::string symbol;
  Money notional;
  double share_pct = 0;  // of the gross exposure
};

// Exposure and risk state as /risk shows it.
struct RiskView {
  std::vector<ExposureLine> exposures;  // largest first
  Money gross;
  std::optional<Money> equity;
  std::optional<double> leverage;  // gross / equity
  bool halted = false;
  std::string halt_reason;
  bool kill_switch = false;
  std::string limits;  // as written by the engine, e.g. "max_leverage=3 max_daily_loss=500"
  std::int64_t denials_24h = 0;
};

// What the chat reads about the farm. Implementations must be safe to call from the pipeline
// thread while the farm writes.
class FarmStatePort {
 public:
  virtual ~FarmStatePort() = default;
  virtual Result<FarmStatus> status() = 0;
  virtual Result<std::vector<PositionView>> positions() = 0;
  virtual Result<std::vector<store::OrderRecord>> open_orders() = 0;
  virtual Result<BalanceView> balance() = 0;
  // `bot` "" = all bots; `period` one of 1d, 7d, 30d, all; `now` ends the period.
  virtual Result<PerformanceView> performance(std::string_view bot, std::string_view period,
                                              Timestamp now) = 0;
  virtual Result<RiskView> risk(Timestamp now) = 0;
};

// How StoreFarmState uses the ledger.
enum class LedgerCaching : std::uint8_t {
  // Keeps what it derived from the ledger (average-cost books, cash flows, per-fill PnL, open
  // orders, denials) and, when Store::ledger_version says the ledger changed, reads only the new
  // fills (Store::fills_since) and the orders again. Every answer is still as fresh as the store.
  kIncremental,
  // Reads every fill and order for every answer: the reference the incremental answers are
  // tested against.
  kRecompute,
};

// Reads the farm state from a store (SQLite or Redis). Bot state, marks and the equity series
// are read for every answer; the ledger is read again only when it changed. Thread-safe.
class StoreFarmState final : public FarmStatePort {
 public:
  explicit StoreFarmState(store::Store& store, LedgerCaching caching = LedgerCaching::kIncremental);
  ~StoreFarmState() override;
  Result<FarmStatus> status() override;
  Result<std::vector<PositionView>> positions() override;
  Result<std::vector<store::OrderRecord>> open_orders() override;
  Result<BalanceView> balance() override;
  Result<PerformanceView> performance(std::string_view bot, std::string_view period,
                                      Timestamp now) override;
  Result<RiskView> risk(Timestamp now) override;

  // How often the ledger was read from its start (a first answer, a recompute, a store whose
  // ledger did not match what was kept) and how often only its new fills were read.
  std::int64_t full_reads() const { return full_reads_.load(); }
  std::int64_t incremental_reads() const { return incremental_reads_.load(); }

 private:
  struct Ledger;
  using Marks = std::map<std::string, std::optional<Price>>;

  Result<std::optional<Price>> mark(const Symbol& symbol, Marks& memo);
  Result<std::string> farm_value(std::string_view key);
  // Brings ledger_ up to date with the store; call with mutex_ held.
  Status refresh();
  Result<std::vector<PositionView>> positions_locked(Marks& marks);
  Result<BalanceView> balance_locked(const std::vector<PositionView>& views);

  store::Store* store_;
  LedgerCaching caching_;
  std::mutex mutex_;
  std::unique_ptr<Ledger> ledger_;
  std::atomic<std::int64_t> full_reads_{0};
  std::atomic<std::int64_t> incremental_reads_{0};
};

// Writes one bot state value whatever its version (read, then compare-and-set, retried when
// another writer got there first).
Status put_state(store::BotStateStore& states, std::string_view bot, std::string_view key,
                 std::string_view value);

// Returns true for orders still working on the venue (submitted, accepted, triggered, partially
// filled, pending cancel).
bool is_open(OrderStatus status);

// Formats money for a reply: two decimals (rounded half up), a thousands separator-free text.
std::string money_text(const Money& m, int decimals = 2);

}  // namespace omega::chat
